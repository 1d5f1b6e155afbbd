package it.certmail.pec.mailbox.infra;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import jakarta.persistence.EntityManager;

import it.certmail.pec.mailbox.domain.ArchivePolicy;
import it.certmail.pec.mailbox.domain.IncomingRule;
import it.certmail.pec.mailbox.domain.IncomingRules;
import it.certmail.pec.mailbox.domain.MessageSummary;
import it.certmail.pec.mailbox.model.MailFolder;
import it.certmail.pec.mailbox.model.Mailbox;
import it.certmail.pec.mailbox.model.NewMailAlert;
import it.certmail.pec.mailbox.model.Notice;

/**
 * Smistamento alla consegna: where a message arriving in a mailbox's INBOX goes under the holder's rules, and the
 * forwards and new-PEC alerts it causes, queued in the {@link NoticeOutbox} (sent by the notices job through
 * {@code pec.notices.smarthost}). Called in the delivery's transaction, before and after the one insert of the
 * message, so the delivery (and its receipt) happens at the same moment with or without rules.
 */
public class InboxSorting {

    /** Kind of a PEC message proper (busta di trasporto): the one the new-PEC alerts are about. */
    public static final String NEW_PEC_KIND = "TRANSPORT_ENVELOPE";
    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("dd/MM/yyyy HH:mm")
            .withZone(ZoneId.of("Europe/Rome"));
    private static final int MAX_FIELD = 250;

    private final EntityManager em;
    private final JpaMailSettings settings;

    public InboxSorting(EntityManager em) {
        this.em = em;
        this.settings = new JpaMailSettings(em);
    }

    /** The folder automatic archiving copies into (its special use is {@code \\Archive}). */
    public static final String ARCHIVE = "Archive";

    /**
     * Where and how a message is placed, and what it causes once placed.
     *
     * @param archiveCopy whether a copy also goes into the Archive folder (chosen kind, room in the archive's quota)
     */
    public record Placement(Optional<Mailbox> mailbox, String folder, Set<String> flags,
            List<IncomingRules.Forward> forwards, boolean archiveCopy) {
    }

    /**
     * The placement of a message delivered to {@code folderName}: rules apply only to INBOX; any other folder, or
     * a mailbox that does not exist, places it as asked.
     */
    public Placement place(String mailboxAddress, String folderName, MessageSummary summary, Collection<String> flags,
            long size, Instant now) {
        return place(settings.findMailbox(mailboxAddress), folderName, summary, flags, size, now);
    }

    /**
     * {@link #place(String, String, MessageSummary, Collection, long, Instant)} for a mailbox the delivery has
     * already read: a mailbox whose {@code deliverySorting} flag is off has no rules, alerts or archiving, and costs
     * no query at all.
     */
    public Placement place(Optional<Mailbox> mailbox, String folderName, MessageSummary summary,
            Collection<String> flags, long size, Instant now) {
        Set<String> asked = new LinkedHashSet<>(flags);
        if (mailbox.isEmpty() || !mailbox.get().isDeliverySorting()
                || !MailFolder.INBOX.equals(JpaMessageStore.canonicalFolderName(folderName))) {
            return new Placement(Optional.empty(), folderName, asked, List.of(), false);
        }
        boolean archive = archiveCopy(mailbox.get(), summary, size, now);
        List<IncomingRule> rules = settings.rules(mailbox.get());
        if (rules.isEmpty()) {
            return new Placement(mailbox, folderName, asked, List.of(), archive);
        }
        IncomingRules.Outcome o = IncomingRules.decide(rules, summary, f -> settings.folderExists(mailbox.get(), f));
        asked.addAll(o.flags());
        return new Placement(mailbox, o.folder(), asked, o.forwards(), archive);
    }

