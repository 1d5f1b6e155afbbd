package it.certmail.pec.operator.domain;

/**
 * A request about operator accounts that cannot be done as asked (a bad user name, a short password, an account
 * that exists or does not). Checked, like the mailbox exceptions: it reaches the caller as itself through an EJB.
 */
public class OperatorRequestException extends Exception {

    private static final long serialVersionUID = 1L;

    public OperatorRequestException(String message) {
        super(message);
    }
}
