package it.certmail.pec.transport.domain;

import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Risposta e inoltro: the compose form prefilled from a message of the holder's mailbox. A received PEC is a busta di
 * trasporto: its From is the provider ({@code "Per conto di: ..."}), the person is in Reply-To, the subject carries
 * the {@code POSTA CERTIFICATA: } prefix and the id the sender knows is its {@code X-Riferimento-Message-ID}; the
 * reply follows the person, the plain subject and that id. A forward carries the whole original as an attachment
 * (the signed envelope, so whoever gets it can still verify it), so its body has no quote.
 */
public final class ReplyDraft {

    public enum Mode {
        REPLY, ALL, FORWARD;

        /** {@code reply}, {@code all}, {@code forward}; null when unknown. */
        public static Mode of(String parameter) {
            if (parameter == null) {
                return null;
            }
            return switch (parameter.toLowerCase(Locale.ROOT)) {
                case "reply" -> REPLY;
                case "all" -> ALL;
                case "forward" -> FORWARD;
                default -> null;
            };
        }
    }

    /** What is read from the original (addresses bare, lower case; ids with angle brackets). */
    public record Original(String from, String replyTo, List<String> to, List<String> cc, String subject,
                           String messageId, String riferimentoMessageId, List<String> references,
                           ZonedDateTime date, String text) {
        public Original {
            to = List.copyOf(to);
            cc = List.copyOf(cc);
            references = List.copyOf(references);
            subject = subject == null ? "" : subject;
            text = text == null ? "" : text;
        }
    }

    /** The prefilled form. */
    public record Prefill(List<String> to, List<String> cc, String subject, String inReplyTo, List<String> references,
                          String text) {
    }

    /** Subject prefixes a PEC provider puts before the subject of an envelope. */
    private static final List<String> PEC_PREFIXES = List.of("POSTA CERTIFICATA:", "ANOMALIA MESSAGGIO:");
    private static final DateTimeFormatter QUOTE_DATE = DateTimeFormatter.ofPattern("dd/MM/yyyy HH:mm");
    /** The quoted text stops here: a reply does not need a book quoted back. */
    static final int MAX_QUOTE_CHARS = 20_000;

    private ReplyDraft() {
    }

    public static Prefill prefill(Original o, Mode mode, String self) {
        String me = self.toLowerCase(Locale.ROOT);
        String answered = o.riferimentoMessageId() != null && !o.riferimentoMessageId().isBlank()
                ? o.riferimentoMessageId() : o.messageId();
        String plain = plainSubject(o.subject());
        if (mode == Mode.FORWARD) {
            return new Prefill(List.of(), List.of(), prefixed("Fwd: ", plain), null, List.of(), "");
        }
        String person = o.replyTo() != null && !o.replyTo().isBlank() ? o.replyTo() : o.from();
        List<String> to = new ArrayList<>();
        if (person != null && !person.equalsIgnoreCase(me)) {
            to.add(person.toLowerCase(Locale.ROOT));
        }
        List<String> cc = new ArrayList<>();
        if (mode == Mode.ALL) {
            Set<String> seen = new LinkedHashSet<>(to);
            seen.add(me);
            for (String a : o.to()) {
                if (seen.add(a.toLowerCase(Locale.ROOT))) {
                    cc.add(a.toLowerCase(Locale.ROOT));
                }
            }
            for (String a : o.cc()) {
                if (seen.add(a.toLowerCase(Locale.ROOT))) {
                    cc.add(a.toLowerCase(Locale.ROOT));
                }
            }
        }
        List<String> references = new ArrayList<>(o.references());
        if (answered != null && !answered.isBlank() && !references.contains(answered)) {
            references.add(answered);
        }
        return new Prefill(to, cc, prefixed("Re: ", plain), answered, references, quote(o, person));
    }

    /** The subject without the provider's prefix, and without a leading repetition of the reply prefix. */
    public static String plainSubject(String subject) {
        String s = subject == null ? "" : subject.strip();
        for (String prefix : PEC_PREFIXES) {
            if (s.regionMatches(true, 0, prefix, 0, prefix.length())) {
                s = s.substring(prefix.length()).strip();
            }
        }
        return s;
    }

    static String prefixed(String prefix, String subject) {
        String p = prefix.strip();
        if (subject.regionMatches(true, 0, p, 0, p.length())) {
            return subject;
        }
        return prefix + subject;
    }

    static String quote(Original o, String person) {
        String body = o.text().length() > MAX_QUOTE_CHARS ? o.text().substring(0, MAX_QUOTE_CHARS) + "\n[...]"
                : o.text();
        StringBuilder out = new StringBuilder("\n\n");
        if (o.date() != null) {
            out.append(QUOTE_DATE.format(o.date())).append(", ");
        }
        out.append(person == null ? "" : person).append(":\n");
        for (String line : body.replace("\r\n", "\n").split("\n", -1)) {
            out.append(line.startsWith(">") ? ">" : "> ").append(line).append('\n');
        }
        return out.toString();
    }
}
