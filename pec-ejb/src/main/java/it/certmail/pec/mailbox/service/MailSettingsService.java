package it.certmail.pec.mailbox.service;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;

import it.certmail.pec.mailbox.domain.ArchivePolicy;
import it.certmail.pec.mailbox.domain.ContactCard;
import it.certmail.pec.mailbox.domain.ContactImport;
import it.certmail.pec.mailbox.domain.ContactsCsv;
import it.certmail.pec.mailbox.domain.IncomingRule;
import it.certmail.pec.mailbox.domain.IncomingRules;
import it.certmail.pec.mailbox.domain.InvalidMailboxRequestException;
import it.certmail.pec.mailbox.domain.MailboxException;
import it.certmail.pec.mailbox.domain.MailboxNotFoundException;
import it.certmail.pec.mailbox.domain.NewMailAlertTargets;
import it.certmail.pec.mailbox.domain.VCards;
import it.certmail.pec.mailbox.infra.JpaMailSettings;
import it.certmail.pec.mailbox.model.AddressContact;
import it.certmail.pec.mailbox.model.Mailbox;
import it.certmail.pec.mailbox.model.NewMailAlert;

/**
 * Impostazioni del titolare (webmail): ordinary mail on or off and non-PEC recipients blocked (the settings an
 * operator could already change), rules on incoming mail, notices of new PEC, automatic archiving and the address
 * book. Every method
 * takes the mailbox the caller proved and touches only its rows.
 */
@Stateless
public class MailSettingsService {

    /** Most contacts an address book keeps. */
    public static final int MAX_CONTACTS = 5000;
    public static final int MAX_SUGGESTIONS = 20;

    @PersistenceContext(unitName = "pec")
    EntityManager em;

    @Inject
    MailboxService mailboxes;

    @Inject
    Clock clock;

    private JpaMailSettings settings() {
        return new JpaMailSettings(em);
    }

    /** Whether the mailbox takes ordinary mail (as anomalies) and whether it may send to non-PEC addresses. */
    public record MailOptions(boolean acceptOrdinaryMail, boolean blockNonPecRecipients) {
    }

    public MailOptions options(String address) throws MailboxNotFoundException {
        MailboxInfo m = mailboxes.getMailbox(address);
        return new MailOptions(m.acceptOrdinaryMail(), m.blockNonPecRecipients());
    }

    /** The reception point refuses ordinary mail in SMTP (550) for a mailbox that does not take it. */
    public MailOptions changeOptions(String address, boolean acceptOrdinaryMail, boolean blockNonPecRecipients)
            throws MailboxException {
        MailboxInfo m = mailboxes.patch(address, acceptOrdinaryMail, blockNonPecRecipients, null);
        return new MailOptions(m.acceptOrdinaryMail(), m.blockNonPecRecipients());
    }

    // ---- rules

    public List<IncomingRule> rules(String address) throws MailboxNotFoundException {
        JpaMailSettings s = settings();
        return s.rules(s.mailbox(address));
    }

    /** The folders a rule may move to (INBOX excluded). */
    public List<String> folders(String address) throws MailboxNotFoundException {
        JpaMailSettings s = settings();
        return s.folderNames(s.mailbox(address));
    }

    /** @param rule checked by {@link IncomingRule#of}; its folder must exist now */
    public IncomingRule addRule(String address, IncomingRule rule) throws MailboxException {
        JpaMailSettings s = settings();
        Mailbox m = s.mailbox(address);
        if (s.countRules(m) >= IncomingRules.MAX_RULES) {
            throw new InvalidMailboxRequestException("at most " + IncomingRules.MAX_RULES + " rules");
        }
        if (rule.moveTo() != null && !s.folderExists(m, rule.moveTo())) {
            throw new InvalidMailboxRequestException("no folder " + rule.moveTo());
        }
        return s.addRule(m, rule, clock.instant());
    }

    public boolean deleteRule(String address, long ruleId) throws MailboxNotFoundException {
        JpaMailSettings s = settings();
        return s.deleteRule(s.mailbox(address), ruleId);
    }

    // ---- new-PEC alerts

    /** @param smsAvailable whether the mailbox has the SMS add-on now (SMS alerts are kept but not sent without) */
    public record Alerts(List<String> emails, List<String> mobiles, boolean smsAvailable) {
    }

    public Alerts alerts(String address) throws MailboxNotFoundException {
        JpaMailSettings s = settings();
        Mailbox m = s.mailbox(address);
        NewMailAlert a = s.alert(m).orElse(null);
        return new Alerts(a == null ? List.of() : a.getEmails(), a == null ? List.of() : a.getMobiles(),
                s.smsEntitled(m, clock.instant()));
    }

    /** Up to 3 ordinary addresses and up to 3 Italian mobiles (these only with the SMS add-on). */
    public Alerts changeAlerts(String address, List<String> emails, List<String> mobiles) throws MailboxException {
        JpaMailSettings s = settings();
        Mailbox m = s.mailbox(address);
        List<String> e = NewMailAlertTargets.emails(emails);
        List<String> sms = NewMailAlertTargets.mobiles(mobiles);
        boolean entitled = s.smsEntitled(m, clock.instant());
        if (!sms.isEmpty() && !entitled) {
            throw new InvalidMailboxRequestException("SMS notices need the SMS add-on");
        }
        s.setAlert(m, e, sms);
        return new Alerts(e, sms, entitled);
    }

