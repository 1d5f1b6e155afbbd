package it.certmail.pec.transport.domain;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import it.certmail.pec.receipts.domain.TimeoutStage;

/**
 * The 12 h and 24 h rules of RFC 6109 §3.1.6 for one certified recipient of a dispatched envelope:
 * <ul>
 * <li>neither presa in carico nor consegna within 12 h: the preavviso;</li>
 * <li>no consegna within 24 h (sent at the 24 h mark, never before 22 h): the final notice, which ends tracking.</li>
 * </ul>
 * So: presa in carico within 12 h but no consegna gives only the 24 h notice; no presa in carico but a consegna
 * between 12 h and 24 h gives only the 12 h notice; neither gives both.
 */
public record DeliveryDeadlines(Duration warningAfter, Duration finalAfter) {

    public static final DeliveryDeadlines RFC_6109 = new DeliveryDeadlines(Duration.ofHours(12), Duration.ofHours(24));

    public DeliveryDeadlines {
        if (finalAfter.compareTo(Duration.ofHours(22)) < 0 || warningAfter.compareTo(finalAfter) >= 0) {
            throw new IllegalArgumentException("the final notice may not come before 22 h nor before the warning");
        }
    }

    /** The tracking state of one recipient. Times are null while the event has not happened. */
    public record Tracking(Instant dispatchedAt, Instant takenChargeAt, Instant deliveredAt,
                           boolean warningSent, boolean finalSent) {
    }

    /** The notice due now, if any; at most one per call, the earlier stage first. */
    public Optional<TimeoutStage> due(Tracking t, Instant now) {
        if (t.deliveredAt() != null || t.finalSent()) {
            // a consegna after 12 h still leaves the warning due if it was never sent and it was due before
            if (t.deliveredAt() != null && !t.warningSent() && !t.finalSent() && warningWasDue(t, t.deliveredAt())
                    && !now.isBefore(warningAt(t))) {
                return Optional.of(TimeoutStage.WARNING_12_HOURS);
            }
            return Optional.empty();
        }
        if (!t.warningSent() && warningWasDue(t, now)) {
            return Optional.of(TimeoutStage.WARNING_12_HOURS);
        }
        if (!now.isBefore(finalAt(t))) {
            return Optional.of(TimeoutStage.FINAL_24_HOURS);
        }
        return Optional.empty();
    }

    /** When this recipient next needs a look, or empty when tracking is over. */
    public Optional<Instant> nextCheck(Tracking t) {
        if (t.finalSent() || (t.deliveredAt() != null && (t.warningSent() || !warningWasDue(t, t.deliveredAt())))) {
            return Optional.empty();
        }
        if (!t.warningSent() && t.takenChargeAt() == null && t.deliveredAt() == null) {
            return Optional.of(warningAt(t));
        }
        if (t.deliveredAt() != null) {
            return Optional.of(warningAt(t));
        }
        return Optional.of(finalAt(t));
    }

    public Instant warningAt(Tracking t) {
        return t.dispatchedAt().plus(warningAfter);
    }

    public Instant finalAt(Tracking t) {
        return t.dispatchedAt().plus(finalAfter);
    }

    /** The warning condition at {@code at}: 12 h passed with neither presa in carico nor consegna before it. */
    private boolean warningWasDue(Tracking t, Instant at) {
        Instant warningAt = warningAt(t);
        return !at.isBefore(warningAt)
                && (t.takenChargeAt() == null || t.takenChargeAt().isAfter(warningAt))
                && (t.deliveredAt() == null || t.deliveredAt().isAfter(warningAt));
    }
}
