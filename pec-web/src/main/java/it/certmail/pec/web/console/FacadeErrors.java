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
}
