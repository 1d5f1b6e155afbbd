package it.certmail.pec.mailbox.billing.model;

/** Tipo di sconto. */
public enum DiscountKind {
    /** value in basis points of the net price (1000 = 10 %) */
    PERCENT,
    /** value in cents, capped at the net price */
    AMOUNT
}
