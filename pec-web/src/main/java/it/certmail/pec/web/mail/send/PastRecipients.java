package it.certmail.pec.web.mail.send;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import it.certmail.pec.transport.service.WebmailSendingService;

/** The addresses this mailbox sent PEC to, most recent first. */
@ApplicationScoped
public class PastRecipients implements AddressSuggestionSource {

    @Inject
    WebmailSendingService sending;

    @Override
    public List<String> addresses(String mailbox, int max) {
        return sending.recentRecipients(mailbox, max);
    }
}
