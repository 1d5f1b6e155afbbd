package it.certmail.pec.mailbox.domain;

import java.util.Locale;
import java.util.Optional;
import java.util.List;

/**
 * Regola sulla posta in arrivo, as a value: conditions (case-insensitive substrings of the sender and the subject,
 * a PEC kind; a {@code null} condition always holds) and actions. {@link #of} checks a rule as the holder writes
 * it; {@link IncomingRules} applies checked rules.
 *
 * @param pecKind   a {@code PecMessageKind} name or {@link MessageSummary#ORDINARY}
 * @param moveTo    a folder of the mailbox (INBOX when it does not exist at delivery)
 * @param forwardTo an ordinary address that gets a copy or a notice ({@link Forward}), with {@code forwardMode}
 */
public record IncomingRule(Long id, String senderContains, String subjectContains, String pecKind, String moveTo,
        boolean markRead, boolean flag, String forwardTo, Forward forwardMode) {

    /** What goes to the ordinary address: the message itself attached, or a short notice of it. */
    public enum Forward { COPY, NOTICE }

    /** The kinds a rule may name: the names of {@code PecMessageKind} (receipts context, not imported here) and ordinary mail. */
    public static final List<String> KINDS = List.of("TRANSPORT_ENVELOPE", "ANOMALY_ENVELOPE", "ACCEPTANCE",
            "NON_ACCEPTANCE", "NON_ACCEPTANCE_VIRUS", "TAKE_CHARGE", "DELIVERY", "DELIVERY_FAILURE",
            "DELIVERY_FAILURE_VIRUS", "DELIVERY_TIMEOUT", "VIRUS_DETECTION", MessageSummary.ORDINARY);

    public static final int MAX_TEXT = 255;

    /**
     * A rule as typed (blank = absent), checked: at least one action, sane lengths, a forward address that is an
     * address. Conditions may all be absent (the rule then applies to every message).
     */
    public static IncomingRule of(Long id, String sender, String subject, String pecKind, String moveTo,
            boolean markRead, boolean flag, String forwardTo, Forward forwardMode)
            throws InvalidMailboxRequestException {
        String s = blankToNull(sender);
        String subj = blankToNull(subject);
        String kind = blankToNull(pecKind);
        String folder = blankToNull(moveTo);
        String to = blankToNull(forwardTo);
        for (String text : new String[] {s, subj, folder}) {
            if (text != null && (text.length() > MAX_TEXT || text.chars().anyMatch(Character::isISOControl))) {
                throw new InvalidMailboxRequestException("a condition or folder name is too long or has control characters");
            }
        }
        if (kind != null && !KINDS.contains(kind)) {
            throw new InvalidMailboxRequestException("unknown PEC kind " + kind);
        }
        if (to != null) {
            to = MailAddresses.normalizeAddress(to)
                    .orElseThrow(() -> new InvalidMailboxRequestException("the forward address is not an e-mail address"));
            if (forwardMode == null) {
                throw new InvalidMailboxRequestException("say whether a copy or a notice is forwarded");
            }
        }
        if (folder != null && folder.equalsIgnoreCase("INBOX")) {
            folder = null;
        }
        if (folder == null && !markRead && !flag && to == null) {
            throw new InvalidMailboxRequestException("a rule needs at least one action");
        }
        return new IncomingRule(id, s, subj, kind, folder, markRead, flag, to, to == null ? null : forwardMode);
    }

    /** Whether every condition holds for {@code message}. */
    public boolean matches(MessageSummary message) {
        return contains(message.from(), senderContains) && contains(message.subject(), subjectContains)
                && (pecKind == null || pecKind.equals(Optional.ofNullable(message.pecKind()).orElse(MessageSummary.ORDINARY)));
    }

    private static boolean contains(String value, String part) {
        if (part == null) {
            return true;
        }
        return value != null && value.toLowerCase(Locale.ROOT).contains(part.toLowerCase(Locale.ROOT));
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}
