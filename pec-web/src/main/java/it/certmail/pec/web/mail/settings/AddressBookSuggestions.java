package it.certmail.pec.web.mail.settings;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import it.certmail.pec.mailbox.domain.MailboxNotFoundException;
import it.certmail.pec.mailbox.service.MailSettingsService;
import it.certmail.pec.web.mail.send.AddressSuggestionSource;

/** The compose form's completion offers the holder's address book too: each contact's PEC address. */
@ApplicationScoped
public class AddressBookSuggestions implements AddressSuggestionSource {

    @Inject
    MailSettingsService settings;

    @Override
    public List<String> addresses(String mailbox, int max) {
        try {
            return settings.contacts(mailbox).stream().map(MailSettingsService.Contact::address).limit(max).toList();
        } catch (MailboxNotFoundException e) {
            return List.of(); // a mailbox gone since the page opened offers nothing
        }
    }
}
