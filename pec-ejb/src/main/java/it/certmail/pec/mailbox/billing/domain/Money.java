package it.certmail.pec.mailbox.billing.domain;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.text.NumberFormat;
import java.util.Currency;
import java.util.Locale;

/**
 * Importo in euro, in integer cents (never {@code double}). Fractions round half up to the cent, as Italian
 * invoices do.
 */
public record Money(long cents) implements Comparable<Money> {

    public static final Money ZERO = new Money(0);

    public static Money cents(long cents) {
        return new Money(cents);
    }

    /** {@code "9.99"} or {@code "10"}: at most two decimals. */
    public static Money euros(String amount) {
        return new Money(new BigDecimal(amount).movePointRight(2).setScale(0, RoundingMode.UNNECESSARY).longValueExact());
    }

    public Money plus(Money other) {
        return new Money(Math.addExact(cents, other.cents));
    }

    public Money minus(Money other) {
        return new Money(Math.subtractExact(cents, other.cents));
    }

    public Money times(long factor) {
        return new Money(Math.multiplyExact(cents, factor));
    }

    /** {@code this × numerator / denominator}, rounded half up to the cent. */
    public Money fraction(long numerator, long denominator) {
        if (denominator <= 0) {
            throw new IllegalArgumentException("denominator must be positive");
        }
        return new Money(BigDecimal.valueOf(cents).multiply(BigDecimal.valueOf(numerator))
                .divide(BigDecimal.valueOf(denominator), 0, RoundingMode.HALF_UP).longValueExact());
    }

    public Money min(Money other) {
        return cents <= other.cents ? this : other;
    }

    public boolean isPositive() {
        return cents > 0;
    }

    @Override
    public int compareTo(Money o) {
        return Long.compare(cents, o.cents);
    }

    /**
     * The amount as people read it in {@code locale}: {@code 1.234,50 €} in Italian, {@code €1,234.50} in English
     * (the JDK's CLDR patterns, always in euros whatever the locale's own currency).
     */
    public String format(Locale locale) {
        NumberFormat f = NumberFormat.getCurrencyInstance(locale);
        f.setCurrency(Currency.getInstance("EUR"));
        return f.format(BigDecimal.valueOf(cents, 2));
    }

    /** {@code 12.19}: euros with two decimals. */
    @Override
    public String toString() {
        return BigDecimal.valueOf(cents, 2).toPlainString();
    }
}
