package it.certmail.pec.mailbox.domain;

/** Spazio esaurito: an append by the owner would go over the mailbox quota (deliveries are never refused for space). */
public class QuotaExceededException extends MailboxException {

    private static final long serialVersionUID = 1L;

    public QuotaExceededException(String message) {
        super(message);
    }
}
