package it.certmail.pec.mailbox.domain;

import java.io.ByteArrayOutputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import it.certmail.pec.mailbox.domain.ContactImport.Problem;

/**
 * Rubrica in vCard (RFC 6350, and the 3.0 and 2.1 files phones and mail programs still write): reads the cards of a
 * file into {@link ContactCard}s and writes them back as vCard 3.0. Per card: FN (or N) is the name, the EMAIL
 * marked PEC (else the first valid one) the address, CATEGORIES the groups. A file is untrusted: its size, its
 * number of cards and its line lengths are bounded, and every card that cannot be a contact is reported, not
 * guessed.
 */
public final class VCards {

    public static final int MAX_CARDS = 2000;
    private static final int MAX_LINE = 20_000;
    private static final int FOLD_OCTETS = 75;

    private VCards() {
    }

    /** The cards of a file; a problem's place is the card's number (1 = the first card; 0 = the file itself). */
    public static ContactImport parse(String text) {
        ContactImport refused = ContactImport.refusal(text);
        if (refused != null) {
            return refused;
        }
        List<ContactCard> cards = new ArrayList<>();
        List<Problem> problems = new ArrayList<>();
        int cardNo = 0;
        Card card = null;
        for (String line : unfold(text.replace("\uFEFF", ""))) {
            if (line.isBlank()) {
                continue;
            }
            if (line.length() > MAX_LINE) {
                if (card != null) {
                    card.broken = "a line longer than " + MAX_LINE + " characters";
                }
                continue;
            }
            Property p = Property.of(line);
            if (p == null) {
                continue;
            }
            if (p.name.equals("BEGIN") && p.value.equalsIgnoreCase("VCARD")) {
                if (card != null) {
                    problems.add(new Problem(cardNo, "a card inside another card (no END:VCARD before it)"));
                }
                cardNo++;
                if (cardNo > MAX_CARDS) {
                    problems.add(new Problem(cardNo, "more than " + MAX_CARDS + " cards: the rest was not read"));
                    card = null;
                    break;
                }
                card = new Card();
            } else if (p.name.equals("END") && p.value.equalsIgnoreCase("VCARD")) {
                if (card != null) {
                    take(card, cardNo, cards, problems);
                }
                card = null;
            } else if (card != null) {
                card.add(p);
            }
        }
        if (card != null) {
            problems.add(new Problem(cardNo, "the file ends inside a card (no END:VCARD)"));
        }
        if (cardNo == 0) {
            problems.add(new Problem(0, "no BEGIN:VCARD: not a vCard file"));
        }
        return new ContactImport(cards, problems);
    }

    private static void take(Card card, int cardNo, List<ContactCard> cards, List<Problem> problems) {
        if (card.broken != null) {
            problems.add(new Problem(cardNo, card.broken));
            return;
        }
        String address = card.pecEmail != null ? card.pecEmail : card.firstEmail;
        if (address == null) {
            problems.add(new Problem(cardNo, "no valid e-mail address"
                    + (card.fn != null ? " for " + ContactCard.clean(card.fn, 60) : "")));
            return;
        }
        String name = card.fn != null ? card.fn : card.nameFromN;
        ContactCard.of(name, address, card.groups).ifPresentOrElse(cards::add,
                () -> problems.add(new Problem(cardNo, "no valid e-mail address")));
    }

    /** One card being read. */
    private static final class Card {
        String fn;
        String nameFromN;
        String pecEmail;
        String firstEmail;
        final List<String> groups = new ArrayList<>();
        String broken;

        void add(Property p) {
            switch (p.name) {
                case "FN" -> fn = p.text();
                case "N" -> {
                    List<String> parts = split(p.rawValue(), ';');
                    String family = parts.isEmpty() ? "" : unescape(parts.get(0));
                    String given = parts.size() > 1 ? unescape(parts.get(1)) : "";
                    nameFromN = (given + " " + family).strip();
                }
                case "EMAIL" -> {
                    String value = p.text().strip();
                    if (value.toLowerCase(Locale.ROOT).startsWith("mailto:")) {
                        value = value.substring(7);
                    }
                    if (MailAddresses.normalizeAddress(value).isEmpty()) {
                        return;
                    }
                    if (firstEmail == null) {
                        firstEmail = value;
                    }
                    if (pecEmail == null && p.params.toUpperCase(Locale.ROOT).contains("PEC")) {
                        pecEmail = value;
                    }
                }
                case "CATEGORIES" -> split(p.rawValue(), ',').forEach(g -> groups.add(unescape(g)));
                default -> {
                    // other properties (TEL, ADR, PHOTO...) are not part of a PEC contact
                }
            }
        }
    }

    /** One content line: {@code [group.]NAME[;params]:value}, the name upper-case without its group. */
    private record Property(String name, String params, String value) {

        static Property of(String line) {
            int colon = -1;
            boolean quoted = false;
            for (int i = 0; i < line.length(); i++) {
                char c = line.charAt(i);
                if (c == '"') {
                    quoted = !quoted;
                } else if (c == ':' && !quoted) {
                    colon = i;
                    break;
                }
            }
            if (colon <= 0) {
                return null;
            }
            String head = line.substring(0, colon);
            int semi = head.indexOf(';');
            String name = semi < 0 ? head : head.substring(0, semi);
            int dot = name.lastIndexOf('.');
            if (dot >= 0) {
                name = name.substring(dot + 1);
            }
            return new Property(name.strip().toUpperCase(Locale.ROOT), semi < 0 ? "" : head.substring(semi + 1),
                    line.substring(colon + 1));
        }

