package it.certmail.pec.transport.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.ZoneOffset;
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
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import it.certmail.pec.receipts.domain.Daticert;
import it.certmail.pec.receipts.domain.DaticertType;
import it.certmail.pec.receipts.domain.PecMessageKind;
import it.certmail.pec.receipts.domain.Recipient;
import it.certmail.pec.testsupport.TestTransactionRegistry;
import it.certmail.pec.transport.model.Delivery;
import it.certmail.pec.transport.model.Transmission;

/**
 * Our own presa in carico kept with the delivery state ({@link TrackingService#takeChargeKept}) against a real
 * database: the covered rows note the time and name the signed receipt's blob, once; an untracked transmission
 * says so, so the caller files the receipt as before.
 */
class TakeChargeKeptTest {

    private static final Instant T0 = Instant.parse("2026-12-06T10:00:00Z");
    private static final String MSGID = "opec-test.20261206100000.1@pec.a.test";

    private EntityManagerFactory emf;

    @BeforeEach
    void database() {
        String url = "jdbc:h2:mem:takecharge-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";
        Flyway.configure().dataSource(url, "sa", "").load().migrate();
        emf = Persistence.createEntityManagerFactory("pec-test", Map.of("jakarta.persistence.jdbc.driver",
                "org.h2.Driver", "jakarta.persistence.jdbc.url", url, "jakarta.persistence.jdbc.user", "sa",
                "jakarta.persistence.jdbc.password", ""));
        tx(em -> {
            Transmission t = new Transmission(MSGID, "<c1@client>", "carlo@a.test", "prova", T0, 7L, new byte[] {1});
            em.persist(t);
            for (String rcpt : List.of("alice@a.test", "bob@a.test", "eve@b.test")) {
                em.persist(Delivery.local(t, rcpt, true, T0, T0.plusSeconds(12 * 3600)));
            }
            return null;
        });
    }

    @AfterEach
    void close() {
        if (emf != null) {
            emf.close();
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

    private Optional<Integer> kept(String identifier, List<String> covered, long blobId, Instant at) {
        return tx(em -> {
            TrackingService tracking = new TrackingService();
            tracking.em = em;
            return tracking.takeChargeKept(takeCharge(identifier, covered), blobId, at);
        });
    }

    private static Daticert takeCharge(String identifier, List<String> covered) {
        return Daticert.builder().type(DaticertType.TAKE_CHARGE).sender("carlo@a.test")
                .recipients(List.of(Recipient.certified("alice@a.test"), Recipient.certified("bob@a.test"),
                        Recipient.certified("eve@b.test")))
                .replyTo("carlo@a.test").subject("prova").issuer("Gestore A").time(T0.atZone(ZoneOffset.UTC))
                .identifier(identifier).msgid("<c1@client>").reception(covered).build();
    }

    private List<Delivery> rows() {
        return tx(em -> em.createNamedQuery(Delivery.OF_TRANSMISSION_LOCKED, Delivery.class)
                .setParameter("msgid", MSGID).getResultList());
    }

    @Test
    void theCoveredRowsShouldNoteTheTimeAndHoldTheReceiptOnce() {
        assertThat(kept(MSGID, List.of("alice@a.test", "BOB@a.test"), 41, T0.plusSeconds(2)))
                .as("two rows take a reference each").contains(2);
        List<Delivery> rows = rows();
        assertThat(rows).extracting(Delivery::getRecipient, Delivery::getTakeChargeBlobId,
                Delivery::getTakenChargeAt).containsExactly(
                org.assertj.core.groups.Tuple.tuple("alice@a.test", 41L, T0.plusSeconds(2)),
                org.assertj.core.groups.Tuple.tuple("bob@a.test", 41L, T0.plusSeconds(2)),
                org.assertj.core.groups.Tuple.tuple("eve@b.test", null, null));
        assertThat(rows.get(0).getNextCheckAt()).as("taken charge: the 12 h notice is no longer due")
                .isNotEqualTo(T0.plusSeconds(12 * 3600));

        // the same presa in carico again (a second one for the same recipients): nothing more is held
        assertThat(kept(MSGID, List.of("alice@a.test"), 42, T0.plusSeconds(9))).contains(0);
        assertThat(rows().get(0).getTakeChargeBlobId()).isEqualTo(41L);
        assertThat(rows().get(0).getTakenChargeAt()).isEqualTo(T0.plusSeconds(2));
    }

    @Test
    void aTransmissionNotTrackedHereShouldBeLeftToTheCaller() {
        assertThat(kept("opec-other@pec.a.test", List.of("alice@a.test"), 41, T0)).isEmpty();
        assertThat(rows()).allSatisfy(r -> assertThat(r.getTakeChargeBlobId()).isNull());
    }

    @Test
    void theRowsLockedOnceShouldServeTheWholeTransaction() throws Exception {
        Daticert delivery = takeCharge(MSGID, List.of()).toBuilder().type(DaticertType.DELIVERY)
                .delivery("alice@a.test").build();

        long reads = tx(em -> {
            em.createNativeQuery("SET QUERY_STATISTICS TRUE").executeUpdate();
            TrackingService tracking = new TrackingService();
            tracking.em = em;
            tracking.transactions = new TestTransactionRegistry();
            // as a reception of our own envelope: lock, keep the presa in carico, file the consegna
            tracking.lockTransmission(MSGID);
            tracking.takeChargeKept(takeCharge(MSGID, List.of("alice@a.test")), 41, T0.plusSeconds(2));
            try {
                tracking.noticeReceived(PecMessageKind.DELIVERY, delivery, T0.plusSeconds(3));
                // the ricevuta di accettazione changes no row: not even read
                tracking.noticeReceived(PecMessageKind.ACCEPTANCE, delivery, T0.plusSeconds(3));
            } catch (jakarta.mail.MessagingException e) {
                throw new IllegalStateException(e);
            }
            em.flush();
            Object count = em.createNativeQuery("SELECT COALESCE(SUM(EXECUTION_COUNT), 0)"
                    + " FROM INFORMATION_SCHEMA.QUERY_STATISTICS"
                    + " WHERE UPPER(SQL_STATEMENT) LIKE '% FROM DELIVERY %'"
                    + " AND UPPER(SQL_STATEMENT) LIKE '% FOR UPDATE%'").getSingleResult();
            return ((Number) count).longValue();
        });

        assertThat(reads).as("one SELECT ... FOR UPDATE of the tracking rows in the whole transaction").isEqualTo(1);
        Delivery alice = rows().get(0);
        assertThat(alice.getTakeChargeBlobId()).isEqualTo(41L);
        assertThat(alice.getTakenChargeAt()).isEqualTo(T0.plusSeconds(2));
        assertThat(alice.getDeliveredAt()).isEqualTo(T0.plusSeconds(3));
    }
}
