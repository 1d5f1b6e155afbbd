package it.certmail.pec.transport.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import it.certmail.pec.receipts.domain.TimeoutStage;
import it.certmail.pec.transport.domain.DeliveryDeadlines.Tracking;

class DeliveryDeadlinesTest {

    private static final Instant T0 = Instant.parse("2026-03-01T08:00:00Z");
    private final DeliveryDeadlines deadlines = DeliveryDeadlines.RFC_6109;

    private static Instant h(double hours) {
        return T0.plus(Duration.ofMinutes((long) (hours * 60)));
    }

    @Test
    void neitherTakeChargeNorDeliveryShouldGiveBothNotices() {
        Tracking t = new Tracking(T0, null, null, false, false);
        assertThat(deadlines.due(t, h(11.9))).isEmpty();
        assertThat(deadlines.due(t, h(12))).contains(TimeoutStage.WARNING_12_HOURS);
        Tracking warned = new Tracking(T0, null, null, true, false);
        assertThat(deadlines.due(warned, h(23.9))).isEmpty();
        assertThat(deadlines.due(warned, h(24))).contains(TimeoutStage.FINAL_24_HOURS);
        assertThat(deadlines.due(new Tracking(T0, null, null, true, true), h(30))).isEmpty();
    }

    @Test
    void takeChargeWithin12HoursWithoutDeliveryShouldGiveOnlyTheFinalNotice() {
        Tracking t = new Tracking(T0, h(1), null, false, false);
        assertThat(deadlines.due(t, h(13))).isEmpty();
        assertThat(deadlines.due(t, h(24))).contains(TimeoutStage.FINAL_24_HOURS);
        assertThat(deadlines.nextCheck(t)).contains(h(24));
    }

    @Test
    void deliveryBetween12And24HoursWithoutTakeChargeShouldGiveOnlyTheWarning() {
        // the warning went out at 12 h, then the consegna arrived: nothing more
        Tracking warnedThenDelivered = new Tracking(T0, null, h(15), true, false);
        assertThat(deadlines.due(warnedThenDelivered, h(25))).isEmpty();
        assertThat(deadlines.nextCheck(warnedThenDelivered)).isEmpty();
        // the job ran late: the consegna is recorded before the warning was sent; the warning is still owed
        Tracking lateJob = new Tracking(T0, null, h(15), false, false);
        assertThat(deadlines.due(lateJob, h(16))).contains(TimeoutStage.WARNING_12_HOURS);
    }

    @Test
    void deliveryWithin12HoursShouldGiveNothing() {
        Tracking t = new Tracking(T0, h(0.1), h(0.2), false, false);
        assertThat(deadlines.due(t, h(30))).isEmpty();
        assertThat(deadlines.nextCheck(t)).isEmpty();
    }

    @Test
    void nextCheckShouldPointAtTheWarningFirst() {
        assertThat(deadlines.nextCheck(new Tracking(T0, null, null, false, false))).isEqualTo(Optional.of(h(12)));
        assertThat(deadlines.nextCheck(new Tracking(T0, null, null, true, false))).isEqualTo(Optional.of(h(24)));
    }
}
