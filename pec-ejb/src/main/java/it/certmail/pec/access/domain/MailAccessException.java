package it.certmail.pec.access.domain;

/** Richiesta rifiutata: a mailbox operation that cannot be done, with a reason the protocols map to codes. */
public class MailAccessException extends Exception {

    private static final long serialVersionUID = 1L;

    /** Why; mapped to RFC 5530 response codes by IMAP. */
    public enum Reason {
        NONEXISTENT, ALREADYEXISTS, OVERQUOTA, CANNOT, INUSE, LIMIT
    }

    private final Reason reason;

    public MailAccessException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
