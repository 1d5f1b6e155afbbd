package it.certmail.pec.access.imap.domain;

/**
 * Stringhe IMAP in uscita: NIL, quoted strings or literals (RFC 3501 §4.3). Text is handled as ISO-8859-1 chars,
 * one per byte, so 8-bit header bytes go back unchanged (as a literal).
 */
public final class ImapStrings {

    private static final int MAX_QUOTED = 1000;

    private ImapStrings() {
    }

    /** NIL for {@code null}, else {@link #string}. */
    public static void nstring(StringBuilder out, String s) {
        if (s == null) {
            out.append("NIL");
        } else {
            string(out, s);
        }
    }

    /** A quoted string when it can be one, else a literal. */
    public static void string(StringBuilder out, String s) {
        if (quotable(s)) {
            out.append('"');
            for (int i = 0; i < s.length(); i++) {
                char c = s.charAt(i);
                if (c == '"' || c == '\\') {
                    out.append('\\');
                }
                out.append(c);
            }
            out.append('"');
        } else {
            out.append('{').append(s.length()).append("}\r\n").append(s);
        }
    }

    /** An astring: an atom when possible (mailbox names), else as {@link #string}. */
    public static void astring(StringBuilder out, String s) {
        if (!s.isEmpty() && !s.equalsIgnoreCase("NIL") && isAtom(s)) {
            out.append(s);
        } else {
            string(out, s);
        }
    }

    public static String quoted(String s) {
        StringBuilder sb = new StringBuilder();
        string(sb, s);
        return sb.toString();
    }

    private static boolean quotable(String s) {
        if (s.length() > MAX_QUOTED) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == 0 || c == '\r' || c == '\n' || c > 0x7E) {
                return false;
            }
        }
        return true;
    }

    private static boolean isAtom(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (!ImapReader.isAstringChar(s.charAt(i))) {
                return false;
            }
        }
        return true;
    }
}
