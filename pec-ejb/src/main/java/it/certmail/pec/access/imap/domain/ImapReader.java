package it.certmail.pec.access.imap.domain;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Lettore di comandi: a cursor over one complete command as the framer delivers it (without the final CRLF,
 * literals inline as {@code {n}CRLF<n bytes>} or {@code {n+}CRLF<n bytes>}). Every method throws
 * {@link ImapSyntaxException} on malformed input, which the session answers with BAD.
 */
public final class ImapReader {

    private static final DateTimeFormatter DATE_TIME =
            DateTimeFormatter.ofPattern("d-MMM-yyyy HH:mm:ss Z", Locale.ENGLISH);
    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("d-MMM-yyyy", Locale.ENGLISH);

    private final byte[] buf;
    private int pos;

    public ImapReader(byte[] command) {
        this.buf = command;
    }

    public int position() {
        return pos;
    }

    public boolean atEnd() {
        return pos >= buf.length;
    }

    /** The next byte as a char, or -1 at the end. */
    public int peek() {
        return atEnd() ? -1 : buf[pos] & 0xFF;
    }

    public void expect(char c) throws ImapSyntaxException {
        if (peek() != c) {
            throw new ImapSyntaxException("expected '" + c + "' at " + pos);
        }
        pos++;
    }

    public boolean skipIf(char c) {
        if (peek() == c) {
            pos++;
            return true;
        }
        return false;
    }

    public void sp() throws ImapSyntaxException {
        expect(' ');
    }

    public void end() throws ImapSyntaxException {
        if (!atEnd()) {
            throw new ImapSyntaxException("unexpected characters at the end of the command");
        }
    }

    /** A tag: any ASTRING-CHAR but '+'. */
    public String tag() throws ImapSyntaxException {
        int start = pos;
        while (!atEnd() && isAstringChar(peek()) && peek() != '+') {
            pos++;
        }
        if (pos == start) {
            throw new ImapSyntaxException("missing tag");
        }
        return ascii(start, pos);
    }

    /** An atom (upper-cased by the caller when it is a keyword). */
    public String atom() throws ImapSyntaxException {
        int start = pos;
        while (!atEnd() && isAtomChar(peek())) {
            pos++;
        }
        if (pos == start) {
            throw new ImapSyntaxException("expected an atom at " + start);
        }
        return ascii(start, pos);
    }

    /** An atom that ends before '[' too (FETCH attribute names such as {@code BODY.PEEK[}). */
    public String attributeName() throws ImapSyntaxException {
        int start = pos;
        while (!atEnd() && isAtomChar(peek()) && peek() != '[' && peek() != '<') {
            pos++;
        }
        if (pos == start) {
            throw new ImapSyntaxException("expected a fetch attribute at " + start);
        }
        return ascii(start, pos);
    }

    /** Characters up to the next space or the end: sequence sets, fetch attributes with brackets. */
    public String word() throws ImapSyntaxException {
        int start = pos;
        while (!atEnd() && peek() != ' ' && peek() != ')' && peek() != '(') {
            pos++;
        }
        if (pos == start) {
            throw new ImapSyntaxException("expected a word at " + start);
        }
        return ascii(start, pos);
    }

    public SequenceSet sequenceSet() throws ImapSyntaxException {
        int start = pos;
        while (!atEnd() && (Character.isDigit(peek()) || peek() == ':' || peek() == ',' || peek() == '*')) {
            pos++;
        }
        return SequenceSet.parse(ascii(start, pos));
    }

    public long number() throws ImapSyntaxException {
        int start = pos;
        while (!atEnd() && peek() >= '0' && peek() <= '9') {
            pos++;
        }
        if (pos == start || pos - start > 19) {
            throw new ImapSyntaxException("expected a number at " + start);
        }
        return Long.parseLong(ascii(start, pos));
    }

    /** astring as bytes: atom (with ']'), quoted string or literal. */
    public byte[] astringBytes() throws ImapSyntaxException {
        int c = peek();
        if (c == '"' || c == '{' || c == '~') {
            return stringBytes();
        }
        int start = pos;
        while (!atEnd() && isAstringChar(peek())) {
            pos++;
        }
        if (pos == start) {
            throw new ImapSyntaxException("expected a string at " + start);
        }
        return java.util.Arrays.copyOfRange(buf, start, pos);
    }

    /** astring decoded as UTF-8 (RFC 6855 names and passwords; ASCII for everything else). */
    public String astring() throws ImapSyntaxException {
        return new String(astringBytes(), StandardCharsets.UTF_8);
    }

