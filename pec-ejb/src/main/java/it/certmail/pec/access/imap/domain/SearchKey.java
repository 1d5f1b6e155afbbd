package it.certmail.pec.access.imap.domain;

import java.io.IOException;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import it.certmail.pec.access.domain.MessageMeta;
import it.certmail.pec.mailbox.domain.EncodedWords;

/**
 * Criterio di ricerca (RFC 3501 §6.4.4, RFC 7162 MODSEQ): a tree of keys, parsed by {@link #parse(ImapReader)} and
 * evaluated per message by {@link #matches(Target)}. Header keys compare case-insensitively with the decoded
 * value (encoded words decoded); BODY and TEXT look in the raw bytes.
 */
public sealed interface SearchKey {

    /** What a key is evaluated against; header and body access may be costly and are asked for lazily. */
    interface Target {
        long sequence();

        long maxSequence();

        long maxUid();

        MessageMeta meta();

        ZoneId zone();

        /** The top header block. */
        MimeEntity header() throws IOException;

        /** Whether the raw text (header included or not) contains {@code needle}, ASCII case-insensitively. */
        boolean contains(String needle, boolean withHeader) throws IOException;
    }

    boolean matches(Target t) throws IOException;

    /** Whether evaluating needs the message bytes (then the caller reads them). */
    default boolean needsContent() {
        return false;
    }

    record All() implements SearchKey {
        public boolean matches(Target t) {
            return true;
        }
    }

    record Flag(String flag, boolean set) implements SearchKey {
        public boolean matches(Target t) {
            return t.meta().hasFlag(flag) == set;
        }
    }

    /** \Recent is never set here: NEW = UNSEEN, OLD = ALL, RECENT = none. */
    record Recent(boolean recent) implements SearchKey {
        public boolean matches(Target t) {
            return !recent;
        }
    }

    record Size(long bytes, boolean larger) implements SearchKey {
        public boolean matches(Target t) {
            return larger ? t.meta().size() > bytes : t.meta().size() < bytes;
        }
    }

    enum DateOp { BEFORE, ON, SINCE }

    record InternalDate(DateOp op, LocalDate date) implements SearchKey {
        public boolean matches(Target t) {
            return compare(op, t.meta().internalDate().atZone(t.zone()).toLocalDate(), date);
        }
    }

    record SentDate(DateOp op, LocalDate date) implements SearchKey {
        public boolean matches(Target t) throws IOException {
            LocalDate sent = parseDate(t.header().header("Date"));
            return sent != null && compare(op, sent, date);
        }

        public boolean needsContent() {
            return true;
        }
    }

    record Header(String name, String value) implements SearchKey {
        public boolean matches(Target t) throws IOException {
            for (String v : t.header().headers(name)) {
                if (value.isEmpty() || contains(EncodedWords.decode(v), value)) {
                    return true;
                }
            }
            return false;
        }

        public boolean needsContent() {
            return true;
        }
    }

    record Text(String value, boolean withHeader) implements SearchKey {
        public boolean matches(Target t) throws IOException {
            return t.contains(value, withHeader);
        }

        public boolean needsContent() {
            return true;
        }
    }

    record Sequence(SequenceSet set, boolean uid) implements SearchKey {
        public boolean matches(Target t) {
            return uid ? set.contains(t.meta().uid(), t.maxUid()) : set.contains(t.sequence(), t.maxSequence());
        }
    }

    record ModSeq(long modseq) implements SearchKey {
        public boolean matches(Target t) {
            return t.meta().modseq() >= modseq;
        }
    }

    record Not(SearchKey key) implements SearchKey {
        public boolean matches(Target t) throws IOException {
            return !key.matches(t);
        }

        public boolean needsContent() {
            return key.needsContent();
        }
    }

    record Or(SearchKey left, SearchKey right) implements SearchKey {
        public boolean matches(Target t) throws IOException {
            return left.matches(t) || right.matches(t);
        }

        public boolean needsContent() {
            return left.needsContent() || right.needsContent();
        }
    }

    record And(List<SearchKey> keys) implements SearchKey {
        public boolean matches(Target t) throws IOException {
            for (SearchKey k : keys) {
                if (!k.matches(t)) {
                    return false;
                }
            }
            return true;
        }

        public boolean needsContent() {
            return keys.stream().anyMatch(SearchKey::needsContent);
        }
    }

    /** Parses search keys up to the end of the command (implicit AND). */
    static SearchKey parse(ImapReader r) throws ImapSyntaxException {
        List<SearchKey> keys = new ArrayList<>();
        keys.add(parseOne(r));
        while (r.skipIf(' ')) {
            keys.add(parseOne(r));
        }
        r.end();
        return keys.size() == 1 ? keys.get(0) : new And(keys);
    }

    /** Whether the key tree uses MODSEQ (the response then carries the highest modseq). */
    /** Whether the key needs more of a message than its UID, flags and modseq (size, dates, bytes). */
    static boolean needsStore(SearchKey k) {
        if (k instanceof Size || k instanceof InternalDate || k instanceof SentDate || k instanceof Header
                || k instanceof Text) {
            return true;
        }
        if (k instanceof Not n) {
            return needsStore(n.key());
        }
        if (k instanceof Or o) {
            return needsStore(o.left()) || needsStore(o.right());
        }
        if (k instanceof And a) {
            return a.keys().stream().anyMatch(SearchKey::needsStore);
        }
        return false;
    }

