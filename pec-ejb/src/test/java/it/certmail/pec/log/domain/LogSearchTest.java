package it.certmail.pec.log.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

class LogSearchTest {

    private static final Instant NOW = Instant.parse("2026-12-06T10:00:00Z");

    @Test
    void searchWithoutTransactionShouldBeBoundedToTheWindowEndingNow() {
        LogSearch s = new LogSearch(null, null, "Alice@Example.IT", null, null, null, null, null, null, 0);
        assertThat(s.sender()).isEqualTo("alice@example.it");
        assertThat(s.limit()).isEqualTo(50);
        assertThat(s.effectiveTo(NOW)).isEqualTo(NOW.plus(Duration.ofMinutes(1)));
        assertThat(s.effectiveFrom(NOW)).isEqualTo(NOW.plus(Duration.ofMinutes(1)).minus(LogSearch.MAX_WINDOW));
    }

    @Test
    void aFromBeforeTheWindowShouldBeMovedUpToIt() {
        Instant to = NOW.minus(Duration.ofDays(100));
        LogSearch s = new LogSearch(null, null, null, "bob@b.it", null, Instant.EPOCH, to, null, null, 10);
        assertThat(s.effectiveFrom(NOW)).isEqualTo(to.minus(LogSearch.MAX_WINDOW));
        assertThat(s.effectiveTo(NOW)).isEqualTo(to);
    }

    @Test
    void aNamedTransactionShouldNotBeBoundedInTimeAndLoseItsAngles() {
        LogSearch s = new LogSearch(" <opec1.x@a.it> ", null, null, null, "consegna", null, null, null, null, 9999);
        assertThat(s.msgid()).isEqualTo("opec1.x@a.it");
        assertThat(s.event()).isEqualTo("CONSEGNA");
        assertThat(s.limit()).isEqualTo(LogSearch.MAX_LIMIT);
        assertThat(s.effectiveFrom(NOW)).isNull();
        assertThat(s.effectiveTo(NOW)).isNull();
    }

    @Test
    void theNextPageShouldKeepTheFiltersAndCarryTheKey() {
        LogSearch s = new LogSearch(null, "<c@d>", null, null, null, null, null, null, null, 20).after(NOW, 77L);
        assertThat(s.clientMsgid()).isEqualTo("c@d");
        assertThat(s.beforeTime()).isEqualTo(NOW);
        assertThat(s.beforeId()).isEqualTo(77L);
    }

    @Test
    void aRangeThatEndsBeforeItStartsOrAHalfKeyShouldBeRefused() {
        assertThatThrownBy(() -> new LogSearch(null, null, null, null, null, NOW, NOW, null, null, 1))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new LogSearch(null, null, null, null, null, null, null, NOW, null, 1))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
