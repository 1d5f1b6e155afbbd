package it.certmail.pec.mailbox.service;

import java.time.Instant;
import java.util.List;

/**
 * Ciclo di vita di una casella as the admin API shows it.
 *
 * @param phase       LifecyclePhase name
 * @param nextStep    the pending step ({@code null}: none), due at {@code nextStepAt}
 * @param addOns      running add-ons as {@code KIND x units until date}
 * @param alertPhone  mobile number for SMS alerts, {@code null} when none
 * @param deletionAt  when the content is deleted (end of the cessation or withdrawal window, or the purge after
 *                    the super reception), {@code null} when no deletion is scheduled
 */
public record LifecycleView(String plan, String phase, Instant activatedAt, Instant expiresAt, boolean autoRenew,
        int termYears, boolean paymentMethod, String nextStep, Instant nextStepAt, long mailBytes, long archiveBytes,
        List<String> addOns, String alertPhone, Instant deletionAt) {
}
