package it.certmail.pec.mailbox.domain;

/** Richiesta non valida: bad input (malformed address, unknown domain, weak password, forbidden status change). HTTP 400. */
public class InvalidMailboxRequestException extends MailboxException {

    private static final long serialVersionUID = 1L;

    public InvalidMailboxRequestException(String message) {
        super(message);
    }
}
