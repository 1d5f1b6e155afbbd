package it.certmail.pec.mailbox.domain;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import it.certmail.pec.mailbox.model.ExpiryMode;
import it.certmail.pec.mailbox.model.LifecycleFacts;
import it.certmail.pec.mailbox.model.LifecyclePhase;
import it.certmail.pec.mailbox.model.LifecyclePolicy;

/**
 * Macchina a stati del ciclo di vita: from a mailbox's {@link LifecycleFacts} and its plan's
 * {@link LifecyclePolicy}, the next step and when it is due ({@link #next}), and the facts after a step
 * ({@link #after}, {@link #chargeFailed}, {@link #renewed}). Pure: time comes in as parameters; the jobs persist the
 * facts and perform the side effects (notices, deletions) in the same transaction.
 *
 * <pre>
 * ACTIVE --charge ok--> ACTIVE (new period)
 * ACTIVE --charge failed after the period end--> PAYMENT_RETRY (retried daily for retryDays)
 * ACTIVE|PAYMENT_RETRY --EXPIRE--> GRACE (super reception) | RECEPTION_ONLY | CESSATION
 * ACTIVE|PAYMENT_RETRY --START_CESSATION (retries exhausted, or no automatic renewal)--> CESSATION
 * GRACE --DISABLE (expiry + graceDays)--> DISABLED --PURGE (+ purgeDays)--> CLOSED
 * CESSATION --FINAL_NOTICE--> CESSATION --DELETE (last attempt + cessationDays)--> CLOSED
 * GRACE|RECEPTION_ONLY|CESSATION|PAYMENT_RETRY --renewal or new plan--> ACTIVE (content kept)
 * any but CLOSED --withdrawal--> WITHDRAWN --WITHDRAWAL_REMINDER--> WITHDRAWN --DELETE (+ 30 days)--> CLOSED
 * </pre>
 */
public final class LifecycleMachine {

    private static final Duration DAY = Duration.ofDays(1);
    /** after a withdrawal the content stays downloadable this many days, then it is deleted */
    public static final int WITHDRAWAL_DAYS = 30;
    /** the reminder to download goes this many days before a withdrawn mailbox is deleted */
    public static final int WITHDRAWAL_REMINDER_DAYS = 5;

    private LifecycleMachine() {
    }

    /** The next step, possibly in the future; empty when nothing is scheduled (no expiry, or a final phase). */
    public static Optional<PendingStep> next(LifecycleFacts f, LifecyclePolicy p) {
        if (f.phase() == LifecyclePhase.WITHDRAWN) {
            // whatever the plan and the expiry: the withdrawal fixed the deletion date
            Instant deletion = f.cessationEndsAt();
            if (!f.finalNoticeSent()) {
                return Optional.of(new PendingStep(LifecycleStep.WITHDRAWAL_REMINDER,
                        deletion.minus(days(WITHDRAWAL_REMINDER_DAYS)), 0));
            }
            return Optional.of(new PendingStep(LifecycleStep.DELETE, deletion, 0));
        }
        Instant expiry = f.expiresAt();
        if (expiry == null) {
            return Optional.empty();
        }
        Optional<PendingStep> charge = f.autoRenew() ? nextCharge(f, p) : Optional.empty();
        return switch (f.phase()) {
            case ACTIVE, PAYMENT_RETRY -> {
                if (p.onExpiry() == ExpiryMode.CESSATION) {
                    // recurring plans: a missed charge does not expire the mailbox, it starts the cessation
                    if (charge.isPresent()) {
                        yield charge;
                    }
                    Instant base = later(expiry, f.lastChargeAt());
                    yield Optional.of(new PendingStep(LifecycleStep.START_CESSATION, base, 0));
                }
                yield earliest(charge, new PendingStep(LifecycleStep.EXPIRE, expiry, 0));
            }
            case GRACE -> earliest(charge, new PendingStep(LifecycleStep.DISABLE, expiry.plus(days(p.graceDays())), 0));
            case DISABLED -> Optional.of(new PendingStep(LifecycleStep.PURGE,
                    expiry.plus(days(p.graceDays() + p.purgeDays())), 0));
            case CESSATION -> {
                Instant deletion = f.cessationEndsAt();
                if (!f.finalNoticeSent() && p.finalNoticeDays() > 0) {
                    yield Optional.of(new PendingStep(LifecycleStep.FINAL_NOTICE, deletion.minus(days(p.finalNoticeDays())), 0));
                }
                yield Optional.of(new PendingStep(LifecycleStep.DELETE, deletion, 0));
            }
            case RECEPTION_ONLY, WITHDRAWN, CLOSED -> Optional.empty();
        };
    }

