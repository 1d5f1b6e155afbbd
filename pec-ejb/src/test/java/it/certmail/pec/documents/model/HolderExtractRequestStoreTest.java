package it.certmail.pec.documents.model;

import static org.assertj.core.api.Assertions.assertThat;

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
import org.junit.jupiter.api.Test;

import it.certmail.pec.documents.model.HolderLogExtract.Status;
import it.certmail.pec.testsupport.TestPostgres;

/**
 * The extract requests (V87) as the holder-extracts job uses them: queued, due, claimed once, progress, ready with
 * the bytes, a silent running one taken up again, expired ones deleted; on H2 and on PostgreSQL.
 */
class HolderExtractRequestStoreTest {

    private static final Instant T0 = Instant.parse("2026-12-06T08:00:00Z");
    private static final Duration STALE = Duration.ofMinutes(5);

    EntityManagerFactory emf;

    @AfterEach
    void close() {
        if (emf != null) {
            emf.close();
        }
    }

    abstract class Contract {

        abstract EntityManagerFactory open();

        <T> T tx(Function<EntityManager, T> work) {
            EntityManager em = emf.createEntityManager();
            try {
                em.getTransaction().begin();
                T result = work.apply(em);
                em.getTransaction().commit();
                return result;
            } finally {
                em.close();
            }
        }

        List<Long> due(Instant now) {
            return tx(em -> em.createNamedQuery(HolderLogExtract.DUE, Long.class).setParameter("queued", Status.QUEUED)
                    .setParameter("running", Status.RUNNING).setParameter("staleBefore", now.minus(STALE))
                    .getResultList());
        }

        boolean claim(long id, Instant now) {
            return tx(em -> em.createNamedQuery(HolderLogExtract.CLAIM).setParameter("queued", Status.QUEUED)
                    .setParameter("running", Status.RUNNING).setParameter("now", now)
                    .setParameter("staleBefore", now.minus(STALE)).setParameter("id", id).executeUpdate() == 1);
        }

