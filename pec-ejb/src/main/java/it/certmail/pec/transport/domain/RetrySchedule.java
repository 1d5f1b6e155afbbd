package it.certmail.pec.transport.domain;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * Piano dei tentativi: when to try a relay again after a temporary failure, and when to give up. The intervals
 * grow (1 min, 5 min, 15 min, 30 min, 1 h, then every 2 h) and a message is given up once it has been waiting for
 * {@link #DEFAULT_MAX_AGE} (RFC 6109 §2.2.2: "time limit for message idleness equal to 24 hours"). Pure: time is
 * passed in (house-style §6.6 #2).
 */
public final class RetrySchedule {

    public static final List<Duration> DEFAULT_INTERVALS = List.of(Duration.ofMinutes(1), Duration.ofMinutes(5),
            Duration.ofMinutes(15), Duration.ofMinutes(30), Duration.ofHours(1), Duration.ofHours(2));
    public static final Duration DEFAULT_MAX_AGE = Duration.ofHours(24);

    private final List<Duration> intervals;
    private final Duration maxAge;

    public RetrySchedule(List<Duration> intervals, Duration maxAge) {
        this.intervals = List.copyOf(intervals);
        if (this.intervals.isEmpty() || this.intervals.stream().anyMatch(d -> d.isNegative() || d.isZero())) {
            throw new IllegalArgumentException("intervals must be positive and not empty");
        }
        this.maxAge = Objects.requireNonNull(maxAge, "maxAge");
    }

    public static RetrySchedule standard() {
        return new RetrySchedule(DEFAULT_INTERVALS, DEFAULT_MAX_AGE);
    }

    /** What to do after a temporary failure. */
    public sealed interface Decision permits RetryAt, GiveUp {
    }

    /** Try again at {@code when}. */
    public record RetryAt(Instant when) implements Decision {
    }

    /** The message is older than the maximum age: stop and send the avviso di mancata consegna. */
    public record GiveUp(Instant deadline) implements Decision {
    }

    /**
     * The wait after {@code failedAttempts} consecutive failures (1 = after the first failure); the intervals
     * are clamped at the last entry; 0 failures means no wait.
     */
    public Duration delayAfter(int failedAttempts) {
        if (failedAttempts <= 0) {
            return Duration.ZERO;
        }
        return intervals.get(Math.min(failedAttempts, intervals.size()) - 1);
    }

    /** The next attempt after {@code failedAttempts} failures, without regard to the deadline. */
    public Instant nextAttempt(int failedAttempts, Instant now) {
        return now.plus(delayAfter(failedAttempts));
    }

    /** The moment a message first queued at {@code queuedAt} is given up. */
    public Instant deadline(Instant queuedAt) {
        return queuedAt.plus(maxAge);
    }

    /**
     * Whether an attempt may still be made: not once the deadline has passed, when the 24 h notice has told the
     * sender the message was not delivered (a message delivered after it would contradict the notice).
     */
    public boolean mayAttempt(Instant queuedAt, Instant now) {
        return !isExpired(queuedAt, now);
    }

    /** True once the message has waited {@link #deadline} or longer. */
    public boolean isExpired(Instant queuedAt, Instant now) {
        return !now.isBefore(deadline(queuedAt));
    }

    /**
     * Decides after a temporary failure: give up if expired, else retry after the growing interval but never
     * later than the deadline, so that the recipient wakes up exactly when it must be given up.
     */
    public Decision afterFailure(int failedAttempts, Instant queuedAt, Instant now) {
        Instant deadline = deadline(queuedAt);
        if (!now.isBefore(deadline)) {
            return new GiveUp(deadline);
        }
        Instant next = nextAttempt(failedAttempts, now);
        return new RetryAt(next.isAfter(deadline) ? deadline : next);
    }
}
