package it.certmail.pec.transport.infra;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;

import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import jakarta.persistence.Persistence;

import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;

import it.certmail.pec.testsupport.TestPostgres;
import it.certmail.pec.transport.core.Deliveries;
import it.certmail.pec.transport.core.contract.DeliveriesContract;
import it.certmail.pec.transport.model.Delivery;

/**
 * {@link JpaDeliveries} held to {@link DeliveriesContract} on H2 and, in {@link OnPostgres}, on PostgreSQL (the
 * embedded one unless {@code -Dpec.test.pg.url} names another). Each call runs in a resource-local transaction and
 * persistence context of its own, as the EJB shell runs the claim and each settling.
 */
class JpaDeliveriesTest implements DeliveriesContract {

    private EntityManagerFactory emf;
    private String pgSchema;

    @Override
    public Rows rows() {
        return over("jdbc:h2:mem:deliveries-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", "sa", "", null);
    }

    Rows over(String url, String user, String password, String schema) {
        pgSchema = schema;
        var flyway = Flyway.configure().dataSource(url, user, password);
        if (schema != null) {
            flyway.schemas(schema);
        }
        flyway.load().migrate();
        emf = Persistence.createEntityManagerFactory("pec-test", Map.of(
                "jakarta.persistence.jdbc.driver", schema == null ? "org.h2.Driver" : "org.postgresql.Driver",
                "jakarta.persistence.jdbc.url", url, "jakarta.persistence.jdbc.user", user,
                "jakarta.persistence.jdbc.password", password));
        return new Rows() {
            @Override
            public Deliveries deliveries() {
                return new Transactional();
            }

            @Override
            public long queued(String recipient, String domain, long blobId, Instant at) {
                // as Dispatcher.queue writes it: no transmission yet (the row's blob has no foreign key)
                return tx(em -> persist(em, Delivery.queued(null, recipient, false, at, null, domain, blobId, MARIO,
                        at.plus(DAY))));
            }

            @Override
            public long local(String recipient, Instant at) {
                return tx(em -> persist(em, Delivery.local(null, recipient, true, at, at.plus(Duration.ofHours(12)))));
            }

            @Override
            public Row row(long id) {
                return tx(em -> {
                    Delivery d = em.find(Delivery.class, id);
                    return new Row(d.getStatus(), d.getAttempts(), d.getNextAttemptAt(), d.getLeaseOwner(),
                            d.getLeaseUntil(), d.getLastError());
                });
            }
        };
    }

    private static long persist(EntityManager em, Delivery d) {
        em.persist(d);
        em.flush();
        return d.getId();
    }

    @AfterEach
    void close() {
        if (emf != null) {
            emf.close();
        }
        if (pgSchema != null) {
            TestPostgres.dropSchema(pgSchema);
        }
    }

    private <T> T tx(Function<EntityManager, T> work) {
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

    /** Each call in its own transaction. */
    private final class Transactional implements Deliveries {

        @Override
        public List<Batch> claim(String owner, int max, int sharers, Instant now) {
            return tx(em -> new JpaDeliveries(em).claim(owner, max, sharers, now));
        }

        @Override
        public boolean handedOn(long id, String owner) {
            return tx(em -> new JpaDeliveries(em).handedOn(id, owner));
        }

        @Override
        public boolean refused(long id, String owner, String error) {
            return tx(em -> new JpaDeliveries(em).refused(id, owner, error));
        }

        @Override
        public boolean expired(long id, String owner, String error) {
            return tx(em -> new JpaDeliveries(em).expired(id, owner, error));
        }

        @Override
        public boolean retry(long id, String owner, Instant at, String error) {
            return tx(em -> new JpaDeliveries(em).retry(id, owner, at, error));
        }

        @Override
        public boolean hold(long id, String owner, String reason) {
            return tx(em -> new JpaDeliveries(em).hold(id, owner, reason));
        }
    }

    /** The same contract on PostgreSQL, in a schema of its own. */
    @Nested
    class OnPostgres implements DeliveriesContract {

        @Override
        public Rows rows() {
            String schema = TestPostgres.createSchema("dlv_");
            return over(TestPostgres.urlIn(schema), TestPostgres.user(), TestPostgres.password(), schema);
        }
    }
}
