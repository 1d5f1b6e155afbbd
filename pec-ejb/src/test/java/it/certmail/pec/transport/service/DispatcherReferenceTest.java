package it.certmail.pec.transport.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.Proxy;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import jakarta.persistence.EntityManager;

import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import it.certmail.pec.blob.domain.BlobRef;
import it.certmail.pec.blob.infra.BlobStore;
import it.certmail.pec.testsupport.TestTransactionRegistry;
import it.certmail.pec.transport.model.Delivery;
import it.certmail.pec.transport.model.DeliveryStatus;
import it.certmail.pec.transport.model.WorkItem;
import it.certmail.pec.transport.model.WorkQueue;

/**
 * The reference the store gives a dispatched message goes to the first holder persisted, a work item for our
 * reception point or a delivery row for the relay (none taken for it, none dropped); every further holder (one row
 * per recipient in another domain, ADR 0003) takes its own; it is released only if no holder took it, and never
 * twice.
 */
class DispatcherReferenceTest {

    private static final Instant NOW = Instant.parse("2026-12-06T10:00:00Z");
    private static final BlobRef BLOB = new BlobRef(7, "sha", 10);

    /** The work items and delivery rows persisted, in order. */
    private final List<Object> persisted = new ArrayList<>();
    private final List<Long> retained = new ArrayList<>();
    private final List<Long> released = new ArrayList<>();
    private int failAtHolder = -1;
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
                hold(item);
            }
        };
        // the delivery rows are persisted through the entity manager; nothing else of it is used
        dispatcher.em = (EntityManager) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {EntityManager.class}, (proxy, method, args) -> {
                    if (method.getName().equals("persist")) {
                        hold(args[0]);
                        return null;
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
        dispatcher.synchronizations = new TestTransactionRegistry();
        dispatcher.signal = new WorkSignal();
    }

    private void hold(Object holder) {
        if (persisted.size() == failAtHolder) {
            throw new IllegalStateException("the database went away");
        }
        persisted.add(holder);
    }

    private static MimeMessage message() {
        return new MimeMessage(Session.getInstance(new Properties()));
    }

    @Test
    void aLocalMessageShouldHandItsReferenceToItsOneWorkItem() {
        dispatcher.dispatch(message(), "mario@pec.example.it", List.of("anna@pec.example.it"), NOW);

        assertThat(persisted).singleElement()
                .satisfies(w -> assertThat(((WorkItem) w).getQueue()).isEqualTo(WorkQueue.RECEPTION));
        assertThat(retained).isEmpty();
        assertThat(released).isEmpty();
    }

    @Test
    void aMessageForAnotherDomainOnlyShouldHandItsReferenceToItsFirstRow() {
        dispatcher.dispatch(message(), "mario@pec.example.it", List.of("x@pec.altro.it", "z@pec.altro.it"), NOW);

        assertThat(persisted).extracting(d -> ((Delivery) d).getRecipient()).containsExactly("x@pec.altro.it",
                "z@pec.altro.it");
        assertThat(persisted).allSatisfy(d -> {
            assertThat(((Delivery) d).getStatus()).isEqualTo(DeliveryStatus.QUEUED);
            assertThat(((Delivery) d).getBlobId()).isEqualTo(7L);
            assertThat(((Delivery) d).getDomain()).isEqualTo("pec.altro.it");
        });
        // two rows, two references: the stored one and one taken
        assertThat(retained).containsExactly(7L);
        assertThat(released).isEmpty();
    }

    @Test
    void furtherHoldersShouldTakeTheirOwnOneRowPerRemoteRecipient() {
        dispatcher.dispatch(message(), "mario@pec.example.it",
                List.of("anna@pec.example.it", "x@pec.altro.it", "y@pec.terzo.it", "z@pec.altro.it"), NOW);

        assertThat(persisted.get(0)).isInstanceOfSatisfying(WorkItem.class,
                w -> assertThat(w.getQueue()).isEqualTo(WorkQueue.RECEPTION));
        assertThat(persisted.subList(1, persisted.size())).extracting(d -> ((Delivery) d).getRecipient())
                .containsExactlyInAnyOrder("x@pec.altro.it", "y@pec.terzo.it", "z@pec.altro.it");
        // four holders, four references: the stored one and three taken
        assertThat(retained).containsExactly(7L, 7L, 7L);
        assertThat(released).isEmpty();
    }

    @Test
    void aFailureBeforeAnyHolderShouldReleaseTheReferenceAndOneAfterShouldNot() {
        failAtHolder = 0;
        assertThatThrownBy(() -> dispatcher.dispatch(message(), "mario@pec.example.it",
                List.of("anna@pec.example.it"), NOW)).isInstanceOf(IllegalStateException.class);
        assertThat(released).containsExactly(7L);

        released.clear();
        assertThatThrownBy(() -> dispatcher.dispatch(message(), "mario@pec.example.it",
                List.of("x@pec.altro.it"), NOW)).isInstanceOf(IllegalStateException.class);
        assertThat(released).as("the row that failed holds nothing").containsExactly(7L);

        released.clear();
        failAtHolder = 1;
        assertThatThrownBy(() -> dispatcher.dispatch(message(), "mario@pec.example.it",
                List.of("anna@pec.example.it", "x@pec.altro.it"), NOW)).isInstanceOf(IllegalStateException.class);
        // the first holder has it: released here too it would be dropped twice
        assertThat(released).isEmpty();

        persisted.clear();
        assertThatThrownBy(() -> dispatcher.dispatch(message(), "mario@pec.example.it",
                List.of("x@pec.altro.it", "z@pec.altro.it"), NOW)).isInstanceOf(IllegalStateException.class);
        assertThat(released).isEmpty();
    }
}
