package it.certmail.pec.transport.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;

import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import it.certmail.pec.blob.domain.BlobRef;
import it.certmail.pec.blob.infra.BlobStore;
import it.certmail.pec.transport.model.WorkItem;
import it.certmail.pec.transport.model.WorkQueue;

/**
 * The reference the store gives a dispatched message goes to the first work item queued (none taken for it, none
 * dropped); every further item takes its own; it is released only if no item took it, and never twice.
 */
class DispatcherReferenceTest {

    private static final Instant NOW = Instant.parse("2026-12-06T10:00:00Z");
    private static final BlobRef BLOB = new BlobRef(7, "sha", 10);

    private final List<WorkItem> persisted = new ArrayList<>();
    private final List<Long> retained = new ArrayList<>();
    private final List<Long> released = new ArrayList<>();
    private int failAtItem = -1;
    private Dispatcher dispatcher;

    @BeforeEach
    void setUp() {
        BlobStore blobs = new BlobStore(new JdbcDataSource(), Clock.fixed(NOW, ZoneOffset.UTC)) {
            @Override
            public void retain(long blobId) {
                retained.add(blobId);
            }

            @Override
            public boolean release(long blobId) {
                released.add(blobId);
                return false;
            }
        };
        dispatcher = new Dispatcher() {
            @Override
            public BlobRef store(MimeMessage message) {
                return BLOB;
            }

            @Override
            public BlobStore blobs() {
                return blobs;
            }

            @Override
            public boolean isLocalDomain(String domain) {
                return domain.equals("pec.example.it");
            }

            @Override
            void persist(WorkItem item) {
                if (persisted.size() == failAtItem) {
                    throw new IllegalStateException("the database went away");
                }
                persisted.add(item);
            }
        };
    }

    private static MimeMessage message() {
        return new MimeMessage(Session.getInstance(new Properties()));
    }

    @Test
    void aLocalMessageShouldHandItsReferenceToItsOneWorkItem() {
        dispatcher.dispatch(message(), "mario@pec.example.it", List.of("anna@pec.example.it"), NOW);

        assertThat(persisted).singleElement().satisfies(w -> assertThat(w.getQueue()).isEqualTo(WorkQueue.RECEPTION));
        assertThat(retained).isEmpty();
        assertThat(released).isEmpty();
    }

    @Test
    void furtherWorkItemsShouldTakeTheirOwn() {
        dispatcher.dispatch(message(), "mario@pec.example.it",
                List.of("anna@pec.example.it", "x@pec.altro.it", "y@pec.terzo.it"), NOW);

        assertThat(persisted).extracting(WorkItem::getQueue)
                .containsExactly(WorkQueue.RECEPTION, WorkQueue.RELAY, WorkQueue.RELAY);
        // three items, three references: the stored one and two taken
        assertThat(retained).containsExactly(7L, 7L);
        assertThat(released).isEmpty();
    }

    @Test
    void aFailureBeforeAnyItemShouldReleaseTheReferenceAndOneAfterShouldNot() {
        failAtItem = 0;
        assertThatThrownBy(() -> dispatcher.dispatch(message(), "mario@pec.example.it",
                List.of("anna@pec.example.it"), NOW)).isInstanceOf(IllegalStateException.class);
        assertThat(released).containsExactly(7L);

        released.clear();
        failAtItem = 1;
        assertThatThrownBy(() -> dispatcher.dispatch(message(), "mario@pec.example.it",
                List.of("anna@pec.example.it", "x@pec.altro.it"), NOW)).isInstanceOf(IllegalStateException.class);
        // the first item holds it: released here too it would be dropped twice
        assertThat(released).isEmpty();
    }
}
