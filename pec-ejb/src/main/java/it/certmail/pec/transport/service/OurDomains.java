package it.certmail.pec.transport.service;

import it.certmail.pec.mailbox.service.KnownLocalDomains;
import it.certmail.pec.mailbox.service.MailboxService;
import it.certmail.pec.platform.service.PlatformSettings;

/**
 * Whether a domain is one of ours: the provider's own domain and the ones known to have mailboxes are answered
 * from memory, any other is asked of the mailboxes (which look in the database). A plain object the transaction
 * shells take once from {@link Dispatcher#ourDomains()}: asked a few times per message, it costs no EJB call.
 */
public final class OurDomains {

    private final PlatformSettings settings;
    private final KnownLocalDomains known;
    private final MailboxService mailboxes;

    OurDomains(PlatformSettings settings, KnownLocalDomains known, MailboxService mailboxes) {
        this.settings = settings;
        this.known = known;
        this.mailboxes = mailboxes;
    }

    public boolean contains(String domain) {
        return domain.equalsIgnoreCase(settings.domain()) || known.contains(domain) || mailboxes.isLocalDomain(domain);
    }
}
