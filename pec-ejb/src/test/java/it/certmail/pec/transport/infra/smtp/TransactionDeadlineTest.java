package it.certmail.pec.transport.infra.smtp;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

class TransactionDeadlineTest {

    private static final Instant T0 = Instant.parse("2026-12-06T10:00:00Z");
    private final TransactionDeadline deadline = TransactionDeadline.defaults(200);

    @Test
    void theDefaultsShouldBePostfixLike() {
        assertThat(deadline.commandTimeout()).isEqualTo(Duration.ofMinutes(5));
        assertThat(deadline.minDataRate()).isEqualTo(1024);
        assertThat(deadline.stressTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(deadline.stressSessions()).isEqualTo(150);
    }

    @Test
    void aConnectionShouldHaveTheCommandTimeoutBetweenProgressPoints() {
        var p = new TransactionDeadline.Progress(T0);
        assertThat(deadline.overdue(p, T0.plusSeconds(300), false)).isFalse();
        assertThat(deadline.overdue(p, T0.plusSeconds(301), false)).isTrue();

        p.advanced(T0.plusSeconds(200)); // RCPT
        assertThat(deadline.overdue(p, T0.plusSeconds(499), false)).isFalse();
        assertThat(deadline.overdue(p, T0.plusSeconds(501), false)).isTrue();
    }

    @Test
    void underStressAStalledConnectionShouldGetOnlyTheStressTimeout() {
        var p = new TransactionDeadline.Progress(T0);
        assertThat(deadline.overdue(p, T0.plusSeconds(11), false)).isFalse();
        assertThat(deadline.overdue(p, T0.plusSeconds(11), true)).isTrue();
    }

    @Test
    void stressShouldStartAtThreeQuartersAndLastUntilHalfOfThat() {
        assertThat(deadline.stressed(149, false)).isFalse();
        assertThat(deadline.stressed(150, false)).isTrue();
        assertThat(deadline.stressed(76, true)).isTrue();
        assertThat(deadline.stressed(75, true)).isFalse();
        assertThat(deadline.stressed(100, false)).isFalse();
    }

    @Test
    void a100MbMessageAtTheMinimumRateOrFasterShouldNeverBeCut() {
        var p = new TransactionDeadline.Progress(T0);
        p.dataStarted(T0);
        long size = 100L * 1024 * 1024;
        // 1 KB/s, the slowest rate allowed: 28 hours; checked every 10 minutes on the way, under stress too
        for (long s = 0; s * 1024 <= size; s += 600) {
            assertThat(deadline.overdue(p, T0.plusSeconds(s), false)).as("after %d s", s).isFalse();
            assertThat(deadline.overdue(p, T0.plusSeconds(s), true)).as("after %d s, stressed", s).isFalse();
            p.received(600 * 1024);
        }
    }

    @Test
    void aDataTrickleBelowTheMinimumRateShouldBeCut() {
        var p = new TransactionDeadline.Progress(T0);
        p.dataStarted(T0);
        long s = 0;
        while (!deadline.overdue(p, T0.plusSeconds(s), false)) {
            p.received(512); // half the minimum rate
            s++;
        }
        // the grace (300 s) then twice as long for what came at half the rate: cut at about 600 s
        assertThat(s).isBetween(590L, 610L);
    }

    @Test
    void ourOwnProcessingOfTheMessageShouldNeverCountAgainstTheClient() {
        var p = new TransactionDeadline.Progress(T0);
        p.dataStarted(T0);
        p.received(1000);
        p.dataEnded();
        assertThat(deadline.overdue(p, T0.plus(Duration.ofHours(2)), true)).isFalse();
        p.advanced(T0.plus(Duration.ofHours(2)));
        assertThat(deadline.overdue(p, T0.plus(Duration.ofHours(2)).plusSeconds(301), false)).isTrue();
    }
}
