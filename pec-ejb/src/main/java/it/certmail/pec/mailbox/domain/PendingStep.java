package it.certmail.pec.mailbox.domain;

import java.time.Instant;
import java.util.Objects;

/**
 * Prossimo passo: the next lifecycle step of a mailbox and when it is due.
 *
 * @param attempt for {@link LifecycleStep#CHARGE}, the attempt number in this period (1 = first); else 0
 */
public record PendingStep(LifecycleStep step, Instant dueAt, int attempt) {

    public PendingStep {
        Objects.requireNonNull(step, "step");
        Objects.requireNonNull(dueAt, "dueAt");
    }

    public boolean isDue(Instant now) {
        return !dueAt.isAfter(now);
    }

    /**
     * The key that makes the step happen once: the step (and attempt) within the period that ends at
     * {@code periodEnd}.
     */
    public String key(Instant periodEnd) {
        return (periodEnd == null ? "none" : periodEnd.toString()) + "/" + step + (attempt > 0 ? "#" + attempt : "");
    }
}
