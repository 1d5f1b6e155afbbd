package it.certmail.pec.mailbox.model;

/** Cosa accade alla scadenza: what a plan does with a mailbox whose period ends unpaid. */
public enum ExpiryMode {
    /** super reception for the grace days, then disabled, then purged (standard, pro, premium) */
    SUPER_RECEPTION,
    /** reception only for good, archive deleted, add-ons ended; a new plan brings sending back (classic) */
    RECEPTION_ONLY,
    /** cessation: told by e-mail, deleted after the cessation days unless reactivated (monthly, annual) */
    CESSATION
}
