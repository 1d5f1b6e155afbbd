package it.certmail.pec.documents.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

/** The threshold between an extract made on the spot and one made by the job, its parts, staleness and keeping. */
class ExtractJobPolicyTest {

    private static final Instant NOW = Instant.parse("2026-12-06T10:00:00Z");

    @Test
    void onlyMoreEntriesThanTheThresholdGoToTheJob() {
        ExtractJobPolicy policy = ExtractJobPolicy.above(2_000);
        assertThat(policy.inBackground(0)).isFalse();
        assertThat(policy.inBackground(2_000)).isFalse();
        assertThat(policy.inBackground(2_001)).isTrue();
        assertThat(ExtractJobPolicy.above(0).inBackground(1)).as("threshold 0: every non-empty extract").isTrue();
        assertThat(ExtractJobPolicy.above(0).inBackground(0)).isFalse();
    }

    @Test
    void partsCoverEveryEntryAndAtLeastOne() {
        ExtractJobPolicy policy = new ExtractJobPolicy(10, 500, Duration.ofMinutes(5), Duration.ofDays(30));
        assertThat(policy.parts(0)).isEqualTo(1);
        assertThat(policy.parts(500)).isEqualTo(1);
        assertThat(policy.parts(501)).isEqualTo(2);
        assertThat(policy.parts(10_000)).isEqualTo(20);
    }

    @Test
    void aRunningRequestSilentLongerThanStaleAfterIsTakenUpAgainAndResultsAreKeptThirtyDays() {
        ExtractJobPolicy policy = ExtractJobPolicy.above(2_000);
        assertThat(policy.staleBefore(NOW)).isEqualTo(NOW.minus(Duration.ofMinutes(5)));
        assertThat(policy.expiresAt(NOW)).isEqualTo(Instant.parse("2027-01-05T10:00:00Z"));
    }

    @Test
    void refusesNonsense() {
        assertThatThrownBy(() -> ExtractJobPolicy.above(-1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ExtractJobPolicy(1, 0, Duration.ofMinutes(5), Duration.ofDays(1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ExtractJobPolicy(1, 1, Duration.ZERO, Duration.ofDays(1)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void progressIsAPercentAndFitsAProgressElement() {
        ExtractProgress p = new ExtractProgress(3_200, 10_000);
        assertThat(p.percent()).isEqualTo(32);
        assertThat(p.value()).isEqualTo(3_200);
        assertThat(p.max()).isEqualTo(10_000);
        assertThat(new ExtractProgress(0, 10_000).percent()).isZero();
        assertThat(new ExtractProgress(0, 0).percent()).isEqualTo(100);
        assertThat(new ExtractProgress(0, 0).max()).as("a progress element refuses max 0").isEqualTo(1);
        // entries logged after the count: done passes the total, the bar stays full, never past its max
        ExtractProgress over = new ExtractProgress(10_050, 10_000);
        assertThat(over.percent()).isEqualTo(100);
        assertThat(over.value()).isLessThanOrEqualTo(over.max());
        assertThatThrownBy(() -> new ExtractProgress(-1, 5)).isInstanceOf(IllegalArgumentException.class);
    }
}
