package it.certmail.pec.transport.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

class RetryScheduleTest {

    private static final Instant QUEUED = Instant.parse("2026-03-02T09:00:00Z");
    private final RetrySchedule schedule = RetrySchedule.standard();

    @Test
    void delaysShouldGrowAndThenStayAtTwoHours() {
        assertThat(schedule.delayAfter(0)).isEqualTo(Duration.ZERO);
        assertThat(schedule.delayAfter(1)).isEqualTo(Duration.ofMinutes(1));
        assertThat(schedule.delayAfter(2)).isEqualTo(Duration.ofMinutes(5));
        assertThat(schedule.delayAfter(3)).isEqualTo(Duration.ofMinutes(15));
        assertThat(schedule.delayAfter(4)).isEqualTo(Duration.ofMinutes(30));
        assertThat(schedule.delayAfter(5)).isEqualTo(Duration.ofHours(1));
        assertThat(schedule.delayAfter(6)).isEqualTo(Duration.ofHours(2));
        assertThat(schedule.delayAfter(40)).isEqualTo(Duration.ofHours(2));
    }

    @Test
    void nextAttemptShouldBeNowPlusTheDelay() {
        Instant now = QUEUED.plus(Duration.ofMinutes(3));
        assertThat(schedule.nextAttempt(2, now)).isEqualTo(now.plus(Duration.ofMinutes(5)));
        assertThat(schedule.afterFailure(2, QUEUED, now))
                .isEqualTo(new RetrySchedule.RetryAt(now.plus(Duration.ofMinutes(5))));
    }

    @Test
    void messageShouldBeGivenUpAfter24Hours() {
        Instant deadline = QUEUED.plus(Duration.ofHours(24));
        assertThat(schedule.deadline(QUEUED)).isEqualTo(deadline);
        assertThat(schedule.isExpired(QUEUED, deadline.minusSeconds(1))).isFalse();
        assertThat(schedule.isExpired(QUEUED, deadline)).isTrue();
        assertThat(schedule.afterFailure(12, QUEUED, deadline)).isEqualTo(new RetrySchedule.GiveUp(deadline));
        assertThat(schedule.afterFailure(12, QUEUED, deadline.plusSeconds(5)))
                .isInstanceOf(RetrySchedule.GiveUp.class);
    }

    @Test
    void lastRetryShouldBeClampedToTheDeadline() {
        Instant now = QUEUED.plus(Duration.ofHours(23));
        assertThat(schedule.afterFailure(10, QUEUED, now))
                .isEqualTo(new RetrySchedule.RetryAt(QUEUED.plus(Duration.ofHours(24))));
    }

    @Test
    void aFullDayOfFailuresShouldTakeAboutSeventeenAttempts() {
        Instant now = QUEUED;
        int failures = 0;
        RetrySchedule.Decision d;
        while ((d = schedule.afterFailure(++failures, QUEUED, now)) instanceof RetrySchedule.RetryAt at) {
            now = at.when();
        }
        // 1+5+15+30+60 min = 1 h 51 min, then every 2 h until 24 h: 12 more, then the wake-up at the deadline
        assertThat(now).isEqualTo(QUEUED.plus(Duration.ofHours(24)));
        assertThat(failures).isBetween(16, 20);
        assertThat(d).isEqualTo(new RetrySchedule.GiveUp(now));
    }
}
