package it.certmail.pec.mailbox.service;

import java.time.Clock;
import java.util.Locale;
import java.util.logging.Logger;

import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import jakarta.mail.MessagingException;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;

import it.certmail.pec.mailbox.domain.InvalidMailboxRequestException;
import it.certmail.pec.mailbox.domain.MailboxNotFoundException;
import it.certmail.pec.mailbox.infra.JpaMailboxDirectory;
import it.certmail.pec.mailbox.infra.NoticeOutbox;
import it.certmail.pec.mailbox.infra.SmtpNoticeMailer;
import it.certmail.pec.mailbox.model.Mailbox;
import it.certmail.pec.mailbox.model.Notice;
import it.certmail.pec.platform.service.PlatformSettings;

/**
 * Contatti del titolare: e-mail to a holder's reference address. One-time codes leave at once and are never
 * stored (a code in the notice table would outlive its purpose); announcements of what happened to the account
 * go through the notice outbox like every other notice, so they are kept and retried.
 */
@Stateless
public class HolderContacts {

    private static final Logger LOG = Logger.getLogger(HolderContacts.class.getName());

    @PersistenceContext(unitName = "pec")
    EntityManager em;

    @Inject
    LifecycleSettings settings;

    @Inject
    PlatformSettings platform;

    @Inject
    Clock clock;

    /**
     * Sends a one-time code by e-mail now, through {@code pec.notices.smarthost}.
     *
     * @return whether it left (false: no smarthost configured, or the smarthost refused it)
     */
    public boolean sendCode(String to, String subject, String body) {
        if (settings.smarthost().isEmpty()) {
            LOG.warning("pec.notices.smarthost not set: a one-time code for a holder cannot be sent");
            return false;
        }
        try {
            new SmtpNoticeMailer(settings.smarthost().get(), settings.from().orElse("noreply@" + platform.domain()))
                    .send(to, subject, body);
            return true;
        } catch (MessagingException | RuntimeException e) {
            LOG.warning(() -> "one-time code to " + to + " not sent: " + e);
            return false;
        }
    }

    /** Queues an e-mail to the mailbox's reference address (into the mailbox itself when it has none). */
    public void announce(String address, String subject, String body, String key) throws MailboxNotFoundException {
        Mailbox m = new JpaMailboxDirectory(em).require(address);
        new NoticeOutbox(em).add(m, Notice.Channel.EMAIL, null, subject, body, key, clock.instant());
    }

    /** Replaces the reference e-mail; the caller has had the new address confirmed with a code. */
    public void changeReferenceEmail(String address, String referenceEmail)
            throws MailboxNotFoundException, InvalidMailboxRequestException {
        String normalized = normalizeEmail(referenceEmail);
        new JpaMailboxDirectory(em).require(address).changeReferenceEmail(normalized);
        em.flush();
    }

    /** {@code local@domain}, trimmed, domain in lower case; refuses anything else. */
    public static String normalizeEmail(String email) throws InvalidMailboxRequestException {
        String e = email == null ? "" : email.strip();
        int at = e.lastIndexOf('@');
        if (at < 1 || at == e.length() - 1 || e.length() > 320 || e.chars().anyMatch(c -> c <= ' ' || c == ',')
                || !e.substring(at + 1).contains(".")) {
            throw new InvalidMailboxRequestException("not an e-mail address: " + email);
        }
        return e.substring(0, at) + "@" + e.substring(at + 1).toLowerCase(Locale.ROOT);
    }
}
