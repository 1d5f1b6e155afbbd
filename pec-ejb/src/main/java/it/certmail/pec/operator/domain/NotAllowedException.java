package it.certmail.pec.operator.domain;

import it.certmail.pec.operator.model.Area;
import it.certmail.pec.operator.model.OperatorRole;

/** An operator asked for something their role does not allow (the API answers 403, the console a message). */
public class NotAllowedException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** Nobody has signed in (an expired or forged session reached an action). */
    public NotAllowedException(Area area, boolean change) {
        super("nobody signed in may " + (change ? "change " : "read ")
                + area.name().toLowerCase(java.util.Locale.ROOT));
    }

    public NotAllowedException(String user, OperatorRole role, Area area, boolean change) {
        super(user + " (" + role.code() + ") may not " + (change ? "change " : "read ")
                + area.name().toLowerCase(java.util.Locale.ROOT));
    }
}