        @Test
        void aQueuedRequestIsClaimedOnceMadeAndKeptThenDeletedWhenExpired() {
            emf = open();
            long onSpot = tx(em -> {
                HolderLogExtract e = new HolderLogExtract("a@pec.example", T0, T0.minusSeconds(86400), T0);
                em.persist(e);
                em.flush();
                e.complete(2, new byte[] {1}, new byte[] {2});
                return e.getId();
            });
            long queued = tx(em -> {
                HolderLogExtract e = HolderLogExtract.queued("a@pec.example", "a@pec.example", T0.plusSeconds(1),
                        T0.minusSeconds(86400 * 365), T0, "en", 10_000);
                em.persist(e);
                em.flush();
                return e.getId();
            });
            long other = tx(em -> {
                HolderLogExtract e = HolderLogExtract.queued("b@pec.example", "b@pec.example", T0.plusSeconds(2),
                        T0.minusSeconds(86400), T0, "it", 3_000);
                em.persist(e);
                em.flush();
                return e.getId();
            });
            assertThat(due(T0.plusSeconds(5))).containsExactly(queued, other);

            Instant started = T0.plusSeconds(10);
            assertThat(claim(queued, started)).isTrue();
            assertThat(claim(queued, started.plusSeconds(1))).as("a running request is not claimed twice").isFalse();
            assertThat(due(started.plusSeconds(60))).containsExactly(other);
            tx(em -> {
                em.find(HolderLogExtract.class, queued).progress(3_200, 10_000, started.plusSeconds(20));
                return null;
            });
            List<Object[]> rows = tx(em -> em.createNamedQuery(HolderLogExtract.BY_MAILBOX, Object[].class)
                    .setParameter("address", "a@pec.example").getResultList());
            assertThat(rows).hasSize(2);
            Object[] running = rows.get(0);
            assertThat(((Number) running[0]).longValue()).isEqualTo(queued);
            assertThat(running[5]).isEqualTo(Status.RUNNING);
            assertThat(((Number) running[6]).intValue()).isEqualTo(3_200);
            assertThat(((Number) running[7]).intValue()).isEqualTo(10_000);
            assertThat(rows.get(1)[5]).as("made on the spot: ready, never expires").isEqualTo(Status.READY);
            assertThat(rows.get(1)[9]).isNull();

            // the node stops: silent for longer than STALE, the request is due and claimed again
            Instant later = started.plusSeconds(20).plus(STALE).plusSeconds(1);
            assertThat(due(later)).containsExactly(queued, other);
            assertThat(claim(queued, later)).isTrue();
            int doneAfterReclaim = tx(em -> em.find(HolderLogExtract.class, queued).getEntriesDone());
            assertThat(doneAfterReclaim).isZero();

            byte[] pdf = new byte[200_000];
            new java.util.Random(7).nextBytes(pdf);
            Instant finished = later.plusSeconds(30);
            tx(em -> {
                em.find(HolderLogExtract.class, queued).complete(9_999, pdf, new byte[] {4, 5}, finished,
                        finished.plus(Duration.ofDays(30)));
                return null;
            });
            HolderLogExtract ready = tx(em -> em.find(HolderLogExtract.class, queued));
            assertThat(ready.getStatus()).isEqualTo(Status.READY);
            assertThat(ready.getPdf()).isEqualTo(pdf);
            assertThat(ready.getSignature()).containsExactly(4, 5);
            assertThat(ready.getLanguage()).isEqualTo("en");
            assertThat(ready.getRequester()).isEqualTo("a@pec.example");
            assertThat(ready.getEntriesDone()).isEqualTo(9_999);
            assertThat(ready.getEntries()).isEqualTo(9_999);
            assertThat(due(finished)).containsExactly(other);

            tx(em -> {
                em.find(HolderLogExtract.class, other).fail("cannot sign", finished, finished.plus(Duration.ofDays(30)));
                return null;
            });
            assertThat(due(finished)).isEmpty();
            String error = tx(em -> em.find(HolderLogExtract.class, other).getError());
            assertThat(error).isEqualTo("cannot sign");

            int deleted = tx(em -> em.createNamedQuery(HolderLogExtract.EXPIRED)
                    .setParameter("now", finished.plus(Duration.ofDays(30)).plusSeconds(1)).executeUpdate());
            assertThat(deleted).isEqualTo(2);
            HolderLogExtract kept = tx(em -> em.find(HolderLogExtract.class, onSpot));
            HolderLogExtract gone = tx(em -> em.find(HolderLogExtract.class, queued));
            assertThat(kept).as("made on the spot: kept").isNotNull();
            assertThat(gone).isNull();
        }
    }

    @Nested
    class OnH2 extends Contract {
        @Override
        EntityManagerFactory open() {
            String url = "jdbc:h2:mem:extracts-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";
            Flyway.configure().dataSource(url, "sa", "").load().migrate();
            return Persistence.createEntityManagerFactory("pec-test", Map.of(
                    "jakarta.persistence.jdbc.driver", "org.h2.Driver", "jakarta.persistence.jdbc.url", url,
                    "jakarta.persistence.jdbc.user", "sa", "jakarta.persistence.jdbc.password", ""));
        }
    }

    /** The embedded PostgreSQL unless {@code -Dpec.test.pg.url} names another, in a schema of its own. */
    @Nested
    class OnPostgres extends Contract {
        @Override
        EntityManagerFactory open() {
            String schema = TestPostgres.createSchema("hx_");
            String inSchema = TestPostgres.urlIn(schema);
            Flyway.configure().dataSource(inSchema, TestPostgres.user(), TestPostgres.password()).schemas(schema)
                    .load().migrate();
            return Persistence.createEntityManagerFactory("pec-test", Map.of(
                    "jakarta.persistence.jdbc.driver", "org.postgresql.Driver", "jakarta.persistence.jdbc.url", inSchema,
                    "jakarta.persistence.jdbc.user", TestPostgres.user(),
                    "jakarta.persistence.jdbc.password", TestPostgres.password()));
        }
    }
}
