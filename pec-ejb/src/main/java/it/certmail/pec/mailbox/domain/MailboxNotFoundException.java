package it.certmail.pec.mailbox.domain;

/** Casella o cartella inesistente. HTTP 404. */
public class MailboxNotFoundException extends MailboxException {

    private static final long serialVersionUID = 1L;

    public MailboxNotFoundException(String message) {
        super(message);
    }
}
