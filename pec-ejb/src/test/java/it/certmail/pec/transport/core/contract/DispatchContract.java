package it.certmail.pec.transport.core.contract;

import static it.certmail.pec.transport.core.contract.ContractMessages.T0;
import static it.certmail.pec.transport.core.contract.ContractMessages.mime;
import static it.certmail.pec.transport.core.contract.ContractMessages.read;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.mail.internet.MimeMessage;

import org.junit.jupiter.api.Test;

import it.certmail.pec.blob.domain.BlobRef;
import it.certmail.pec.transport.core.Dispatch;
import it.certmail.pec.transport.core.ReceptionWork;
import it.certmail.pec.transport.core.contract.PortsUnderTest.DeliveryRow;
import it.certmail.pec.transport.model.DeliveryStatus;
import it.certmail.pec.transport.model.WorkQueue;
import it.certmail.pec.transport.queue.WorkQueue.Work;

/**
 * What the access point relies on from {@link Dispatch}: a composed message is stored once, exactly as composed,
 * queued once for our own reception point (every recipient in our domains, marked as our access point's) and, for
 * the relay, one delivery row per recipient in another domain (ADR 0003: queued, due at once, its domain in lower
 * case, the 24 h limit fixed, no transmission yet); each piece of work and each row holds a reference of its own and
 * the caller none; nothing is queued or kept when the step rolls back.
 */
public interface DispatchContract {

    String MARIO = "mario@" + PortsUnderTest.OUR_DOMAIN;

    PortsUnderTest ports();

    @Test
    default void aMessageShouldBeStoredOnceAndQueuedForUsAndOnceForEachOtherRecipient() throws Exception {
        PortsUnderTest ports = ports();
        MimeMessage message = mime("busta di trasporto");
        List<String> rcpts = List.of("anna@" + PortsUnderTest.OUR_DOMAIN, "c1@" + PortsUnderTest.OTHER_DOMAIN,
                "bea@" + PortsUnderTest.OUR_DOMAIN, "d@" + PortsUnderTest.THIRD_DOMAIN,
                "c2@" + PortsUnderTest.OTHER_DOMAIN);

        BlobRef blob = ports.inStep(p -> p.dispatch().dispatch(message, MARIO, rcpts, T0));

        assertThat(ports.queued()).extracting(Work::queue, Work::target, Work::recipients, Work::mailFrom, Work::blobId)
                .containsExactly(tuple(WorkQueue.RECEPTION, ReceptionWork.OWN_ACCESS_POINT,
                        List.of("anna@" + PortsUnderTest.OUR_DOMAIN, "bea@" + PortsUnderTest.OUR_DOMAIN), MARIO,
                        blob.id()));
        Instant limit = T0.plus(Duration.ofHours(24));
        assertThat(ports.deliveries()).extracting(DeliveryRow::pecMsgid, DeliveryRow::recipient,
                        DeliveryRow::status, DeliveryRow::domain, DeliveryRow::blobId, DeliveryRow::mailFrom,
                        DeliveryRow::attempts, DeliveryRow::nextAttemptAt, DeliveryRow::expireAt)
                .containsExactlyInAnyOrder(
                        tuple(null, "c1@" + PortsUnderTest.OTHER_DOMAIN, DeliveryStatus.QUEUED,
                                PortsUnderTest.OTHER_DOMAIN, blob.id(), MARIO, 0, T0, limit),
                        tuple(null, "d@" + PortsUnderTest.THIRD_DOMAIN, DeliveryStatus.QUEUED,
                                PortsUnderTest.THIRD_DOMAIN, blob.id(), MARIO, 0, T0, limit),
                        tuple(null, "c2@" + PortsUnderTest.OTHER_DOMAIN, DeliveryStatus.QUEUED,
                                PortsUnderTest.OTHER_DOMAIN, blob.id(), MARIO, 0, T0, limit));
        assertThat(ports.references(blob.id())).as("one per piece of work and per row, none for the caller")
                .isEqualTo(4);
        byte[] composed = ContractMessages.bytes(message);
        assertThat(ports.<byte[]>inStep(p -> read(p.blobs(), blob.id()))).isEqualTo(composed);
        assertThat(blob.size()).isEqualTo(composed.length);
    }

    @Test
    default void recipientsOfOneDomainInAnyCaseShouldBeRowsOfThatOneDomain() throws Exception {
        PortsUnderTest ports = ports();

        BlobRef blob = ports.inStep(p -> p.dispatch().dispatch(mime("maiuscole"), MARIO,
                List.of("C1@PEC.Altro.TEST", "c2@pec.altro.test", "Anna@PEC.Nostro.Test"), T0));

        assertThat(ports.deliveries()).extracting(DeliveryRow::recipient, DeliveryRow::domain)
                .containsExactlyInAnyOrder(tuple("C1@PEC.Altro.TEST", PortsUnderTest.OTHER_DOMAIN),
                        tuple("c2@pec.altro.test", PortsUnderTest.OTHER_DOMAIN));
        assertThat(ports.queued()).extracting(Work::queue, Work::target, Work::recipients).containsExactly(
                tuple(WorkQueue.RECEPTION, ReceptionWork.OWN_ACCESS_POINT, List.of("Anna@PEC.Nostro.Test")));
        assertThat(ports.references(blob.id())).isEqualTo(3);
    }

    @Test
    default void aMessageForOtherProvidersOnlyShouldNotGoToOurReceptionPoint() throws Exception {
        PortsUnderTest ports = ports();

        BlobRef blob = ports.inStep(p -> p.dispatch().dispatch(mime("solo fuori"), MARIO,
                List.of("c1@" + PortsUnderTest.OTHER_DOMAIN), T0));

        assertThat(ports.queued()).isEmpty();
        assertThat(ports.deliveries()).singleElement().satisfies(d -> {
            assertThat(d.status()).isEqualTo(DeliveryStatus.QUEUED);
            assertThat(d.domain()).isEqualTo(PortsUnderTest.OTHER_DOMAIN);
            assertThat(d.blobId()).isEqualTo(blob.id());
        });
        assertThat(ports.references(blob.id())).as("the stored reference went to the row").isEqualTo(1);
    }

    @Test
    default void aDomainOfOursCreatedWhileRunningShouldGoToOurReceptionPoint() throws Exception {
        PortsUnderTest ports = ports();
        ports.addLocalDomain("pec.nuovo.test");

        ports.inStep(p -> p.dispatch().dispatch(mime("dominio nuovo"), MARIO, List.of("zoe@pec.nuovo.test"), T0));

        assertThat(ports.queued()).extracting(Work::queue, Work::target)
                .containsExactly(tuple(WorkQueue.RECEPTION, ReceptionWork.OWN_ACCESS_POINT));
        assertThat(ports.deliveries()).isEmpty();
    }

    @Test
    default void nothingShouldBeQueuedOrKeptWhenTheStepRollsBack() throws Exception {
        PortsUnderTest ports = ports();
        AtomicLong blob = new AtomicLong();

        ports.rolledBack(p -> {
            blob.set(p.dispatch().dispatch(mime("annullata"), MARIO,
                    List.of("anna@" + PortsUnderTest.OUR_DOMAIN, "c1@" + PortsUnderTest.OTHER_DOMAIN), T0).id());
            return null;
        });

        assertThat(ports.queued()).isEmpty();
        assertThat(ports.deliveries()).isEmpty();
        assertThat(ports.references(blob.get())).isZero();
    }
}