    static boolean usesModSeq(SearchKey k) {
        if (k instanceof ModSeq) {
            return true;
        }
        if (k instanceof Not n) {
            return usesModSeq(n.key());
        }
        if (k instanceof Or o) {
            return usesModSeq(o.left()) || usesModSeq(o.right());
        }
        if (k instanceof And a) {
            return a.keys().stream().anyMatch(SearchKey::usesModSeq);
        }
        return false;
    }

    private static SearchKey parseOne(ImapReader r) throws ImapSyntaxException {
        if (r.skipIf('(')) {
            List<SearchKey> keys = new ArrayList<>();
            keys.add(parseOne(r));
            while (r.skipIf(' ')) {
                keys.add(parseOne(r));
            }
            r.expect(')');
            return keys.size() == 1 ? keys.get(0) : new And(keys);
        }
        int c = r.peek();
        if ((c >= '0' && c <= '9') || c == '*') {
            return new Sequence(r.sequenceSet(), false);
        }
        String key = r.atom().toUpperCase(Locale.ROOT);
        switch (key) {
            case "ALL":
                return new All();
            case "ANSWERED":
                return new Flag("\\Answered", true);
            case "DELETED":
                return new Flag("\\Deleted", true);
            case "DRAFT":
                return new Flag("\\Draft", true);
            case "FLAGGED":
                return new Flag("\\Flagged", true);
            case "SEEN":
                return new Flag("\\Seen", true);
            case "UNANSWERED":
                return new Flag("\\Answered", false);
            case "UNDELETED":
                return new Flag("\\Deleted", false);
            case "UNDRAFT":
                return new Flag("\\Draft", false);
            case "UNFLAGGED":
                return new Flag("\\Flagged", false);
            case "UNSEEN":
                return new Flag("\\Seen", false);
            case "NEW":
                return new And(List.of(new Recent(true), new Flag("\\Seen", false)));
            case "OLD":
                return new Recent(false);
            case "RECENT":
                return new Recent(true);
            case "KEYWORD":
                r.sp();
                return new Flag(r.atom(), true);
            case "UNKEYWORD":
                r.sp();
                return new Flag(r.atom(), false);
            case "LARGER":
                r.sp();
                return new Size(r.number(), true);
            case "SMALLER":
                r.sp();
                return new Size(r.number(), false);
            case "BEFORE":
                r.sp();
                return new InternalDate(DateOp.BEFORE, r.date());
            case "ON":
                r.sp();
                return new InternalDate(DateOp.ON, r.date());
            case "SINCE":
                r.sp();
                return new InternalDate(DateOp.SINCE, r.date());
            case "SENTBEFORE":
                r.sp();
                return new SentDate(DateOp.BEFORE, r.date());
            case "SENTON":
                r.sp();
                return new SentDate(DateOp.ON, r.date());
            case "SENTSINCE":
                r.sp();
                return new SentDate(DateOp.SINCE, r.date());
            case "BCC":
            case "CC":
            case "FROM":
            case "SUBJECT":
            case "TO":
                r.sp();
                return new Header(key, r.astring());
            case "HEADER":
                r.sp();
                String name = r.astring();
                r.sp();
                return new Header(name, r.astring());
            case "BODY":
                r.sp();
                return new Text(r.astring(), false);
            case "TEXT":
                r.sp();
                return new Text(r.astring(), true);
            case "UID":
                r.sp();
                return new Sequence(r.sequenceSet(), true);
            case "NOT":
                r.sp();
                return new Not(parseOne(r));
            case "OR":
                r.sp();
                SearchKey left = parseOne(r);
                r.sp();
                return new Or(left, parseOne(r));
            case "MODSEQ":
                r.sp();
                if (r.peek() == '"') {
                    // entry name and type (RFC 7162): accepted and ignored
                    r.string();
                    r.sp();
                    r.atom();
                    r.sp();
                }
                return new ModSeq(r.number());
            default:
                throw new ImapSyntaxException("unknown search key " + key);
        }
    }

    private static boolean compare(DateOp op, LocalDate value, LocalDate date) {
        return switch (op) {
            case BEFORE -> value.isBefore(date);
            case ON -> value.isEqual(date);
            case SINCE -> !value.isBefore(date);
        };
    }

    private static boolean contains(String haystack, String needle) {
        return haystack != null && haystack.toLowerCase(Locale.ROOT).contains(needle.toLowerCase(Locale.ROOT));
    }

    /** The date of an RFC 5322 Date header, in its own zone; {@code null} when unreadable. */
    static LocalDate parseDate(String value) {
        if (value == null) {
            return null;
        }
        String v = value.replaceAll("\\([^)]*\\)", "").strip().replaceAll("\\s+", " ");
        try {
            return ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME).toLocalDate();
        } catch (DateTimeParseException e) {
            try {
                return ZonedDateTime.parse(v, DateTimeFormatter.ofPattern("d MMM yyyy HH:mm[:ss] Z", Locale.ENGLISH))
                        .toLocalDate();
            } catch (DateTimeParseException e2) {
                return null;
            }
        }
    }
}
