package it.certmail.pec.access.imap.domain;

/** Comando malformato: answered with BAD, never a dropped connection. */
public class ImapSyntaxException extends Exception {

    private static final long serialVersionUID = 1L;

    public ImapSyntaxException(String message) {
        super(message);
    }
}