    /**
     * The facts after a step other than {@link LifecycleStep#CHARGE} (whose outcome is given to
     * {@link #chargeFailed} or {@link #renewed}).
     */
    public static LifecycleFacts after(LifecycleFacts f, LifecycleStep step, LifecyclePolicy p) {
        return switch (step) {
            case EXPIRE -> switch (p.onExpiry()) {
                case SUPER_RECEPTION -> f.withPhase(LifecyclePhase.GRACE);
                case RECEPTION_ONLY -> f.withPhase(LifecyclePhase.RECEPTION_ONLY);
                case CESSATION -> startCessation(f, p);
            };
            case START_CESSATION -> startCessation(f, p);
            case DISABLE -> f.withPhase(LifecyclePhase.DISABLED);
            case FINAL_NOTICE, WITHDRAWAL_REMINDER -> new LifecycleFacts(f.phase(), f.expiresAt(), f.autoRenew(), f.failedCharges(),
                    f.firstFailedAt(), f.lastChargeAt(), f.cessationEndsAt(), true);
            case PURGE, DELETE -> f.withPhase(LifecyclePhase.CLOSED);
            case CHARGE -> throw new IllegalArgumentException("a charge ends in chargeFailed or renewed");
        };
    }

    /** A charge attempt at {@code at} was refused. Past the period end the mailbox is in payment retry. */
    public static LifecycleFacts chargeFailed(LifecycleFacts f, Instant at) {
        LifecyclePhase phase = f.phase() == LifecyclePhase.ACTIVE && f.expiresAt() != null && !at.isBefore(f.expiresAt())
                ? LifecyclePhase.PAYMENT_RETRY : f.phase();
        return new LifecycleFacts(phase, f.expiresAt(), f.autoRenew(), f.failedCharges() + 1,
                f.firstFailedAt() == null ? at : f.firstFailedAt(), at, f.cessationEndsAt(), f.finalNoticeSent());
    }

    /** Paid (renewal, reactivation, new plan): a new period, failures forgotten, content kept. */
    public static LifecycleFacts renewed(LifecycleFacts f, Instant newExpiry) {
        return LifecycleFacts.paidUntil(newExpiry, f.autoRenew());
    }

    /**
     * Withdrawal (recesso) by the holder at {@code now}: closed to mail at once, no more charges, the content deleted
     * {@link #WITHDRAWAL_DAYS} days later. Withdrawing again changes nothing (the first date holds); a closed mailbox
     * stays closed.
     */
    public static LifecycleFacts withdrawn(LifecycleFacts f, Instant now) {
        if (f.phase() == LifecyclePhase.WITHDRAWN || f.phase() == LifecyclePhase.CLOSED) {
            return f;
        }
        return new LifecycleFacts(LifecyclePhase.WITHDRAWN, f.expiresAt(), false, f.failedCharges(), f.firstFailedAt(),
                f.lastChargeAt(), now.plus(days(WITHDRAWAL_DAYS)), false);
    }

    private static Optional<PendingStep> nextCharge(LifecycleFacts f, LifecyclePolicy p) {
        if (f.phase() == LifecyclePhase.DISABLED || f.phase() == LifecyclePhase.CLOSED
                || f.phase() == LifecyclePhase.WITHDRAWN || f.phase() == LifecyclePhase.CESSATION || f.phase() == LifecyclePhase.RECEPTION_ONLY) {
            return Optional.empty();
        }
        if (f.failedCharges() == 0) {
            return Optional.of(new PendingStep(LifecycleStep.CHARGE, f.expiresAt().minus(days(p.chargeLeadDays())), 1));
        }
        Instant retry = f.lastChargeAt().plus(DAY);
        Instant lastAllowed = f.firstFailedAt().plus(days(p.retryDays()));
        return retry.isAfter(lastAllowed) ? Optional.empty()
                : Optional.of(new PendingStep(LifecycleStep.CHARGE, retry, f.failedCharges() + 1));
    }

    private static LifecycleFacts startCessation(LifecycleFacts f, LifecyclePolicy p) {
        // "30 days after the last attempt"; with no attempt (no automatic renewal), after the expiry
        Instant base = later(f.expiresAt(), f.lastChargeAt());
        return new LifecycleFacts(LifecyclePhase.CESSATION, f.expiresAt(), f.autoRenew(), f.failedCharges(),
                f.firstFailedAt(), f.lastChargeAt(), base.plus(days(p.cessationDays())), false);
    }

    private static Optional<PendingStep> earliest(Optional<PendingStep> charge, PendingStep other) {
        // on a tie the charge goes first: a successful last retry saves the mailbox from expiring
        return charge.filter(c -> !c.dueAt().isAfter(other.dueAt())).or(() -> Optional.of(other));
    }

    private static Instant later(Instant a, Instant b) {
        return b == null || a.isAfter(b) ? a : b;
    }

    private static Duration days(int days) {
        return Duration.ofDays(days);
    }
}
