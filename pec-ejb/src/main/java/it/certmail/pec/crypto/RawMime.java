package it.certmail.pec.crypto;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

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

    /** Offset of the first byte after the header section (after the empty line), or -1; reads {@code in}. */
    static long bodyStart(InputStream in) throws IOException {
        InputStream b = new BufferedInputStream(in, 8192);
        long pos = 0;
        int lineLength = 0;
        boolean onlyCr = false;
        int c;
        while ((c = b.read()) != -1) {
            pos++;
            if (c == '\n') {
                if (lineLength == 0 || (lineLength == 1 && onlyCr)) {
                    return pos;
                }
                lineLength = 0;
            } else {
                onlyCr = lineLength == 0 && c == '\r';
                lineLength++;
            }
        }
        return -1;
    }

    /**
     * The range {@code [start, end)} of the bytes of the first body part between the first two boundary delimiters
     * of a multipart body starting at {@code from}, reading {@code in} from its beginning; the line break before
     * the second delimiter belongs to the delimiter (RFC 2046 §5.1.1). {@code null} if the delimiters are not found.
     * A delimiter line is "--boundary", optionally followed by "--", then only transport padding (spaces, tabs, CR).
     */
    static long[] firstPartRange(InputStream in, long from, String boundary) throws IOException {
        byte[] dash = ("--" + boundary).getBytes(StandardCharsets.ISO_8859_1);
        int k = dash.length;
        byte[] head = new byte[k + 2];
        InputStream b = new BufferedInputStream(in, 64 * 1024);
        b.skipNBytes(from);
        long pos = from;
        long lineStart = from;
        int lineLength = 0;
        boolean tailPadding = true;
        long start = -1;
        // the line break before a delimiter belongs to the delimiter: the last two bytes before each line
        int before1 = -1;
        int before2 = -1;
        int last1 = -1;
        int c;
        while (true) {
            c = b.read();
            if (c == -1 || c == '\n') {
                if (isDelimiter(head, Math.min(lineLength, k + 2), lineLength, dash, tailPadding)) {
                    if (start < 0) {
                        start = c == -1 ? pos : pos + 1;
                    } else {
                        long end = lineStart;
                        if (end > start && before1 == '\n') {
                            end--;
                            if (end > start && before2 == '\r') {
                                end--;
                            }
                        }
                        return new long[] {start, Math.max(start, end)};
                    }
                }
                if (c == -1) {
                    return null;
                }
                pos++;
                lineStart = pos;
                lineLength = 0;
                tailPadding = true;
                before2 = last1;
                before1 = c;
                last1 = c;
                continue;
            }
            if (lineLength < k + 2) {
                head[lineLength] = (byte) c;
            } else if (c != ' ' && c != '\t' && c != '\r') {
                tailPadding = false;
            }
            lineLength++;
            pos++;
            last1 = c;
        }
    }

    /** Whether a line, seen through its first {@code kept} bytes and a flag for the rest, is a delimiter. */
    private static boolean isDelimiter(byte[] head, int kept, int lineLength, byte[] dash, boolean tailPadding) {
        int k = dash.length;
        if (lineLength < k) {
            return false;
        }
        for (int i = 0; i < k; i++) {
            if (head[i] != dash[i]) {
                return false;
            }
        }
        if (lineLength >= k + 2 && head[k] == '-' && head[k + 1] == '-') {
            return tailPadding;
        }
        for (int i = k; i < kept; i++) {
            if (head[i] != ' ' && head[i] != '\t' && head[i] != '\r') {
                return false;
            }
        }
        return tailPadding;
    }
}
