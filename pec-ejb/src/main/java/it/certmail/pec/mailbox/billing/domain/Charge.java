package it.certmail.pec.mailbox.billing.domain;

/**
 * Addebito calcolato: what an order costs. {@code taxable = net - discount}, {@code vat} on the taxable,
 * {@code total = taxable + vat}.
 */
public record Charge(Money net, Money discount, Money taxable, VatRate rate, Money vat, Money total) {

    public Charge {
        if (!taxable.equals(net.minus(discount)) || !total.equals(taxable.plus(vat)) || taxable.cents() < 0) {
            throw new IllegalArgumentException("inconsistent charge: " + net + " - " + discount + " + " + vat);
        }
    }

    public boolean isFree() {
        return !total.isPositive();
    }
}
