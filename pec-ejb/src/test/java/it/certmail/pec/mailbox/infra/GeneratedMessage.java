package it.certmail.pec.mailbox.infra;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;

/**
 * A deterministic RFC 5322 message of any size, generated as it is read (never held in memory): a header block,
 * then base64-like lines of 76 characters from a seeded generator.
 */
final class GeneratedMessage extends InputStream {

    private static final byte[] ALPHABET =
            "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".getBytes(StandardCharsets.US_ASCII);

    private final byte[] header;
    private final long size;
    private final SplittableRandom random;
    private long pos;

    GeneratedMessage(long size, long seed) {
        this.header = ("From: gen@a.test\r\nTo: bob@b.test\r\nSubject: generated " + seed
                + "\r\nMessage-ID: <gen." + seed + "@a.test>\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
        this.size = size;
        this.random = new SplittableRandom(seed);
    }

    @Override
    public int read() {
        if (pos >= size) {
            return -1;
        }
        long p = pos++;
        if (p < header.length) {
            return header[(int) p];
        }
        long inBody = p - header.length;
        int column = (int) (inBody % 78);
        if (column == 76) {
            return '\r';
        }
        if (column == 77) {
            return '\n';
        }
        return ALPHABET[random.nextInt(ALPHABET.length)];
    }

    @Override
    public int read(byte[] b, int off, int len) {
        if (len == 0) {
            return 0;
        }
        if (pos >= size) {
            return -1;
        }
        int n = (int) Math.min(len, size - pos);
        for (int i = 0; i < n; i++) {
            b[off + i] = (byte) read();
        }
        return n;
    }
}
