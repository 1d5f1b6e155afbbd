package it.certmail.pec.mailbox.model;

import java.util.Objects;

/**
 * Politica del ciclo di vita di un piano: the figures a plan's lifecycle runs on, all in days (admins edit them
 * with the plan). Pure value; {@code LifecycleMachine} (pec-ejb) evaluates it.
 *
 * @param onExpiry              what an unpaid period end leads to
 * @param chargeLeadDays        the automatic renewal tries its first charge this many days before expiry
 *                              (0: charged on the day the period ends, as recurring plans are)
 * @param retryDays             a failed charge is retried daily for this many days after the first failure
 * @param graceDays             super reception after expiry ({@link ExpiryMode#SUPER_RECEPTION})
 * @param purgeDays             days disabled before the purge ({@link ExpiryMode#SUPER_RECEPTION})
 * @param cessationDays         days from the last failed attempt (or the expiry) to the deletion
 *                              ({@link ExpiryMode#CESSATION})
 * @param finalNoticeDays       the final PEC notice goes this many days before the deletion
 * @param deleteArchiveOnExpiry whether the archive is deleted when the mailbox lapses
 */
public record LifecyclePolicy(ExpiryMode onExpiry, int chargeLeadDays, int retryDays, int graceDays, int purgeDays,
        int cessationDays, int finalNoticeDays, boolean deleteArchiveOnExpiry) {

    public LifecyclePolicy {
        Objects.requireNonNull(onExpiry, "onExpiry");
        if (chargeLeadDays < 0 || retryDays < 0 || graceDays < 0 || purgeDays < 0 || cessationDays < 0
                || finalNoticeDays < 0) {
            throw new IllegalArgumentException("lifecycle days cannot be negative");
        }
        if (finalNoticeDays > cessationDays) {
            throw new IllegalArgumentException("the final notice must come inside the cessation window");
        }
    }

    /** Standard, pro, premium: 90 days of super reception, disabled 7 days, then purged. */
    public static LifecyclePolicy superReception() {
        return new LifecyclePolicy(ExpiryMode.SUPER_RECEPTION, 7, 7, 90, 7, 0, 0, false);
    }

    /** Classic: reception only for good, archive deleted. */
    public static LifecyclePolicy receptionOnly() {
        return new LifecyclePolicy(ExpiryMode.RECEPTION_ONLY, 7, 7, 0, 0, 0, 0, true);
    }

    /** Monthly and annual: charged on the day, retried 15 days, deleted 30 days after the last attempt. */
    public static LifecyclePolicy recurring() {
        return new LifecyclePolicy(ExpiryMode.CESSATION, 0, 15, 0, 0, 30, 5, false);
    }
}
