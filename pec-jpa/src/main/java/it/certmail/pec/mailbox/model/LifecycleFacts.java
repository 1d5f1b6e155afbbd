package it.certmail.pec.mailbox.model;

import java.time.Instant;
import java.util.Objects;

/**
 * Stato del ciclo di vita di una casella: everything the lifecycle decides on, as a value. The subscription
 * stores it; {@code LifecycleMachine} (pec-ejb) computes the next one.
 *
 * @param phase           where the mailbox stands
 * @param expiresAt       end of the paid period ({@code null}: never expires)
 * @param autoRenew       whether the period is renewed by charging the payment method
 * @param failedCharges   failed charges for this period (0 when none)
 * @param firstFailedAt   the first failed charge of this period, {@code null} when none
 * @param lastChargeAt    the last failed charge of this period, {@code null} when none
 * @param cessationEndsAt the deletion date once cessation started, else {@code null}
 * @param finalNoticeSent whether the final notice before the deletion went out
 */
public record LifecycleFacts(LifecyclePhase phase, Instant expiresAt, boolean autoRenew, int failedCharges,
        Instant firstFailedAt, Instant lastChargeAt, Instant cessationEndsAt, boolean finalNoticeSent) {

    public LifecycleFacts {
        Objects.requireNonNull(phase, "phase");
        if (failedCharges < 0) {
            throw new IllegalArgumentException("negative failedCharges");
        }
    }

    /** A freshly paid period ending at {@code expiresAt}. */
    public static LifecycleFacts paidUntil(Instant expiresAt, boolean autoRenew) {
        return new LifecycleFacts(LifecyclePhase.ACTIVE, expiresAt, autoRenew, 0, null, null, null, false);
    }

    public LifecycleFacts withPhase(LifecyclePhase next) {
        return new LifecycleFacts(next, expiresAt, autoRenew, failedCharges, firstFailedAt, lastChargeAt,
                cessationEndsAt, finalNoticeSent);
    }

    public LifecycleFacts withAutoRenew(boolean renew) {
        return new LifecycleFacts(phase, expiresAt, renew, failedCharges, firstFailedAt, lastChargeAt,
                cessationEndsAt, finalNoticeSent);
    }
}
