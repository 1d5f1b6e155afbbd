package it.certmail.pec.crypto;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Byte-level MIME helpers for signatures: the signed entity of a {@code multipart/signed} is the exact bytes
 * of its first part (RFC 1847 §2.1), which a parse-and-reserialise round trip does not guarantee.
 */
final class RawMime {

    private RawMime() {
    }

    /** Bare LF becomes CRLF; existing CRLF is kept (the canonical form of RFC 5751 §3.1.1). */
    static byte[] toCrlf(byte[] in) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(in.length + in.length / 32 + 2);
        for (int i = 0; i < in.length; i++) {
            byte b = in[i];
            if (b == '\n' && (i == 0 || in[i - 1] != '\r')) {
                out.write('\r');
            }
            out.write(b);
        }
        return out.toByteArray();
    }

    static boolean isSevenBit(byte[] bytes) {
        for (byte b : bytes) {
            if (b < 0) {
                return false;
            }
        }
        return true;
    }

    /** Offset of the first byte after the header section (after the empty line), or -1. */
    static int bodyStart(byte[] raw) {
        int lineStart = 0;
        while (lineStart < raw.length) {
            int eol = indexOf(raw, (byte) '\n', lineStart);
            if (eol < 0) {
                return -1;
            }
            int len = eol - lineStart;
            if (len == 0 || (len == 1 && raw[lineStart] == '\r')) {
                return eol + 1;
            }
            lineStart = eol + 1;
        }
        return -1;
    }

    /**
     * The bytes of the first body part between the first two boundary delimiters of a multipart body starting
     * at {@code from}; the line break before the second delimiter belongs to the delimiter (RFC 2046 §5.1.1).
     *
     * @return the part's bytes, or {@code null} if the delimiters are not found
     */
    static byte[] firstPart(byte[] raw, int from, String boundary) {
        byte[] dash = ("--" + boundary).getBytes(StandardCharsets.ISO_8859_1);
        int first = -1;
        int start = -1;
        int lineStart = from;
        while (lineStart < raw.length) {
            int eol = indexOf(raw, (byte) '\n', lineStart);
            int lineEnd = eol < 0 ? raw.length : eol;
            if (isDelimiter(raw, lineStart, lineEnd, dash)) {
                if (first < 0) {
                    first = lineStart;
                    start = eol < 0 ? raw.length : eol + 1;
                } else {
                    int end = lineStart;
                    if (end > start && raw[end - 1] == '\n') {
                        end--;
                        if (end > start && raw[end - 1] == '\r') {
                            end--;
                        }
                    }
                    return Arrays.copyOfRange(raw, start, Math.max(start, end));
                }
            }
            if (eol < 0) {
                break;
            }
            lineStart = eol + 1;
        }
        return null;
    }

    /** "--boundary" optionally followed by "--", then only transport padding (spaces, tabs, CR). */
    private static boolean isDelimiter(byte[] raw, int lineStart, int lineEnd, byte[] dash) {
        if (lineEnd - lineStart < dash.length) {
            return false;
        }
        for (int i = 0; i < dash.length; i++) {
            if (raw[lineStart + i] != dash[i]) {
                return false;
            }
        }
        int i = lineStart + dash.length;
        if (i + 1 < lineEnd && raw[i] == '-' && raw[i + 1] == '-') {
            i += 2;
        }
        for (; i < lineEnd; i++) {
            if (raw[i] != ' ' && raw[i] != '\t' && raw[i] != '\r') {
                return false;
            }
        }
        return true;
    }

    private static int indexOf(byte[] raw, byte b, int from) {
        for (int i = from; i < raw.length; i++) {
            if (raw[i] == b) {
                return i;
            }
        }
        return -1;
    }
}
