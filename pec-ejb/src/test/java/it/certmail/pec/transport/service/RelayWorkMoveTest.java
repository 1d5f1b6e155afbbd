package it.certmail.pec.transport.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import jakarta.persistence.Persistence;

import org.flywaydb.core.Flyway;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import it.certmail.pec.blob.domain.BlobRef;
import it.certmail.pec.blob.infra.BlobStore;
import it.certmail.pec.transport.model.Delivery;
import it.certmail.pec.transport.model.DeliveryStatus;
import it.certmail.pec.transport.model.Transmission;
import it.certmail.pec.transport.model.WorkItem;
import it.certmail.pec.transport.model.WorkQueue;
import it.certmail.pec.transport.model.WorkState;

/**
 * An upgrade with relay work pending: the work items of a release before the delivery rows (ADR 0003) become the
 * rows of their recipients at start-up, with their state, and the blob keeps one reference per row; nothing is
 * offered twice (the item ends DONE) and nothing is lost.
 */
class RelayWorkMoveTest {

    private static final Instant T0 = Instant.parse("2026-12-07T08:00:00Z");

    private EntityManagerFactory emf;
    private BlobStore blobs;
    private WorkQueueService service;

    @BeforeEach
    void setUp() {
        String url = "jdbc:h2:mem:relay-move-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";
        Flyway.configure().dataSource(url, "sa", "").load().migrate();
        emf = Persistence.createEntityManagerFactory("pec-test", Map.of("jakarta.persistence.jdbc.driver",
                "org.h2.Driver", "jakarta.persistence.jdbc.url", url, "jakarta.persistence.jdbc.user", "sa",
                "jakarta.persistence.jdbc.password", ""));
        JdbcDataSource ds = new JdbcDataSource();
        ds.setURL(url);
        ds.setUser("sa");
        blobs = new BlobStore(ds, Clock.fixed(T0, ZoneOffset.UTC));
        service = new WorkQueueService();
        service.clock = Clock.fixed(T0.plus(Duration.ofHours(1)), ZoneOffset.UTC);
        service.dispatcher = new Dispatcher() {
            @Override
            public BlobStore blobs() {
                return blobs;
            }
        };
    }

    @AfterEach
    void close() {
        emf.close();
    }

    @Test
    void pendingRelayItemsShouldBecomeTheRowsOfTheirRecipientsWithOneReferenceEach() throws Exception {
        BlobRef envelope = blobs.store(new ByteArrayInputStream("Subject: x\r\n\r\nbody\r\n"
                .getBytes(StandardCharsets.US_ASCII)));
        BlobRef receipt = blobs.store(new ByteArrayInputStream("Subject: y\r\n\r\nbody\r\n"
                .getBytes(StandardCharsets.US_ASCII)));
        long envelopeItem = inTransaction(em -> {
            Transmission t = new Transmission("opec.1@pec.a.test", "<c@x>", "mario@a.test", "x", T0, envelope.id(),
                    new byte[] {1});
            em.persist(t);
            em.persist(Delivery.local(t, "anna@b.test", true, T0, T0.plus(Duration.ofHours(12))));
            em.persist(Delivery.local(t, "luca@a.test", true, T0, T0.plus(Duration.ofHours(12))));
            WorkItem item = new WorkItem(WorkQueue.RELAY, envelope.id(), "mario@a.test", List.of("anna@b.test"),
                    "b.test", false, T0, T0.plus(Duration.ofHours(24)));
            item.retryAt(T0.plus(Duration.ofMinutes(5)), "451 try later");
            em.persist(item);
            return item.getId();
        });
        long receiptItem = inTransaction(em -> {
            // a presa in carico for another provider's user, two recipients, held by an operator's rule
            WorkItem item = new WorkItem(WorkQueue.RELAY, receipt.id(), "posta-certificata@pec.a.test",
                    List.of("x@c.test", "y@c.test"), "c.test", false, T0, T0.plus(Duration.ofHours(24)));
            item.hold("a bug");
            em.persist(item);
            return item.getId();
        });

        int moved = inTransaction(em -> {
            service.em = em;
            return service.moveRelayWorkToDeliveries();
        });

        assertThat(moved).isEqualTo(2);
        inTransaction(em -> {
            assertThat(em.find(WorkItem.class, envelopeItem).getState()).isEqualTo(WorkState.DONE);
            assertThat(em.find(WorkItem.class, receiptItem).getState()).isEqualTo(WorkState.DONE);
            List<Delivery> rows = em.createQuery("SELECT d FROM Delivery d ORDER BY d.recipient", Delivery.class)
                    .getResultList();
            assertThat(rows).extracting(Delivery::getRecipient)
                    .containsExactly("anna@b.test", "luca@a.test", "x@c.test", "y@c.test");
            Delivery anna = rows.get(0);
            assertThat(anna.getStatus()).isEqualTo(DeliveryStatus.QUEUED);
            assertThat(anna.getTransmission()).isNotNull();
            assertThat(anna.getDomain()).isEqualTo("b.test");
            assertThat(anna.getBlobId()).isEqualTo(envelope.id());
            assertThat(anna.getAttempts()).isEqualTo(1);
            assertThat(anna.getNextAttemptAt()).isEqualTo(T0.plus(Duration.ofMinutes(5)));
            assertThat(anna.getExpireAt()).isEqualTo(T0.plus(Duration.ofHours(24)));
            assertThat(anna.getLastError()).isEqualTo("451 try later");
            // the local recipient's row is left as the release before left it
            assertThat(rows.get(1).getStatus()).isNotEqualTo(DeliveryStatus.QUEUED);
            assertThat(rows.subList(2, 4)).allSatisfy(d -> {
                assertThat(d.getStatus()).isEqualTo(DeliveryStatus.HELD);
                assertThat(d.getTransmission()).isNull();
                assertThat(d.getMailFrom()).isEqualTo("posta-certificata@pec.a.test");
                assertThat(d.getLastError()).isEqualTo("a bug");
            });
            return null;
        });
        // the envelope: the store's reference (the transmission's) and the item's, now its one row's
        assertThat(blobs.referenceCount(envelope.id())).isEqualTo(1);
        // the receipt: the item's reference went to the first row, the second row took its own
        assertThat(blobs.referenceCount(receipt.id())).isEqualTo(2);

        int again = inTransaction(em -> {
            service.em = em;
            return service.moveRelayWorkToDeliveries();
        });
        assertThat(again).as("a second start moves nothing").isZero();
    }

    private <T> T inTransaction(java.util.function.Function<EntityManager, T> work) {
        EntityManager em = emf.createEntityManager();
        try {
            em.getTransaction().begin();
            T result = work.apply(em);
            em.getTransaction().commit();
            return result;
        } finally {
            if (em.getTransaction().isActive()) {
                em.getTransaction().rollback();
            }
            em.close();
        }
    }
}
