package it.certmail.pec.mailbox.domain;

import java.io.ByteArrayOutputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parole codificate (RFC 2047 encoded-words): decodes {@code =?charset?B|Q?text?=} in an unfolded header value.
 *
 * <p>Whitespace between two adjacent encoded-words is dropped (RFC 2047 §6.2), and adjacent words in the same
 * charset are decoded together, so a UTF-8 character split across two words comes out whole. A word that cannot
 * be decoded (unknown charset, bad Base64) is left as written: decoding never throws.
 */
public final class EncodedWords {

    private static final Pattern WORD = Pattern.compile("=\\?([^?\\s]+)\\?([bBqQ])\\?([^?\\s]*)\\?=");

    private EncodedWords() {
    }

    public static String decode(String value) {
        if (value == null || !value.contains("=?")) {
            return value;
        }
        StringBuilder out = new StringBuilder(value.length());
        Matcher m = WORD.matcher(value);
        int last = 0;
        boolean previousWasWord = false;
        // pending bytes of adjacent words in one charset
        ByteArrayOutputStream pending = new ByteArrayOutputStream();
        Charset pendingCharset = null;
        while (m.find()) {
            String between = value.substring(last, m.start());
            boolean adjacent = previousWasWord && between.isBlank();
            Charset charset = charset(m.group(1));
            byte[] bytes = charset == null ? null : bytes(m.group(2), m.group(3));
            if (!adjacent || bytes == null || !charset.equals(pendingCharset)) {
                flush(out, pending, pendingCharset);
                pendingCharset = null;
                if (!adjacent) {
                    out.append(between);
                }
            }
            if (bytes == null) {
                out.append(m.group());
            } else {
                pending.write(bytes, 0, bytes.length);
                pendingCharset = charset;
            }
            previousWasWord = true;
            last = m.end();
        }
        flush(out, pending, pendingCharset);
        out.append(value, last, value.length());
        return out.toString();
    }

    private static void flush(StringBuilder out, ByteArrayOutputStream pending, Charset charset) {
        if (pending.size() > 0 && charset != null) {
            out.append(new String(pending.toByteArray(), charset));
        }
        pending.reset();
    }

    private static Charset charset(String name) {
        // RFC 2231 §5 allows a language after '*'
        int star = name.indexOf('*');
        String bare = star >= 0 ? name.substring(0, star) : name;
        try {
            return Charset.forName(bare);
        } catch (RuntimeException unknown) {
            return null;
        }
    }

    private static byte[] bytes(String encoding, String text) {
        if (encoding.toUpperCase(Locale.ROOT).equals("B")) {
            try {
                return Base64.getDecoder().decode(text);
            } catch (IllegalArgumentException bad) {
                return null;
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '_') {
                out.write(' ');
            } else if (c == '=' && i + 2 < text.length()) {
                int hi = Character.digit(text.charAt(i + 1), 16);
                int lo = Character.digit(text.charAt(i + 2), 16);
                if (hi < 0 || lo < 0) {
                    return null;
                }
                out.write(hi << 4 | lo);
                i += 2;
            } else if (c == '=') {
                return null;
            } else {
                out.writeBytes(String.valueOf(c).getBytes(StandardCharsets.ISO_8859_1));
            }
        }
        return out.toByteArray();
    }
}
