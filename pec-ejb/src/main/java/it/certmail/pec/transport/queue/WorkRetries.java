package it.certmail.pec.transport.queue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import it.certmail.pec.transport.domain.RetrySchedule;

/**
 * When failed work is tried again. Relay attempts follow the {@link RetrySchedule} (the 24 h limit is the relay's
 * to enforce, with its notices). Reception failures are mostly races (two receipts for one recipient at once), so
 * they are retried soon; one that fails five times will not succeed (a bug or a broken message) and is held.
 */
public final class WorkRetries {

    /** Reception attempts that fail this often are held. */
    public static final int RECEPTION_ATTEMPTS_BEFORE_HOLD = 5;
    private static final List<Duration> RECEPTION_RETRY = List.of(Duration.ofSeconds(1), Duration.ofSeconds(5),
            Duration.ofSeconds(30), Duration.ofMinutes(2));

    private final RetrySchedule relay;

    public WorkRetries(RetrySchedule relay) {
        this.relay = relay;
    }

    public static WorkRetries standard() {
        return new WorkRetries(RetrySchedule.standard());
    }

    /**
     * @param failures the failed attempts including this one
     * @return when to try again, or empty: hold the item
     */
    public Optional<Instant> nextAttempt(it.certmail.pec.transport.model.WorkQueue queue, int failures, Instant now) {
        if (queue == it.certmail.pec.transport.model.WorkQueue.RECEPTION) {
            return failures >= RECEPTION_ATTEMPTS_BEFORE_HOLD ? Optional.empty()
                    : Optional.of(now.plus(RECEPTION_RETRY.get(failures - 1)));
        }
        return Optional.of(relay.nextAttempt(failures, now));
    }
}
