package it.certmail.pec.transport.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.flywaydb.core.Flyway;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A copy sent again is recognised per recipient, by its exact content (issue: delivered twice after kill -9). */
class ReceptionLedgerTest {

    private static final Instant T0 = Instant.parse("2026-12-06T10:00:00Z");
    private static final String ENVELOPE = "a".repeat(64);
    private static final String RECEIPT = "b".repeat(64);

    private ReceptionLedger ledger;

    @BeforeEach
    void database() {
        JdbcDataSource ds = new JdbcDataSource();
        ds.setURL("jdbc:h2:mem:ledger-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        ds.setUser("sa");
        Flyway.configure().dataSource(ds).load().migrate();
        ledger = new ReceptionLedger(ds);
    }

    @Test
    void aCopySentAgainIsNewForNobody() {
        assertThat(ledger.recordNew(ENVELOPE, List.of("bob@b.test", "carla@b.test"), T0))
                .containsExactly("bob@b.test", "carla@b.test");
        assertThat(ledger.recordNew(ENVELOPE, List.of("bob@b.test", "carla@b.test"), T0.plusSeconds(120))).isEmpty();
    }

    @Test
    void aRetryNarrowedToSomeRecipientsOrWidenedToOthersIsNewOnlyForTheOthers() {
        ledger.recordNew(ENVELOPE, List.of("bob@b.test"), T0);
        assertThat(ledger.recordNew(ENVELOPE, List.of("bob@b.test", "dora@b.test"), T0)).containsExactly("dora@b.test");
        assertThat(ledger.recordNew(ENVELOPE, List.of("dora@b.test", "dora@b.test"), T0)).isEmpty();
    }

    @Test
    void otherContentForTheSameRecipientIsAnotherMessage() {
        ledger.recordNew(ENVELOPE, List.of("alice@a.test"), T0);
        assertThat(ledger.recordNew(RECEIPT, List.of("alice@a.test"), T0)).containsExactly("alice@a.test");
    }

    @Test
    void aRecipientListedTwiceInOneCopyIsRecordedOnce() {
        assertThat(ledger.recordNew(RECEIPT, List.of("alice@a.test", "alice@a.test"), T0)).containsExactly("alice@a.test");
    }

    @Test
    void forgettingDropsOnlyWhatIsOlderThanTheCutoff() {
        ledger.recordNew(ENVELOPE, List.of("bob@b.test"), T0);
        ledger.recordNew(RECEIPT, List.of("alice@a.test"), T0.plus(Duration.ofDays(8)));
        assertThat(ledger.forgetBefore(T0.plus(Duration.ofDays(7)))).isEqualTo(1);
        assertThat(ledger.recordNew(ENVELOPE, List.of("bob@b.test"), T0.plus(Duration.ofDays(8)))).containsExactly("bob@b.test");
        assertThat(ledger.recordNew(RECEIPT, List.of("alice@a.test"), T0.plus(Duration.ofDays(8)))).isEmpty();
    }
}
