package it.certmail.pec.mailbox.infra;

import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

import jakarta.persistence.EntityManager;

import it.certmail.pec.mailbox.billing.model.AddOnKind;
import it.certmail.pec.mailbox.billing.model.Subscription;
import it.certmail.pec.mailbox.billing.model.SubscriptionAddOn;
import it.certmail.pec.mailbox.domain.ArchivePolicy;
import it.certmail.pec.mailbox.domain.ContactCard;
import it.certmail.pec.mailbox.domain.IncomingRule;
import it.certmail.pec.mailbox.domain.MailboxNotFoundException;
import it.certmail.pec.mailbox.model.AddressContact;
import it.certmail.pec.mailbox.model.AutoArchive;
import it.certmail.pec.mailbox.model.MailFolder;
import it.certmail.pec.mailbox.model.MailRule;
import it.certmail.pec.mailbox.model.Mailbox;
import it.certmail.pec.mailbox.model.NewMailAlert;

/**
 * Impostazioni della webmail in the database: a mailbox's rules on incoming mail, its new-PEC alert targets and
 * its address book. Every method is scoped to one mailbox: a row of another mailbox is never found.
 */
public class JpaMailSettings {

    private final EntityManager em;

    public JpaMailSettings(EntityManager em) {
        this.em = Objects.requireNonNull(em, "em");
    }

    public Optional<Mailbox> findMailbox(String address) {
        if (address == null) {
            return Optional.empty();
        }
        return em.createNamedQuery(Mailbox.FIND_BY_ADDRESS, Mailbox.class)
                .setParameter("address", address.strip().toLowerCase(Locale.ROOT)).getResultStream().findFirst();
    }

    public Mailbox mailbox(String address) throws MailboxNotFoundException {
        return findMailbox(address).orElseThrow(() -> new MailboxNotFoundException("no mailbox " + address));
    }

    // ---- rules

    public List<IncomingRule> rules(Mailbox mailbox) {
        return ruleRows(mailbox).stream().map(JpaMailSettings::rule).toList();
    }

    private List<MailRule> ruleRows(Mailbox mailbox) {
        return em.createNamedQuery(MailRule.BY_MAILBOX, MailRule.class).setParameter("mailboxId", mailbox.getId())
                .getResultList();
    }

    /** Appended after the existing rules. */
    public IncomingRule addRule(Mailbox mailbox, IncomingRule r, Instant now) {
        int next = ruleRows(mailbox).stream().mapToInt(MailRule::getSeqNo).max().orElse(0) + 1;
        MailRule row = new MailRule(mailbox.getId(), next, r.senderContains(), r.subjectContains(), r.pecKind(),
                r.moveTo(), r.markRead(), r.flag(), r.forwardTo(), r.forwardMode() == null ? null : r.forwardMode().name(),
                now);
        em.persist(row);
        em.flush();
        refreshDeliverySorting(mailbox);
        return rule(row);
    }

    /** @return whether this mailbox had the rule */
    public boolean deleteRule(Mailbox mailbox, long ruleId) {
        MailRule row = em.find(MailRule.class, ruleId);
        if (row == null || row.getMailboxId() != mailbox.getId()) {
            return false;
        }
        em.remove(row);
        em.flush();
        refreshDeliverySorting(mailbox);
        return true;
    }

    /**
     * Sets the mailbox's {@code delivery_sorting} flag from what its settings now hold (rules, alert targets,
     * archived kinds), so a delivery to a mailbox with none of them reads nothing more than the mailbox row.
     */
    private void refreshDeliverySorting(Mailbox mailbox) {
        boolean sorting = !ruleRows(mailbox).isEmpty()
                || alert(mailbox).map(a -> !a.getEmails().isEmpty() || !a.getMobiles().isEmpty()).orElse(false)
                || !archiveKinds(mailbox).isEmpty();
        // a literal, not a bound boolean: EclipseLink binds booleans as 1 and 0, which PostgreSQL refuses here
        em.createNativeQuery("UPDATE mailbox SET delivery_sorting = " + (sorting ? "TRUE" : "FALSE") + " WHERE id = ?")
                .setParameter(1, mailbox.getId()).executeUpdate();
        mailbox.deliverySortingWritten(sorting);
    }

    public int countRules(Mailbox mailbox) {
        return ruleRows(mailbox).size();
    }

    private static IncomingRule rule(MailRule r) {
        return new IncomingRule(r.getId(), r.getSenderContains(), r.getSubjectContains(), r.getPecKind(), r.getMoveTo(),
                r.isMarkRead(), r.isFlag(), r.getForwardTo(),
                r.getForwardMode() == null ? null : IncomingRule.Forward.valueOf(r.getForwardMode()));
    }

    public boolean folderExists(Mailbox mailbox, String name) {
        return em.createQuery("SELECT COUNT(f) FROM MailFolder f WHERE f.mailbox = :mailbox AND f.name = :name", Long.class)
                .setParameter("mailbox", mailbox).setParameter("name", JpaMessageStore.canonicalFolderName(name))
                .getSingleResult() > 0;
    }

    public List<String> folderNames(Mailbox mailbox) {
        return em.createQuery("SELECT f.name FROM MailFolder f WHERE f.mailbox = :mailbox ORDER BY f.name", String.class)
                .setParameter("mailbox", mailbox).getResultList().stream()
                .filter(n -> !n.equals(MailFolder.INBOX)).toList();
    }