    // ---- automatic archiving

    /** @param quotaBytes the archive's own quota (0: the plan has no archive) */
    public record Archiving(Set<ArchivePolicy.Kind> kinds, long quotaBytes, long usedBytes) {
    }

    public Archiving archiving(String address) throws MailboxNotFoundException {
        JpaMailSettings s = settings();
        Mailbox m = s.mailbox(address);
        return new Archiving(s.archiveKinds(m), s.archiveQuota(m, clock.instant()), s.archiveUsed(m));
    }

    /** Chooses what arriving mail is copied into Archive; refused when the plan has no archive space. */
    public Archiving changeArchiving(String address, Set<ArchivePolicy.Kind> kinds) throws MailboxException {
        JpaMailSettings s = settings();
        Mailbox m = s.mailbox(address);
        long quota = s.archiveQuota(m, clock.instant());
        if (!kinds.isEmpty() && quota == 0) {
            throw new InvalidMailboxRequestException("the plan has no archive space");
        }
        s.setArchiveKinds(m, kinds);
        return new Archiving(s.archiveKinds(m), quota, s.archiveUsed(m));
    }

    // ---- address book

    /** A contact as the pages show it. */
    public record Contact(long id, String name, String address, List<String> groups) {
    }

    /** How an import went: contacts added, contacts updated (same address), and the entries not taken. */
    public record ImportReport(int added, int updated, List<String> problems) {
    }

    public List<Contact> contacts(String address) throws MailboxNotFoundException {
        JpaMailSettings s = settings();
        return s.contacts(s.mailbox(address)).stream().map(MailSettingsService::contact).toList();
    }

    /** Adds a contact, or updates the one with the same address. */
    public Contact saveContact(String address, String name, String pecAddress, List<String> groups)
            throws MailboxException {
        ContactCard card = ContactCard.of(name, pecAddress, groups)
                .orElseThrow(() -> new InvalidMailboxRequestException("not an e-mail address: " + pecAddress));
        JpaMailSettings s = settings();
        Mailbox m = s.mailbox(address);
        if (s.contactByAddress(m, card.address()).isEmpty() && s.contacts(m).size() >= MAX_CONTACTS) {
            throw new InvalidMailboxRequestException("at most " + MAX_CONTACTS + " contacts");
        }
        s.saveContact(m, card, clock.instant());
        return contact(s.contactByAddress(m, card.address()).orElseThrow());
    }

    public boolean deleteContact(String address, long contactId) throws MailboxNotFoundException {
        JpaMailSettings s = settings();
        Mailbox m = s.mailbox(address);
        return s.contact(m, contactId).map(c -> {
            s.removeContact(c);
            return true;
        }).orElse(false);
    }

    public ImportReport importVCard(String address, String text) throws MailboxNotFoundException {
        return save(address, VCards.parse(text), "vCard ");
    }

    public ImportReport importCsv(String address, String text) throws MailboxNotFoundException {
        return save(address, ContactsCsv.parse(text), "line ");
    }

    /** @param place how a problem's place in the file is named ("vCard 3: ...", "line 7: ...") */
    private ImportReport save(String address, ContactImport parsed, String place) throws MailboxNotFoundException {
        List<String> problems = new ArrayList<>();
        parsed.problems().forEach(x -> problems.add((x.at() > 0 ? place + x.at() + ": " : "") + x.message()));
        List<ContactCard> cards = parsed.cards();
        JpaMailSettings s = settings();
        Mailbox m = s.mailbox(address);
        int count = s.contacts(m).size();
        int added = 0;
        int updated = 0;
        for (ContactCard c : cards) {
            boolean exists = s.contactByAddress(m, c.address()).isPresent();
            if (!exists && count >= MAX_CONTACTS) {
                problems.add(c.address() + ": the address book is full (" + MAX_CONTACTS + ")");
                continue;
            }
            if (s.saveContact(m, c, clock.instant())) {
                added++;
                count++;
            } else {
                updated++;
            }
        }
        return new ImportReport(added, updated, problems);
    }

    public String exportVCard(String address) throws MailboxNotFoundException {
        return VCards.write(cards(address));
    }

    public String exportCsv(String address) throws MailboxNotFoundException {
        return ContactsCsv.write(cards(address));
    }

    private List<ContactCard> cards(String address) throws MailboxNotFoundException {
        JpaMailSettings s = settings();
        return s.contacts(s.mailbox(address)).stream()
                .map(c -> new ContactCard(c.getName(), c.getAddress(), c.getGroups())).toList();
    }

    /**
     * Address-book completion for the compose page: contacts of this mailbox whose name or address starts with
     * {@code prefix}, at most {@code limit} (and {@value #MAX_SUGGESTIONS}); none for a blank prefix.
     */
    public List<Contact> suggest(String address, String prefix, int limit) throws MailboxNotFoundException {
        if (prefix == null || prefix.isBlank() || limit <= 0) {
            return List.of();
        }
        JpaMailSettings s = settings();
        return s.suggest(s.mailbox(address), prefix.strip(), Math.min(limit, MAX_SUGGESTIONS)).stream()
                .map(MailSettingsService::contact).toList();
    }

    private static Contact contact(AddressContact c) {
        return new Contact(c.getId(), c.getName(), c.getAddress(), c.getGroups());
    }
}
