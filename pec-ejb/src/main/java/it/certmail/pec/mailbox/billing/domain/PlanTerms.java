package it.certmail.pec.mailbox.billing.domain;

import java.time.Instant;
import java.time.ZoneId;
import java.util.Objects;
import java.util.Set;

import it.certmail.pec.mailbox.billing.model.AddOnKind;
import it.certmail.pec.mailbox.billing.model.PeriodUnit;
import it.certmail.pec.mailbox.model.LifecyclePhase;
import it.certmail.pec.mailbox.model.LifecyclePolicy;

/**
 * Piano (listino): one plan of the catalog as a value, read from the admin-editable {@code plan} table.
 *
 * @param price        net price (VAT excluded) of one period
 * @param periodLength periods are {@code periodLength × unit} long (a classic 3-year plan: 3 YEARS)
 * @param multiYear    whether a subscription may buy 1..5 periods at once (renewal terms of 1 to 5 years)
 * @param spaceBytes   mailbox space
 * @param archiveBytes archive space (0: no archive)
 */
public record PlanTerms(String code, String name, PeriodUnit unit, int periodLength, boolean multiYear, Money price,
        VatRate vat, long spaceBytes, long archiveBytes, Set<AddOnKind> addOns, LifecyclePolicy policy) {

    public static final int MAX_TERM_YEARS = 5;

    public PlanTerms {
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(unit, "unit");
        Objects.requireNonNull(price, "price");
        Objects.requireNonNull(vat, "vat");
        Objects.requireNonNull(policy, "policy");
        addOns = Set.copyOf(addOns);
        if (periodLength < 1 || price.cents() < 0 || spaceBytes <= 0 || archiveBytes < 0) {
            throw new IllegalArgumentException("invalid plan " + code);
        }
    }

    /** Months in one period. */
    public int periodMonths() {
        return periodLength * unit.months();
    }

    /** Yearly-equivalent net price (the base of pro-rata plan changes). */
    public Money yearlyPrice() {
        return price.fraction(12, periodMonths());
    }

    /**
     * How many periods a purchase of {@code termYears} buys: 1..5 yearly periods on a multi-year plan; otherwise
     * one period ({@code termYears} must be absent or match the plan's own term).
     *
     * @throws IllegalArgumentException with a message for the API when the term does not fit the plan
     */
    public int periodsFor(Integer termYears) {
        if (termYears == null) {
            return 1;
        }
        if (multiYear) {
            if (termYears < 1 || termYears > MAX_TERM_YEARS) {
                throw new IllegalArgumentException("termYears must be 1.." + MAX_TERM_YEARS);
            }
            return termYears * 12 / periodMonths();
        }
        if (termYears * 12 != periodMonths()) {
            throw new IllegalArgumentException("the plan " + code + " has a fixed term of " + periodMonths() + " months");
        }
        return 1;
    }

    /**
     * The end of a subscription anchored at {@code anchor} after {@code paidMonths}: counted from the anchor, so a
     * monthly plan started on the 31st is due on the last day of short months and back on the 31st after.
     */
    public static Instant periodEnd(Instant anchor, int paidMonths, ZoneId zone) {
        return anchor.atZone(zone).plusMonths(paidMonths).toInstant();
    }

    /** Total space the plan gives, mailbox plus archive. */
    public long totalBytes() {
        return spaceBytes + archiveBytes;
    }

    /**
     * The quota of a mailbox on this plan in {@code phase}: plan space, the archive unless reception only took it
     * away, and the space of its running add-ons.
     */
    public long quotaBytes(LifecyclePhase phase, long addOnBytes) {
        boolean archiveGone = phase == LifecyclePhase.RECEPTION_ONLY && policy.deleteArchiveOnExpiry();
        return spaceBytes + (archiveGone ? 0 : archiveBytes) + addOnBytes;
    }
}
