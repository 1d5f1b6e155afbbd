package it.certmail.pec.transport.queue;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;

import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import jakarta.persistence.Persistence;

import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterEach;

import it.certmail.pec.testsupport.TestPostgres;
import it.certmail.pec.transport.infra.JpaWorkQueue;

/**
 * The JPA work queue held to {@link WorkQueueContract} on H2 and, in {@link OnPostgres}, on PostgreSQL. Each call
 * runs in a transaction of its own, as the EJB shell runs it.
 */
class JpaWorkQueueTest implements WorkQueueContract {

    private EntityManagerFactory emf;

    /** The database URL, user and password; H2 in memory here. */
    String[] database() {
        return new String[] {"jdbc:h2:mem:workqueue-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", "sa", ""};
    }

    @Override
    public WorkQueue queue() {
        String[] db = database();
        Flyway.configure().dataSource(db[0], db[1], db[2]).load().migrate();
        emf = Persistence.createEntityManagerFactory("pec-test", Map.of(
                "jakarta.persistence.jdbc.driver", db[0].startsWith("jdbc:h2:") ? "org.h2.Driver" : "org.postgresql.Driver",
                "jakarta.persistence.jdbc.url", db[0], "jakarta.persistence.jdbc.user", db[1],
                "jakarta.persistence.jdbc.password", db[2]));
        return new Transactional(emf);
    }

    @Override
    public long blob() {
        return 42;
    }

    @AfterEach
    void close() {
        if (emf != null) {
            emf.close();
        }
    }

    /**
     * A loop that read its item while it held the lease (as the reception and relay steps do), and whose lease then
     * ran out and went to another node, must not complete it: its commit fails and every effect rolls back.
     */
    @org.junit.jupiter.api.Test
    void aStepWhoseLeaseWentToAnotherNodeShouldNotCommitItsCompletion() {
        WorkQueue q = queue();
        long id = enqueue(q, RECEPTION, T0);
        q.claim(RECEPTION, "node-a", 10, T0);

        EntityManager slow = emf.createEntityManager();
        try {
            slow.getTransaction().begin();
            it.certmail.pec.transport.model.WorkItem item = slow.find(it.certmail.pec.transport.model.WorkItem.class, id);
            org.assertj.core.api.Assertions.assertThat(item.getLeaseOwner()).isEqualTo("node-a");

            org.assertj.core.api.Assertions.assertThat(
                    q.claim(RECEPTION, "node-b", 10, T0.plus(WorkQueue.LEASE).plusSeconds(1))).containsExactly(id);

            item.done();
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> slow.getTransaction().commit())
                    .as("node-a's completion after node-b took the lease")
                    .isInstanceOf(jakarta.persistence.RollbackException.class);
        } finally {
            if (slow.getTransaction().isActive()) {
                slow.getTransaction().rollback();
            }
            slow.close();
        }
        org.assertj.core.api.Assertions.assertThat(q.find(id).orElseThrow().state())
                .isEqualTo(it.certmail.pec.transport.model.WorkState.QUEUED);
        org.assertj.core.api.Assertions.assertThat(q.complete(id, "node-b")).isTrue();
    }

    /** Each call in its own resource-local transaction and persistence context. */
    private static final class Transactional implements WorkQueue {
        private final EntityManagerFactory emf;

        Transactional(EntityManagerFactory emf) {
            this.emf = emf;
        }

        private <T> T tx(Function<JpaWorkQueue, T> work) {
            EntityManager em = emf.createEntityManager();
            try {
                em.getTransaction().begin();
                T result = work.apply(new JpaWorkQueue(em, WorkRetries.standard()));
                em.getTransaction().commit();
                return result;
            } finally {
                if (em.getTransaction().isActive()) {
                    em.getTransaction().rollback();
                }
                em.close();
            }
        }

        @Override
        public long enqueue(NewWork work, Instant now) {
            return tx(q -> q.enqueue(work, now));
        }

        @Override
        public List<Long> claim(it.certmail.pec.transport.model.WorkQueue queue, String owner, int max, Instant now) {
            return tx(q -> q.claim(queue, owner, max, now));
        }

        @Override
        public boolean complete(long id, String owner) {
            return tx(q -> q.complete(id, owner));
        }

        @Override
        public boolean fail(long id, String owner, String error, Instant now) {
            return tx(q -> q.fail(id, owner, error, now));
        }

        @Override
        public boolean retry(long id, String owner, List<String> remaining, Instant at, String error) {
            return tx(q -> q.retry(id, owner, remaining, at, error));
        }

        @Override
        public boolean giveUp(long id, String owner, String error) {
            return tx(q -> q.giveUp(id, owner, error));
        }

        @Override
        public boolean hold(long id, String owner, String reason) {
            return tx(q -> q.hold(id, owner, reason));
        }

        @Override
        public Optional<Work> find(long id) {
            return tx(q -> q.find(id));
        }
    }

    /** The same contract on PostgreSQL (the embedded one unless {@code -Dpec.test.pg.url} names another), in a schema of its own. */
    @org.junit.jupiter.api.Nested
    class OnPostgres implements WorkQueueContract {

        @Override
        public WorkQueue queue() {
            String schema = TestPostgres.createSchema("wq_");
            String inSchema = TestPostgres.urlIn(schema);
            String user = TestPostgres.user();
            String password = TestPostgres.password();
            Flyway.configure().dataSource(inSchema, user, password).schemas(schema).load().migrate();
            emf = Persistence.createEntityManagerFactory("pec-test", Map.of(
                    "jakarta.persistence.jdbc.driver", "org.postgresql.Driver",
                    "jakarta.persistence.jdbc.url", inSchema, "jakarta.persistence.jdbc.user", user,
                    "jakarta.persistence.jdbc.password", password));
            return new Transactional(emf);
        }

        @Override
        public long blob() {
            return 42;
        }
    }
}
