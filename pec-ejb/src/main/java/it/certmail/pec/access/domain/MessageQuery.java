package it.certmail.pec.access.domain;

import java.time.Instant;
import java.util.List;

/**
 * Una pagina dell'elenco messaggi (webmail): newest first (descending UID), {@code beforeUid} the last UID of the
 * previous page (0 for the first), so every page is a range of the folder's (folder, uid) index. Filters are
 * optional (null or empty: any): sender and subject match a part, any case; {@code since} inclusive and
 * {@code until} exclusive on the internal date; {@code kinds} the stored {@code pec_kind} names (an empty list
 * and {@code ordinary} true: mail with no PEC kind); {@code riferimento} a transmission's Message-ID: the
 * message with it and the receipts naming it in X-Riferimento-Message-ID.
 */
public record MessageQuery(String sender, String subject, Instant since, Instant until, List<String> kinds,
        boolean ordinary, String riferimento, long beforeUid, int limit) {

    public MessageQuery {
        sender = blankToNull(sender);
        subject = blankToNull(subject);
        riferimento = blankToNull(riferimento);
        kinds = kinds == null ? List.of() : List.copyOf(kinds);
        if (limit < 1 || limit > 500) {
            throw new IllegalArgumentException("limit out of 1..500: " + limit);
        }
    }

    /** The first page of the whole folder. */
    public static MessageQuery firstPage(int limit) {
        return new MessageQuery(null, null, null, null, List.of(), false, null, 0, limit);
    }

    /** The same filters, the page after the one ending at {@code lastUid}. */
    public MessageQuery after(long lastUid) {
        return new MessageQuery(sender, subject, since, until, kinds, ordinary, riferimento, lastUid, limit);
    }

    public boolean filtered() {
        return sender != null || subject != null || since != null || until != null || !kinds.isEmpty() || ordinary
                || riferimento != null;
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}