    /** A full archive takes no more copies: the message itself is delivered all the same. */
    private boolean archiveCopy(Mailbox mailbox, MessageSummary summary, long size, Instant now) {
        Set<ArchivePolicy.Kind> kinds = settings.archiveKinds(mailbox);
        if (!ArchivePolicy.covers(kinds, summary.pecKind()) || !settings.folderExists(mailbox, ARCHIVE)) {
            return false;
        }
        return ArchivePolicy.fits(settings.archiveUsed(mailbox), settings.archiveQuota(mailbox, now), size);
    }

    /**
     * Queues the rule forwards and, for a PEC message arriving in INBOX, the new-PEC alerts; once per message and
     * target (a retried delivery queues nothing twice).
     *
     * @return whether a notice was queued (to be sent once this transaction commits)
     */
    public boolean placed(Placement p, MessageSummary summary, long messageId, long blobId, Instant now) {
        if (p.mailbox().isEmpty()) {
            return false;
        }
        boolean queued = false;
        Mailbox mailbox = p.mailbox().get();
        NoticeOutbox outbox = new NoticeOutbox(em);
        String about = describe(summary, mailbox.getAddress());
        String ref = Optional.ofNullable(summary.messageId()).orElse("#" + messageId);
        for (IncomingRules.Forward f : p.forwards()) {
            boolean copy = f.mode() == IncomingRule.Forward.COPY;
            queued |= outbox.addTo(mailbox, Notice.Channel.EMAIL, f.to(),
                    cut((copy ? "Inoltro da " : "Avviso: nuovo messaggio in ") + mailbox.getAddress()
                            + (copy ? " / Forwarded: " + Optional.ofNullable(summary.subject()).orElse("") : " / New message")),
                    (copy ? "In allegato la copia di un messaggio arrivato, inoltrata da una sua regola.\n"
                            + "Attached is a copy of a message that arrived, forwarded by one of your rules.\n\n"
                            : "È arrivato un messaggio che corrisponde a una sua regola.\n"
                            + "A message matching one of your rules has arrived.\n\n") + about,
                    "rule/" + f.ruleId() + "/" + f.mode() + "/" + ref + "/" + f.to(), copy ? blobId : null, now);
        }
        if (!NEW_PEC_KIND.equals(summary.pecKind())) {
            return queued; // alerts are about PEC messages, not receipts or ordinary mail
        }
        Optional<NewMailAlert> alert = settings.alert(mailbox);
        if (alert.isEmpty()) {
            return queued;
        }
        for (String email : alert.get().getEmails()) {
            queued |= outbox.addTo(mailbox, Notice.Channel.EMAIL, email,
                    cut("Nuova PEC in " + mailbox.getAddress() + " / New PEC message"),
                    "È arrivato un nuovo messaggio di posta certificata.\nA new certified message has arrived.\n\n"
                            + about, "alert/" + ref + "/" + email, now);
        }
        if (!alert.get().getMobiles().isEmpty() && settings.smsEntitled(mailbox, now)) {
            String sms = cut("Nuova PEC in " + mailbox.getAddress() + " da " + sender(summary) + ": "
                    + Optional.ofNullable(summary.subject()).orElse(""));
            for (String mobile : alert.get().getMobiles()) {
                queued |= outbox.addTo(mailbox, Notice.Channel.SMS, mobile, "SMS", sms.length() > 160 ? sms.substring(0, 160) : sms,
                        "alert-sms/" + ref + "/" + mobile, now);
            }
        }
        return queued;
    }

    private static String describe(MessageSummary s, String mailbox) {
        return "Casella / Mailbox: " + mailbox + "\nDa / From: " + cut(sender(s)) + "\nOggetto / Subject: "
                + cut(Optional.ofNullable(s.subject()).orElse("")) + "\nData / Date: "
                + (s.date() == null ? "" : WHEN.format(s.date()));
    }

    private static String sender(MessageSummary s) {
        return Optional.ofNullable(s.from()).orElse(Optional.ofNullable(s.fromAddress()).orElse("?"));
    }

    private static String cut(String s) {
        String clean = s.replaceAll("[\\r\\n\\t]+", " ");
        return clean.length() > MAX_FIELD ? clean.substring(0, MAX_FIELD) : clean;
    }
}
