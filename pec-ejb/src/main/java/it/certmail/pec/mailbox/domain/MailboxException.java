package it.certmail.pec.mailbox.domain;

/**
 * Errore di una richiesta sulle caselle: the typed failures of the mailbox use cases, each thrown before anything
 * is written. Checked on purpose: a checked exception is an EJB application exception by default, so it reaches
 * the caller as itself (not wrapped in EJBException) and the REST layer maps each subtype to its status.
 */
public abstract class MailboxException extends Exception {

    private static final long serialVersionUID = 1L;

    protected MailboxException(String message) {
        super(message);
    }
}
