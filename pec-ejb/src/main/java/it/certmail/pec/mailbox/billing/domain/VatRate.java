package it.certmail.pec.mailbox.billing.domain;

/** Aliquota IVA in basis points (2200 = 22 %, the Italian ordinary rate). */
public record VatRate(int basisPoints) {

    public static final VatRate ORDINARY = new VatRate(2200);

    public VatRate {
        if (basisPoints < 0 || basisPoints > 10_000) {
            throw new IllegalArgumentException("VAT rate out of range: " + basisPoints);
        }
    }

    /** The VAT on a taxable amount, rounded half up to the cent (once per invoice, on its total). */
    public Money on(Money taxable) {
        return taxable.fraction(basisPoints, 10_000);
    }

    @Override
    public String toString() {
        return java.math.BigDecimal.valueOf(basisPoints, 2).stripTrailingZeros().toPlainString() + "%";
    }
}
