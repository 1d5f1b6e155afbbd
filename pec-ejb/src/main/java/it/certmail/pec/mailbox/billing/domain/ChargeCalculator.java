package it.certmail.pec.mailbox.billing.domain;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;

/**
 * Calcolo degli addebiti: period prices, pro rata by the months left to the expiry, discounts, VAT. Pure.
 * VAT is computed once on the order's taxable total and rounded half up to the cent.
 */
public final class ChargeCalculator {

    private ChargeCalculator() {
    }

    /** {@code net} less the discount (if any), plus VAT at {@code rate}. */
    public static Charge charge(Money net, VatRate rate, DiscountRule discount) {
        Money off = discount == null ? Money.ZERO : discount.amountOff(net);
        Money taxable = net.minus(off);
        Money vat = rate.on(taxable);
        return new Charge(net, off, taxable, rate, vat, taxable.plus(vat));
    }

    /** {@code periods} periods of {@code plan}. */
    public static Charge periods(PlanTerms plan, int periods, DiscountRule discount) {
        if (periods < 1) {
            throw new IllegalArgumentException("at least one period");
        }
        return charge(plan.price().times(periods), plan.vat(), discount);
    }

    /**
     * Months left from {@code now} to {@code expiresAt}, a started month counting as whole (what add-ons bought
     * mid-term are charged for); 0 when expired.
     */
    public static int monthsLeft(Instant now, Instant expiresAt, ZoneId zone) {
        if (expiresAt == null || !now.isBefore(expiresAt)) {
            return 0;
        }
        ZonedDateTime from = now.atZone(zone);
        ZonedDateTime to = expiresAt.atZone(zone);
        long months = ChronoUnit.MONTHS.between(from, to);
        if (from.plusMonths(months).isBefore(to)) {
            months++;
        }
        return Math.toIntExact(months);
    }

    /** A yearly price for {@code monthsLeft} months: {@code yearly × months / 12}, rounded half up. */
    public static Money proRata(Money yearly, int monthsLeft) {
        if (monthsLeft < 0) {
            throw new IllegalArgumentException("negative months");
        }
        return yearly.fraction(monthsLeft, 12);
    }

    /** {@code units} of an add-on priced {@code yearlyUnitPrice} a year, until the expiry. */
    public static Charge addOn(Money yearlyUnitPrice, int units, int monthsLeft, VatRate rate, DiscountRule discount) {
        if (units < 1) {
            throw new IllegalArgumentException("at least one unit");
        }
        return charge(proRata(yearlyUnitPrice.times(units), monthsLeft), rate, discount);
    }

    /**
     * Moving from {@code from} to a dearer plan {@code to} mid-term: the difference of their yearly prices for
     * the months left. A cheaper plan costs nothing now (and refunds nothing).
     */
    public static Charge planChange(PlanTerms from, PlanTerms to, int monthsLeft, DiscountRule discount) {
        Money difference = to.yearlyPrice().minus(from.yearlyPrice());
        Money net = difference.isPositive() ? proRata(difference, monthsLeft) : Money.ZERO;
        return charge(net, to.vat(), discount);
    }
}
