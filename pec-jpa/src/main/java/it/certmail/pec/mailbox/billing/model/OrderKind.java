package it.certmail.pec.mailbox.billing.model;

/** Tipo d'ordine. */
public enum OrderKind {
    /** the first period, paid when the mailbox is created */
    ACTIVATION,
    /** automatic or manual renewal of the current plan */
    RENEWAL,
    /** add-on bought mid-term, pro rata */
    ADD_ON,
    /** a more expensive plan, at once, the difference pro rata */
    UPGRADE,
    /** a cheaper plan, no refund */
    DOWNGRADE,
    /** a new plan for a lapsed mailbox (reception only, cessation): a fresh period from today */
    REACTIVATION
}
