package it.certmail.pec.access.imap.domain;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * UTF-7 modificato (RFC 3501 §5.1.3): how IMAP4rev1 writes folder names outside printable ASCII. {@code &} starts
 * a run of UTF-16BE in base64 with {@code ,} for {@code /}, ended by {@code -}; {@code &-} is {@code &} itself.
 * Folders are stored by their Unicode names; sessions decode what clients send and encode what they answer.
 */
public final class ModifiedUtf7 {

    private static final Base64.Encoder ENCODER = Base64.getEncoder().withoutPadding();

    private ModifiedUtf7() {
    }

    /** The name as IMAP writes it. */
    public static String encode(String name) {
        StringBuilder out = new StringBuilder(name.length() + 8);
        int i = 0;
        while (i < name.length()) {
            char c = name.charAt(i);
            if (c >= 0x20 && c <= 0x7E) {
                out.append(c == '&' ? "&-" : String.valueOf(c));
                i++;
                continue;
            }
            int start = i;
            while (i < name.length() && (name.charAt(i) < 0x20 || name.charAt(i) > 0x7E)) {
                i++;
            }
            byte[] utf16 = name.substring(start, i).getBytes(StandardCharsets.UTF_16BE);
            out.append('&').append(ENCODER.encodeToString(utf16).replace('/', ',')).append('-');
        }
        return out.toString();
    }

    /**
     * The Unicode name of what a client sent; a name that is not valid modified UTF-7 (an unended or malformed
     * {@code &} run, raw 8-bit characters) is returned unchanged, as some clients send UTF-8.
     */
    public static String decode(String wire) {
        if (wire.indexOf('&') < 0) {
            return wire;
        }
        StringBuilder out = new StringBuilder(wire.length());
        int i = 0;
        while (i < wire.length()) {
            char c = wire.charAt(i);
            if (c != '&') {
                out.append(c);
                i++;
                continue;
            }
            int end = wire.indexOf('-', i + 1);
            if (end < 0) {
                return wire;
            }
            if (end == i + 1) {
                out.append('&');
                i = end + 1;
                continue;
            }
            String b64 = wire.substring(i + 1, end).replace(',', '/');
            try {
                byte[] utf16 = Base64.getDecoder().decode(b64);
                if (utf16.length % 2 != 0) {
                    return wire;
                }
                CharBuffer chars = StandardCharsets.UTF_16BE.newDecoder()
                        .onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT)
                        .decode(ByteBuffer.wrap(utf16));
                out.append(chars);
            } catch (IllegalArgumentException | CharacterCodingException e) {
                return wire;
            }
            i = end + 1;
        }
        return out.toString();
    }
}
