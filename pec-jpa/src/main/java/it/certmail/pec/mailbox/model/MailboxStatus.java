package it.certmail.pec.mailbox.model;

/**
 * Stato della casella: what a mailbox may do. The lifecycle (expiry, grace period, billing) moves mailboxes
 * between these states; {@link #canChangeTo(MailboxStatus)} holds the only fixed rule so far.
 */
public enum MailboxStatus {
    /** sends, receives, logs in */
    ACTIVE(true, true, true),
    /** receives and logs in (to read what arrives), cannot send: e.g. expired and in its grace period */
    RECEIVE_ONLY(false, true, true),
    /** suspended: mail to it is refused (the sender gets a non-delivery notice), nobody logs in */
    DISABLED(false, false, false),
    /** closed for good; the address is not reused */
    CLOSED(false, false, false);

    private final boolean send;
    private final boolean receive;
    private final boolean login;

    MailboxStatus(boolean send, boolean receive, boolean login) {
        this.send = send;
        this.receive = receive;
        this.login = login;
    }

    public boolean canSend() {
        return send;
    }

    public boolean canReceive() {
        return receive;
    }

    public boolean canLogin() {
        return login;
    }

    /** Every state may move to every other, except out of {@link #CLOSED}, which is final. */
    public boolean canChangeTo(MailboxStatus target) {
        return this != CLOSED || target == CLOSED;
    }
}
