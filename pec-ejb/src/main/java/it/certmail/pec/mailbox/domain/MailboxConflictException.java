package it.certmail.pec.mailbox.domain;

/** Conflitto: the domain or mailbox already exists, or another provider manages the domain. HTTP 409. */
public class MailboxConflictException extends MailboxException {

    private static final long serialVersionUID = 1L;

    public MailboxConflictException(String message) {
        super(message);
    }
}
