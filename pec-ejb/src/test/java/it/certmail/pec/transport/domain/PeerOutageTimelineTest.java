package it.certmail.pec.transport.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import it.certmail.pec.receipts.domain.TimeoutStage;

/**
 * A peer provider down for hours, then back (issue 17, "Faults"), played on the two pure rules the platform runs:
 * the relay's {@link RetrySchedule} (RelayService: attempt only while {@code mayAttempt}, retry at
 * {@code afterFailure}) and the tracking's {@link DeliveryDeadlines} (TrackingService, run by the delivery-timeouts
 * job every minute). The peer takes the envelope on the first attempt after its return and answers at once with its
 * presa in carico and consegna. TwoProvidersE2E shows the same notices on a running server for a peer that takes the
 * envelope and never answers; this covers the peer that refuses connections, and what happens on its return.
 */
class PeerOutageTimelineTest {

    private static final Instant DISPATCHED = Instant.parse("2026-03-02T09:00:00Z");
    private static final Duration JOB_EVERY = Duration.ofMinutes(1);

    @Test
    void aPeerDown23HoursShouldGetTheMessageOnItsReturnWithThe12hNoticeOnceAndThe24hOneNever() {
        Timeline t = play(Duration.ofHours(23));
        assertThat(t.deliveredAt).as("delivered on the peer's return").isNotNull();
        assertThat(t.deliveredAt).isAfterOrEqualTo(DISPATCHED.plus(Duration.ofHours(23)))
                .isBefore(DISPATCHED.plus(Duration.ofHours(24)));
        assertThat(t.notices).containsExactly(TimeoutStage.WARNING_12_HOURS);
        assertThat(t.notices.size()).isEqualTo(1);
    }

    @Test
    void aPeerDown25HoursShouldGetThe24hNoticeOnceAndNothingDeliveredAfterIt() {
        Timeline t = play(Duration.ofHours(25));
        assertThat(t.notices).containsExactly(TimeoutStage.WARNING_12_HOURS, TimeoutStage.FINAL_24_HOURS);
        assertThat(t.deliveredAt).as("nothing delivered after the 24 h notice").isNull();
        assertThat(t.gaveUpAt).as("the relay gives up when the 24 h notice is due, not at its next 2 h retry")
                .isEqualTo(DISPATCHED.plus(Duration.ofHours(24)));
        assertThat(t.attemptsAfterFinalNotice).isZero();
    }

    @Test
    void aPeerBackJustBeforeTheDeadlineButBetweenTwoRetriesShouldNotBeOfferedTheMessageLate() {
        // back at 23h55, after the 23h51 attempt: the next 2 h retry (25h51) would have delivered after the notice
        Timeline t = play(Duration.ofHours(23).plusMinutes(55));
        assertThat(t.deliveredAt).isNull();
        assertThat(t.notices).containsExactly(TimeoutStage.WARNING_12_HOURS, TimeoutStage.FINAL_24_HOURS);
    }

    @Test
    void theClockJumpingPastTheDeadlineShouldStillNotOfferTheMessage() {
        // an operator moving the clock (or a node down for a day): the first attempt after the jump is past 24 h
        RetrySchedule schedule = RetrySchedule.standard();
        assertThat(schedule.mayAttempt(DISPATCHED, DISPATCHED.plus(Duration.ofHours(25)))).isFalse();
        assertThat(schedule.mayAttempt(DISPATCHED, DISPATCHED.plus(Duration.ofHours(23).plusMinutes(59)))).isTrue();
    }

    /** What became of one message to one certified recipient at the peer. */
    private static final class Timeline {
        Instant deliveredAt;
        Instant gaveUpAt;
        Instant finalNoticeAt;
        int attemptsAfterFinalNotice;
        final List<TimeoutStage> notices = new ArrayList<>();
    }

    private static Timeline play(Duration peerDown) {
        RetrySchedule schedule = RetrySchedule.standard();
        DeliveryDeadlines deadlines = DeliveryDeadlines.RFC_6109;
        Timeline out = new Timeline();
        DeliveryDeadlines.Tracking tracking = new DeliveryDeadlines.Tracking(DISPATCHED, null, null, false, false);
        Optional<Instant> nextCheck = Optional.of(deadlines.warningAt(tracking));
        Instant nextAttempt = DISPATCHED;
        int failures = 0;
        Instant end = DISPATCHED.plus(Duration.ofHours(30));
        for (Instant now = DISPATCHED; now.isBefore(end); now = now.plus(Duration.ofSeconds(30))) {
            if (nextAttempt != null && !now.isBefore(nextAttempt)) {
                if (out.finalNoticeAt != null && schedule.mayAttempt(DISPATCHED, now)) {
                    out.attemptsAfterFinalNotice++;
                }
                if (!schedule.mayAttempt(DISPATCHED, now)) {
                    out.gaveUpAt = nextAttempt;
                    nextAttempt = null;
                } else if (now.isBefore(DISPATCHED.plus(peerDown))) {
                    failures++;
                    RetrySchedule.Decision d = schedule.afterFailure(failures, DISPATCHED, now);
                    nextAttempt = d instanceof RetrySchedule.RetryAt r ? r.when() : null;
                } else {
                    out.deliveredAt = now;
                    nextAttempt = null;
                    // the peer answers with its presa in carico and consegna
                    tracking = new DeliveryDeadlines.Tracking(DISPATCHED, now, now, tracking.warningSent(),
                            tracking.finalSent());
                    nextCheck = deadlines.nextCheck(tracking);
                }
            }
            boolean jobRuns = Duration.between(DISPATCHED, now).toSeconds() % JOB_EVERY.toSeconds() == 0;
            if (jobRuns && nextCheck.isPresent() && !now.isBefore(nextCheck.get())) {
                Optional<TimeoutStage> due = deadlines.due(tracking, now);
                if (due.isPresent()) {
                    out.notices.add(due.get());
                    boolean warning = due.get() == TimeoutStage.WARNING_12_HOURS;
                    tracking = new DeliveryDeadlines.Tracking(DISPATCHED, tracking.takenChargeAt(),
                            tracking.deliveredAt(), tracking.warningSent() || warning,
                            tracking.finalSent() || !warning);
                    if (!warning) {
                        out.finalNoticeAt = now;
                    }
                }
                nextCheck = deadlines.nextCheck(tracking);
            }
        }
        return out;
    }
}
