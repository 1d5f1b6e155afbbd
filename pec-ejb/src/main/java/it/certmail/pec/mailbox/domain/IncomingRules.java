package it.certmail.pec.mailbox.domain;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Smistamento all'arrivo: what the rules of a mailbox do with one message. Rules run in order; the first one that
 * moves decides the folder, flags add up, every matching forward is kept (once per address and mode). A rule that
 * fails to evaluate is skipped, never the message: what no rule decides stays in INBOX.
 */
public final class IncomingRules {

    public static final String INBOX = "INBOX";
    /** Most rules a mailbox keeps. */
    public static final int MAX_RULES = 50;

    private IncomingRules() {
    }

    /** One forward to an ordinary address, caused by rule {@code ruleId}. */
    public record Forward(Long ruleId, String to, IncomingRule.Forward mode) {
    }

    /**
     * @param folder where the message goes
     * @param flags  IMAP system flags to set ({@code \Seen}, {@code \Flagged})
     */
    public record Outcome(String folder, Set<String> flags, List<Forward> forwards) {
    }

    /**
     * @param folderExists whether the mailbox has a folder of this name (a rule naming a deleted folder leaves the
     *                     message in INBOX)
     */
    public static Outcome decide(List<IncomingRule> rules, MessageSummary message, Predicate<String> folderExists) {
        String folder = null;
        Set<String> flags = new LinkedHashSet<>();
        List<Forward> forwards = new ArrayList<>();
        for (IncomingRule rule : rules) {
            try {
                if (!rule.matches(message)) {
                    continue;
                }
                if (folder == null && rule.moveTo() != null && folderExists.test(rule.moveTo())) {
                    folder = rule.moveTo();
                }
                if (rule.markRead()) {
                    flags.add("\\Seen");
                }
                if (rule.flag()) {
                    flags.add("\\Flagged");
                }
                if (rule.forwardTo() != null && rule.forwardMode() != null && forwards.stream()
                        .noneMatch(f -> f.to().equals(rule.forwardTo()) && f.mode() == rule.forwardMode())) {
                    forwards.add(new Forward(rule.id(), rule.forwardTo(), rule.forwardMode()));
                }
            } catch (RuntimeException e) {
                // a broken rule (e.g. a folder check that failed) is skipped: the message is never lost to it
            }
        }
        return new Outcome(folder == null ? INBOX : folder, flags, forwards);
    }
}
