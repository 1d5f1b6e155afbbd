package it.certmail.pec.mailbox.billing.model;

/** Servizio aggiuntivo: what can be bought on top of a plan, per unit and year, pro rata to the expiry. */
public enum AddOnKind {
    /** spazio aggiuntivo: 1 GiB of mailbox space per unit */
    EXTRA_GB(1L << 30),
    /** archivio di sicurezza: 1 GiB of archive per unit */
    ARCHIVE_GB(1L << 30),
    /** one more user of the mailbox (multi-utenza) */
    USER_SEAT(0),
    /** notifiche SMS of new mail */
    SMS_NOTIFICATIONS(0);

    private final long bytesPerUnit;

    AddOnKind(long bytesPerUnit) {
        this.bytesPerUnit = bytesPerUnit;
    }

    /** Space one unit adds (0 for services). */
    public long bytesPerUnit() {
        return bytesPerUnit;
    }
}