    /** A quoted string or a literal. */
    public byte[] stringBytes() throws ImapSyntaxException {
        int c = peek();
        if (c == '"') {
            pos++;
            java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
            while (true) {
                if (atEnd()) {
                    throw new ImapSyntaxException("unterminated quoted string");
                }
                int b = buf[pos++] & 0xFF;
                if (b == '"') {
                    return out.toByteArray();
                }
                if (b == '\\') {
                    if (atEnd()) {
                        throw new ImapSyntaxException("unterminated quoted string");
                    }
                    b = buf[pos++] & 0xFF;
                    if (b != '"' && b != '\\') {
                        throw new ImapSyntaxException("bad escape in quoted string");
                    }
                } else if (b == '\r' || b == '\n') {
                    throw new ImapSyntaxException("line break in quoted string");
                }
                out.write(b);
            }
        }
        if (c == '~') {
            // RFC 3516 literal8, accepted where a literal is
            pos++;
        }
        if (peek() == '{') {
            return literal();
        }
        throw new ImapSyntaxException("expected a string at " + pos);
    }

    public String string() throws ImapSyntaxException {
        return new String(stringBytes(), StandardCharsets.UTF_8);
    }

    /** NIL or a string. */
    public String nstring() throws ImapSyntaxException {
        if (matchesWord("NIL")) {
            pos += 3;
            return null;
        }
        return string();
    }

    private byte[] literal() throws ImapSyntaxException {
        expect('{');
        long n = number();
        skipIf('+');
        expect('}');
        expect('\r');
        expect('\n');
        if (n > buf.length - pos) {
            throw new ImapSyntaxException("literal longer than the data sent");
        }
        byte[] out = java.util.Arrays.copyOfRange(buf, pos, pos + (int) n);
        pos += (int) n;
        return out;
    }

    /** A parenthesised list of atoms/flags, e.g. {@code (\Seen $Label)}; a single flag without parentheses too. */
    public List<String> flagList() throws ImapSyntaxException {
        List<String> out = new ArrayList<>();
        if (!skipIf('(')) {
            out.add(flag());
            return out;
        }
        if (skipIf(')')) {
            return out;
        }
        while (true) {
            out.add(flag());
            if (skipIf(')')) {
                return out;
            }
            sp();
        }
    }

    public String flag() throws ImapSyntaxException {
        boolean system = skipIf('\\');
        String name = atom();
        return system ? "\\" + name : name;
    }

    /** A parenthesised list of astrings (HEADER.FIELDS, STATUS items, ENABLE is space separated instead). */
    public List<String> astringList() throws ImapSyntaxException {
        List<String> out = new ArrayList<>();
        expect('(');
        if (skipIf(')')) {
            return out;
        }
        while (true) {
            out.add(astring());
            if (skipIf(')')) {
                return out;
            }
            sp();
        }
    }

    /** date-time as in APPEND: {@code "17-Jul-1996 02:44:25 -0700"}. */
    public ZonedDateTime dateTime() throws ImapSyntaxException {
        String s = new String(stringBytes(), StandardCharsets.US_ASCII).strip();
        try {
            return ZonedDateTime.parse(s, DATE_TIME);
        } catch (DateTimeParseException e) {
            throw new ImapSyntaxException("bad date-time: " + s);
        }
    }

    /** date as in SEARCH: {@code 1-Feb-1994}, quoted or not. */
    public LocalDate date() throws ImapSyntaxException {
        String s = peek() == '"' ? string() : word();
        try {
            return LocalDate.parse(s, DATE);
        } catch (DateTimeParseException e) {
            throw new ImapSyntaxException("bad date: " + s);
        }
    }

    /** Whether the next characters are {@code word} (case-insensitive) followed by a delimiter or the end. */
    public boolean matchesWord(String word) {
        if (pos + word.length() > buf.length) {
            return false;
        }
        for (int i = 0; i < word.length(); i++) {
            if (Character.toUpperCase(buf[pos + i] & 0xFF) != word.charAt(i)) {
                return false;
            }
        }
        int after = pos + word.length();
        return after == buf.length || buf[after] == ' ' || buf[after] == ')' || buf[after] == '(';
    }

    /** The remaining bytes (SASL initial responses, IDLE's DONE). */
    public String rest() {
        String s = ascii(pos, buf.length);
        pos = buf.length;
        return s;
    }

    private String ascii(int from, int to) {
        return new String(buf, from, to - from, StandardCharsets.ISO_8859_1);
    }

    static boolean isAtomChar(int c) {
        return c > 0x20 && c < 0x7F && c != '(' && c != ')' && c != '{' && c != '%' && c != '*' && c != '"'
                && c != '\\' && c != ']';
    }

    static boolean isAstringChar(int c) {
        return isAtomChar(c) || c == ']';
    }

    /** LIST patterns may hold '%' and '*'. */
    public String listMailbox() throws ImapSyntaxException {
        int c = peek();
        if (c == '"' || c == '{') {
            return string();
        }
        int start = pos;
        while (!atEnd() && (isAstringChar(peek()) || peek() == '%' || peek() == '*')) {
            pos++;
        }
        if (pos == start) {
            throw new ImapSyntaxException("expected a mailbox pattern");
        }
        return new String(buf, start, pos - start, StandardCharsets.UTF_8);
    }
}
