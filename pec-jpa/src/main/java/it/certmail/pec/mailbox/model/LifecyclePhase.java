package it.certmail.pec.mailbox.model;

/**
 * Fase del ciclo di vita: where a mailbox stands in its plan's lifecycle. Each phase fixes the
 * {@link MailboxStatus} the transport obeys; the lifecycle job moves mailboxes between phases as their plan's
 * {@link LifecyclePolicy} says.
 */
public enum LifecyclePhase {
    /** in a paid period (an automatic renewal may be failing before the period ends) */
    ACTIVE(MailboxStatus.ACTIVE),
    /** the period ended on a failed recurring charge: retried daily, the mailbox keeps working meanwhile */
    PAYMENT_RETRY(MailboxStatus.ACTIVE),
    /** super reception after expiry: receives (also when full), cannot send; renewal keeps everything */
    GRACE(MailboxStatus.RECEIVE_ONLY),
    /** after the grace period: no access, mail to it gets the avviso di mancata consegna; purged later */
    DISABLED(MailboxStatus.DISABLED),
    /** expired without renewal on a plan that keeps it receiving for good (archive gone, no add-ons) */
    RECEPTION_ONLY(MailboxStatus.RECEIVE_ONLY),
    /** cessazione: the holder was told; deleted at the end unless reactivated (content kept then) */
    CESSATION(MailboxStatus.RECEIVE_ONLY),
    /**
     * recesso: closed to mail at once (no sending, reception refused as for a disabled mailbox, no IMAP/POP3), the
     * content kept until the deletion date (the facts' {@code cessationEndsAt}); meanwhile the holder signs in to the
     * web area only to download it (mailbox, invoices, contract, log extracts)
     */
    WITHDRAWN(MailboxStatus.DISABLED),
    /** purged or deleted (after expiry, cessation or withdrawal): no content, the address is reserved for its holder */
    CLOSED(MailboxStatus.CLOSED);

    private final MailboxStatus status;

    LifecyclePhase(MailboxStatus status) {
        this.status = status;
    }

    /** The mailbox status this phase implies. */
    public MailboxStatus status() {
        return status;
    }

    /**
     * Whether the holder may sign in to the web area although the status forbids logging in: a withdrawn mailbox,
     * to download its content until the deletion.
     */
    public boolean webDownloadOnly() {
        return this == WITHDRAWN;
    }

    /** Whether the mailbox is past its paid period (a renewal or a new plan brings it back). */
    public boolean lapsed() {
        return this == GRACE || this == DISABLED || this == RECEPTION_ONLY || this == CESSATION;
    }
}