    // ---- new-PEC alerts

    public Optional<NewMailAlert> alert(Mailbox mailbox) {
        return Optional.ofNullable(em.find(NewMailAlert.class, mailbox.getId()));
    }

    public void setAlert(Mailbox mailbox, List<String> emails, List<String> mobiles) {
        NewMailAlert a = alert(mailbox).orElseGet(() -> {
            NewMailAlert fresh = new NewMailAlert(mailbox.getId());
            em.persist(fresh);
            return fresh;
        });
        a.set(emails, mobiles);
        em.flush();
        refreshDeliverySorting(mailbox);
    }

    /** SMS alerts come with the SMS add-on, running now. */
    public boolean smsEntitled(Mailbox mailbox, Instant now) {
        Optional<Subscription> s = em.createNamedQuery(Subscription.BY_MAILBOX, Subscription.class)
                .setParameter("address", mailbox.getAddress()).getResultStream().findFirst();
        return s.isPresent() && em.createNamedQuery(SubscriptionAddOn.RUNNING, SubscriptionAddOn.class)
                .setParameter("subscription", s.get()).setParameter("now", now).getResultStream()
                .anyMatch(a -> a.getKind() == AddOnKind.SMS_NOTIFICATIONS);
    }

    // ---- automatic archiving

    public java.util.Set<ArchivePolicy.Kind> archiveKinds(Mailbox mailbox) {
        AutoArchive a = em.find(AutoArchive.class, mailbox.getId());
        java.util.Set<ArchivePolicy.Kind> kinds = java.util.EnumSet.noneOf(ArchivePolicy.Kind.class);
        if (a != null) {
            a.getKinds().forEach(k -> kinds.add(ArchivePolicy.Kind.valueOf(k)));
        }
        return kinds;
    }

    public void setArchiveKinds(Mailbox mailbox, java.util.Set<ArchivePolicy.Kind> kinds) {
        AutoArchive a = em.find(AutoArchive.class, mailbox.getId());
        if (a == null) {
            a = new AutoArchive(mailbox.getId());
            em.persist(a);
        }
        a.setKinds(kinds.stream().map(Enum::name).sorted().toList());
        em.flush();
        refreshDeliverySorting(mailbox);
    }

    /** The archive's own quota: the plan's archive space and the running archive add-ons; 0 without a plan. */
    public long archiveQuota(Mailbox mailbox, Instant now) {
        Optional<Subscription> s = em.createNamedQuery(Subscription.BY_MAILBOX, Subscription.class)
                .setParameter("address", mailbox.getAddress()).getResultStream().findFirst();
        if (s.isEmpty()) {
            return 0;
        }
        long extra = em.createNamedQuery(SubscriptionAddOn.RUNNING, SubscriptionAddOn.class)
                .setParameter("subscription", s.get()).setParameter("now", now).getResultStream()
                .filter(a -> a.getKind() == AddOnKind.ARCHIVE_GB)
                .mapToLong(a -> a.getUnits() * AddOnKind.ARCHIVE_GB.bytesPerUnit()).sum();
        return s.get().getPlan().getArchiveBytes() + extra;
    }

    public long archiveUsed(Mailbox mailbox) {
        return new MailboxContent(em).usage(mailbox).archiveBytes();
    }

    // ---- address book

    public List<AddressContact> contacts(Mailbox mailbox) {
        return em.createNamedQuery(AddressContact.BY_MAILBOX, AddressContact.class)
                .setParameter("mailboxId", mailbox.getId()).getResultList();
    }

    public Optional<AddressContact> contact(Mailbox mailbox, long id) {
        AddressContact c = em.find(AddressContact.class, id);
        return c != null && c.getMailboxId() == mailbox.getId() ? Optional.of(c) : Optional.empty();
    }

    public Optional<AddressContact> contactByAddress(Mailbox mailbox, String address) {
        return em.createNamedQuery(AddressContact.BY_ADDRESS, AddressContact.class)
                .setParameter("mailboxId", mailbox.getId()).setParameter("address", address).getResultStream()
                .findFirst();
    }

    /** A new contact, or the existing one of the same address updated; @return whether it was new */
    public boolean saveContact(Mailbox mailbox, ContactCard card, Instant now) {
        Optional<AddressContact> existing = contactByAddress(mailbox, card.address());
        if (existing.isPresent()) {
            existing.get().update(card.name(), card.address(), card.groups());
            em.flush();
            return false;
        }
        em.persist(new AddressContact(mailbox.getId(), card.name(), card.address(), card.groups(), now));
        em.flush();
        return true;
    }

    public void removeContact(AddressContact contact) {
        em.remove(contact);
        em.flush();
    }

    /** Contacts whose name or address starts with {@code prefix} (case-insensitive), by name. */
    public List<AddressContact> suggest(Mailbox mailbox, String prefix, int limit) {
        String like = prefix.toLowerCase(Locale.ROOT).replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%";
        return em.createNamedQuery(AddressContact.SUGGEST, AddressContact.class).setParameter("mailboxId", mailbox.getId())
                .setParameter("prefix", like).setMaxResults(limit).getResultList();
    }
}
