package it.certmail.pec.web.console;

import it.certmail.pec.mailbox.domain.MailboxException;
import it.certmail.pec.web.shared.PageMessages;

/** A service refusal as a message beside the field it concerns and in the message area. */
final class FacadeErrors {

    private FacadeErrors() {
    }

    static void show(String fieldId, MailboxException e) {
        PageMessages.refusal(fieldId, e);
    }

    /**
     * The facade refused an action the operator's role does not allow (a forged post, or a page left open while the
     * role changed): a message, and 403 as the answer's status.
     */
    static String refused() {
        jakarta.faces.context.FacesContext faces = jakarta.faces.context.FacesContext.getCurrentInstance();
        faces.getExternalContext().setResponseStatus(403);
        Messages.error(null, "error.notAllowed");
        return null;
    }
}
