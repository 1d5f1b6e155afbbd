package it.certmail.pec.mailbox.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.UUID;

import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import jakarta.persistence.Persistence;

import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Codes and grants kept in the database (V62) on H2: what one instance issues, another (another node) redeems. */
class HolderCodesTest {

    private static final Instant T0 = Instant.parse("2026-12-06T08:00:00Z");
    private EntityManagerFactory emf;

    @BeforeEach
    void database() {
        String url = "jdbc:h2:mem:codes-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";
        Flyway.configure().dataSource(url, "sa", "").load().migrate();
        emf = Persistence.createEntityManagerFactory("pec-test", Map.of("jakarta.persistence.jdbc.driver",
                "org.h2.Driver", "jakarta.persistence.jdbc.url", url, "jakarta.persistence.jdbc.user", "sa",
                "jakarta.persistence.jdbc.password", ""));
    }

    @AfterEach
    void close() {
        emf.close();
    }

    private <T> T onNode(Instant now, java.util.function.Function<HolderCodes, T> work) {
        HolderCodes codes = new HolderCodes();
        EntityManager em = emf.createEntityManager();
        codes.em = em;
        codes.clock = Clock.fixed(now, ZoneOffset.UTC);
        em.getTransaction().begin();
        try {
            T result = work.apply(codes);
            em.getTransaction().commit();
            return result;
        } finally {
            if (em.getTransaction().isActive()) {
                em.getTransaction().rollback();
            }
            em.close();
        }
    }

    @Test
    void aCodeIssuedOnOneNodeIsRedeemedOnceOnAnother() {
        String code = onNode(T0, c -> c.issue("recovery:a@pec.test").code().orElseThrow());
        String wrong = "000000".equals(code) ? "111111" : "000000";
        Boolean wrongOk = onNode(T0.plusSeconds(30), c -> c.redeem("recovery:a@pec.test", wrong));
        Boolean rightOk = onNode(T0.plusSeconds(60), c -> c.redeem("recovery:a@pec.test", code));
        Boolean againOk = onNode(T0.plusSeconds(61), c -> c.redeem("recovery:a@pec.test", code));
        assertThat(wrongOk).isFalse();
        assertThat(rightOk).isTrue();
        assertThat(againOk).isFalse();
    }

    @Test
    void theHourlyLimitHoldsAcrossNodes() {
        for (int i = 0; i < 3; i++) {
            int n = i;
            Boolean issued = onNode(T0.plusSeconds(n), c -> c.issue("k").code().isPresent());
            assertThat(issued).isTrue();
        }
        Duration wait = onNode(T0.plusSeconds(10), c -> c.issue("k").retryAfter());
        assertThat(wait).isGreaterThan(Duration.ofMinutes(59));
    }

    @Test
    void aGrantIsValidUntilDroppedOrExpired() {
        String token = onNode(T0, c -> c.grant("grant:a@pec.test", Duration.ofMinutes(15)));
        Boolean valid = onNode(T0.plusSeconds(60), c -> c.grantValid("grant:a@pec.test", token));
        Boolean forged = onNode(T0.plusSeconds(60), c -> c.grantValid("grant:a@pec.test", token + "x"));
        Boolean expired = onNode(T0.plus(Duration.ofMinutes(15)), c -> c.grantValid("grant:a@pec.test", token));
        onNode(T0.plusSeconds(90), c -> {
            c.dropGrant("grant:a@pec.test");
            return null;
        });
        Boolean dropped = onNode(T0.plusSeconds(91), c -> c.grantValid("grant:a@pec.test", token));
        assertThat(valid).isTrue();
        assertThat(forged).isFalse();
        assertThat(expired).isFalse();
        assertThat(dropped).isFalse();
    }

    @Test
    void staleRowsGoAtTheNextIssue() {
        onNode(T0, c -> c.issue("old").code());
        onNode(T0.plus(Duration.ofHours(2)), c -> c.issue("new").code());
        EntityManager em = emf.createEntityManager();
        try {
            assertThat(em.find(it.certmail.pec.mailbox.model.HolderCode.class, "old")).isNull();
        } finally {
            em.close();
        }
    }
}
