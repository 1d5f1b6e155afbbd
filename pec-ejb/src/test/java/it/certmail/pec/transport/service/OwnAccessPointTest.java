package it.certmail.pec.transport.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import it.certmail.pec.blob.domain.BlobRef;
import it.certmail.pec.transport.model.WorkItem;
import it.certmail.pec.transport.model.WorkQueue;

/**
 * Which reception work the reception point may take as our own (its signature not verified again): only what our
 * access point queued, never what came in over SMTP, whatever the peer wrote.
 */
class OwnAccessPointTest {

    private static final Instant NOW = Instant.parse("2026-12-06T10:00:00Z");

    @Test
    void workQueuedByOurAccessPointShouldBeOurs() {
        WorkItem[] queued = new WorkItem[1];
        Dispatcher dispatcher = new Dispatcher() {
            @Override
            public boolean isLocalDomain(String domain) {
                return domain.equals("pec.example.it");
            }

            @Override
            void enqueue(WorkItem item) {
                queued[0] = item;
            }
        };
        dispatcher.queue(new BlobRef(1, "sha", 10), "mario@pec.example.it", List.of("anna@pec.example.it"), NOW);
        assertThat(Dispatcher.fromOwnAccessPoint(queued[0])).isTrue();
    }

    @Test
    void workReceivedOverSmtpShouldNeverBeOurs() {
        WorkItem received = new WorkItem(WorkQueue.RECEPTION, 1, "x@pec.altro.it", List.of("anna@pec.example.it"),
                "192.0.2.7", true, NOW, NOW.plusSeconds(60));
        WorkItem relayed = new WorkItem(WorkQueue.RELAY, 1, "x@pec.example.it", List.of("anna@pec.altro.it"),
                Dispatcher.OWN_ACCESS_POINT, true, NOW, NOW.plusSeconds(60));
        assertThat(Dispatcher.fromOwnAccessPoint(received)).isFalse();
        assertThat(Dispatcher.fromOwnAccessPoint(relayed)).isFalse();
    }

    @Test
    void anSmtpClientShouldNotBeQueuedUnderOurAccessPointsName() {
        Dispatcher dispatcher = new Dispatcher() {
            @Override
            void enqueue(WorkItem item) {
            }
        };
        assertThatThrownBy(() -> dispatcher.queueForReception(new BlobRef(1, "sha", 10), "x@pec.altro.it",
                List.of("anna@pec.example.it"), "LOCAL", false, NOW)).isInstanceOf(IllegalArgumentException.class);
    }
}