        /** The value decoded from quoted-printable (vCard 2.1) when so marked, still escaped. */
        String rawValue() {
            String upper = params.toUpperCase(Locale.ROOT);
            if (!upper.contains("QUOTED-PRINTABLE")) {
                return value;
            }
            return quotedPrintable(value, charset(params));
        }

        /** The value decoded and unescaped, for single-valued text properties. */
        String text() {
            return unescape(rawValue());
        }
    }

    private static Charset charset(String params) {
        for (String param : params.split(";")) {
            int eq = param.indexOf('=');
            if (eq > 0 && param.substring(0, eq).strip().equalsIgnoreCase("CHARSET")) {
                try {
                    return Charset.forName(param.substring(eq + 1).strip().replace("\"", ""));
                } catch (IllegalArgumentException e) {
                    return StandardCharsets.UTF_8;
                }
            }
        }
        return StandardCharsets.UTF_8;
    }

    static String quotedPrintable(String value, Charset charset) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '=' && i + 2 < value.length() + 0 && isHex(value, i + 1) && isHex(value, i + 2)) {
                out.write(Integer.parseInt(value.substring(i + 1, i + 3), 16));
                i += 2;
            } else if (c == '=' && i == value.length() - 1) {
                // a soft line break left at the end
            } else {
                byte[] b = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
                out.write(b, 0, b.length);
            }
        }
        return out.toString(charset);
    }

    private static boolean isHex(String s, int at) {
        return at < s.length() && Character.digit(s.charAt(at), 16) >= 0;
    }

    /**
     * Content lines: CRLF, LF or CR end a line; a line starting with a space or tab continues the one before
     * (RFC 6350 §3.2); a quoted-printable line ending in {@code =} continues on the next (vCard 2.1).
     */
    static List<String> unfold(String text) {
        List<String> lines = new ArrayList<>();
        StringBuilder current = null;
        for (String raw : text.split("\r\n|\n|\r", -1)) {
            boolean continuation = !raw.isEmpty() && (raw.charAt(0) == ' ' || raw.charAt(0) == '\t');
            if (current != null && continuation) {
                if (current.length() <= MAX_LINE) {
                    current.append(raw, 1, raw.length());
                }
            } else if (current != null && isSoftBreak(current)) {
                current.setLength(current.length() - 1);
                if (current.length() <= MAX_LINE) {
                    current.append(raw);
                }
            } else {
                if (current != null) {
                    lines.add(current.toString());
                }
                current = new StringBuilder(raw.length() > MAX_LINE + 1 ? raw.substring(0, MAX_LINE + 1) : raw);
            }
        }
        if (current != null) {
            lines.add(current.toString());
        }
        return lines;
    }

    private static boolean isSoftBreak(StringBuilder line) {
        if (line.length() == 0 || line.charAt(line.length() - 1) != '=') {
            return false;
        }
        int colon = line.indexOf(":");
        return colon > 0 && line.substring(0, colon).toUpperCase(Locale.ROOT).contains("QUOTED-PRINTABLE");
    }

    /** Splits on {@code sep} not preceded by a backslash (escapes kept for {@link #unescape}). */
    static List<String> split(String value, char sep) {
        List<String> parts = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '\\' && i + 1 < value.length()) {
                current.append(c).append(value.charAt(++i));
            } else if (c == sep) {
                parts.add(current.toString());
                current.setLength(0);
            } else {
                current.append(c);
            }
        }
        parts.add(current.toString());
        return parts;
    }

    /** {@code \n} and {@code \N} a newline, {@code \,} {@code \;} {@code \\} themselves (RFC 6350 §3.4). */
    static String unescape(String value) {
        StringBuilder out = new StringBuilder(value.length());
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '\\' && i + 1 < value.length()) {
                char n = value.charAt(++i);
                out.append(n == 'n' || n == 'N' ? '\n' : n);
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    static String escape(String value) {
        return value.replace("\\", "\\\\").replace(",", "\\,").replace(";", "\\;").replace("\n", "\\n");
    }

    /** vCard 3.0, one card per contact, CRLF lines folded at 75 octets without splitting a character. */
    public static String write(List<ContactCard> contacts) {
        StringBuilder out = new StringBuilder();
        for (ContactCard c : contacts) {
            line(out, "BEGIN:VCARD");
            line(out, "VERSION:3.0");
            line(out, "FN:" + escape(c.name()));
            line(out, "N:" + escape(c.name()) + ";;;;");
            line(out, "EMAIL;TYPE=INTERNET,PEC:" + c.address());
            if (!c.groups().isEmpty()) {
                line(out, "CATEGORIES:" + String.join(",", c.groups().stream().map(VCards::escape).toList()));
            }
            line(out, "END:VCARD");
        }
        return out.toString();
    }

    private static void line(StringBuilder out, String line) {
        int octets = 0;
        int limit = FOLD_OCTETS;
        for (int i = 0; i < line.length(); ) {
            int cp = line.codePointAt(i);
            int size = new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8).length;
            if (octets + size > limit) {
                out.append("\r\n ");
                octets = 0;
                limit = FOLD_OCTETS - 1;
            }
            out.appendCodePoint(cp);
            octets += size;
            i += Character.charCount(cp);
        }
        out.append("\r\n");
    }
}
