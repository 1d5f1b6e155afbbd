package it.certmail.pec.access.imap.domain;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Attributo di FETCH (RFC 3501 §6.4.5, RFC 7162 MODSEQ): one data item a client asks for. */
public sealed interface FetchItem {

    enum Simple { FLAGS, UID, INTERNALDATE, RFC822_SIZE, ENVELOPE, BODYSTRUCTURE, BODY, MODSEQ, RFC822,
        RFC822_HEADER, RFC822_TEXT }

    record Attribute(Simple kind) implements FetchItem {
    }

    /** What part of an entity a section takes. */
    enum Kind { ALL, HEADER, HEADER_FIELDS, HEADER_FIELDS_NOT, TEXT, MIME }

    /**
     * BODY[section]&lt;partial&gt; or BODY.PEEK[...]; {@code partialLength} is -1 without a partial.
     *
     * @param label the section text as it goes back in the response, e.g. {@code 1.2.MIME}
     */
    record Section(boolean peek, int[] path, Kind kind, List<String> fields, long partialStart, long partialLength,
            String label) implements FetchItem {

        /** Whether the whole structure is needed (anything but the top header). */
        public boolean needsStructure() {
            return path.length > 0 || kind == Kind.ALL || kind == Kind.TEXT;
        }
    }

    /**
     * Parses the items after the sequence set: one item or a parenthesised list, macros expanded.
     *
     * @throws ImapSyntaxException on anything unknown
     */
    static List<FetchItem> parse(ImapReader r) throws ImapSyntaxException {
        List<FetchItem> out = new ArrayList<>();
        if (r.skipIf('(')) {
            while (true) {
                item(r, out);
                if (r.skipIf(')')) {
                    break;
                }
                r.sp();
            }
        } else {
            item(r, out);
        }
        return out;
    }

    private static void item(ImapReader r, List<FetchItem> out) throws ImapSyntaxException {
        String name = r.attributeName().toUpperCase(Locale.ROOT);
        switch (name) {
            case "ALL" -> out.addAll(List.of(a(Simple.FLAGS), a(Simple.INTERNALDATE), a(Simple.RFC822_SIZE),
                    a(Simple.ENVELOPE)));
            case "FAST" -> out.addAll(List.of(a(Simple.FLAGS), a(Simple.INTERNALDATE), a(Simple.RFC822_SIZE)));
            case "FULL" -> out.addAll(List.of(a(Simple.FLAGS), a(Simple.INTERNALDATE), a(Simple.RFC822_SIZE),
                    a(Simple.ENVELOPE), a(Simple.BODY)));
            case "FLAGS" -> out.add(a(Simple.FLAGS));
            case "UID" -> out.add(a(Simple.UID));
            case "INTERNALDATE" -> out.add(a(Simple.INTERNALDATE));
            case "RFC822.SIZE" -> out.add(a(Simple.RFC822_SIZE));
            case "ENVELOPE" -> out.add(a(Simple.ENVELOPE));
            case "BODYSTRUCTURE" -> out.add(a(Simple.BODYSTRUCTURE));
            case "MODSEQ" -> out.add(a(Simple.MODSEQ));
            case "RFC822" -> out.add(a(Simple.RFC822));
            case "RFC822.HEADER" -> out.add(a(Simple.RFC822_HEADER));
            case "RFC822.TEXT" -> out.add(a(Simple.RFC822_TEXT));
            case "BODY", "BODY.PEEK", "BINARY.PEEK", "BINARY" -> {
                if (r.peek() != '[') {
                    if (!name.equals("BODY")) {
                        throw new ImapSyntaxException(name + " needs a section");
                    }
                    out.add(a(Simple.BODY));
                    return;
                }
                out.add(section(r, name.endsWith(".PEEK")));
            }
            default -> throw new ImapSyntaxException("unknown fetch item " + name);
        }
    }

    private static Attribute a(Simple s) {
        return new Attribute(s);
    }

    private static Section section(ImapReader r, boolean peek) throws ImapSyntaxException {
        r.expect('[');
        List<Integer> path = new ArrayList<>();
        Kind kind = Kind.ALL;
        List<String> fields = List.of();
        StringBuilder label = new StringBuilder();
        while (r.peek() >= '0' && r.peek() <= '9') {
            long n = r.number();
            if (n < 1 || n > 10_000) {
                throw new ImapSyntaxException("bad part number " + n);
            }
            path.add((int) n);
            label.append(n);
            if (!r.skipIf('.')) {
                break;
            }
            label.append('.');
        }
        if (r.peek() != ']') {
            String spec = r.attributeName().toUpperCase(Locale.ROOT);
            label.append(spec);
            switch (spec) {
                case "HEADER" -> kind = Kind.HEADER;
                case "TEXT" -> kind = Kind.TEXT;
                case "MIME" -> {
                    if (path.isEmpty()) {
                        throw new ImapSyntaxException("MIME needs a part number");
                    }
                    kind = Kind.MIME;
                }
                case "HEADER.FIELDS", "HEADER.FIELDS.NOT" -> {
                    kind = spec.endsWith(".NOT") ? Kind.HEADER_FIELDS_NOT : Kind.HEADER_FIELDS;
                    r.sp();
                    fields = r.astringList();
                    label.append(" (");
                    for (int i = 0; i < fields.size(); i++) {
                        if (i > 0) {
                            label.append(' ');
                        }
                        label.append(fields.get(i).toUpperCase(Locale.ROOT));
                    }
                    label.append(')');
                }
                default -> throw new ImapSyntaxException("unknown section " + spec);
            }
        } else if (label.length() > 0 && label.charAt(label.length() - 1) == '.') {
            throw new ImapSyntaxException("section ends with a dot");
        }
        r.expect(']');
        long start = 0;
        long length = -1;
        if (r.skipIf('<')) {
            start = r.number();
            r.expect('.');
            length = r.number();
            if (length == 0) {
                throw new ImapSyntaxException("empty partial");
            }
            r.expect('>');
        }
        int[] p = path.stream().mapToInt(Integer::intValue).toArray();
        return new Section(peek, p, kind, fields, start, length, label.toString());
    }
}
