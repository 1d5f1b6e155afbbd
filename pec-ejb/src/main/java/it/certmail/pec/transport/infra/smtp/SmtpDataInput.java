package it.certmail.pec.transport.infra.smtp;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

import org.subethamail.smtp.internal.io.DotUnstuffingInputStream;

/**
 * The DATA stream as a handler sees it: counts bytes against the absolute cap, remembers whether the client side
 * failed (so that a broken connection is told apart from a handler's own I/O problem) and restores a stuffed dot
 * on the very first line, which SubEthaSMTP's unstuffer misses (it only looks after a CRLF).
 */
final class SmtpDataInput extends FilterInputStream {

    /** Thrown to the handler when the message grows beyond the cap; the server then answers 552. */
    static final class MessageTooLargeException extends IOException {
        private static final long serialVersionUID = 1L;

        MessageTooLargeException(long cap) {
            super("message exceeds the maximum size of " + cap + " bytes");
        }
    }

    private final long cap;
    private boolean firstByteChecked;
    private long count;
    private boolean exceeded;
    private boolean sourceFailed;

    SmtpDataInput(InputStream source, long cap) {
        super(source);
        this.cap = cap;
        // BDAT chunks are not dot-stuffed: only the DATA path needs the first-line fix
        this.firstByteChecked = !(source instanceof DotUnstuffingInputStream);
    }

    @Override
    public int read() throws IOException {
        checkNotExceeded();
        int b = sourceRead();
        if (!firstByteChecked) {
            firstByteChecked = true;
            if (b == '.') {
                // a line starting with '.' is always stuffed by the client (RFC 5321 §4.5.2)
                b = sourceRead();
            }
        }
        if (b >= 0) {
            count(1);
        }
        return b;
    }

    @Override
    public int read(byte[] buf, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        if (!firstByteChecked) {
            int b = read();
            if (b < 0) {
                return -1;
            }
            buf[off] = (byte) b;
            return 1;
        }
        checkNotExceeded();
        int n;
        try {
            n = in.read(buf, off, len);
        } catch (IOException e) {
            sourceFailed = true;
            throw e;
        }
        if (n > 0) {
            count(n);
        }
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        byte[] buf = new byte[8192];
        long skipped = 0;
        while (skipped < n) {
            int r = read(buf, 0, (int) Math.min(buf.length, n - skipped));
            if (r < 0) {
                break;
            }
            skipped += r;
        }
        return skipped;
    }

    @Override
    public boolean markSupported() {
        return false;
    }

    @Override
    public void close() {
        // the session owns the connection; the rest of the DATA is drained by the server
    }

    boolean exceeded() {
        return exceeded;
    }

    boolean sourceFailed() {
        return sourceFailed;
    }

    long count() {
        return count;
    }

    private int sourceRead() throws IOException {
        try {
            return in.read();
        } catch (IOException e) {
            sourceFailed = true;
            throw e;
        }
    }

    private void count(int n) throws MessageTooLargeException {
        count += n;
        if (count > cap) {
            exceeded = true;
            throw new MessageTooLargeException(cap);
        }
    }

    private void checkNotExceeded() throws MessageTooLargeException {
        if (exceeded) {
            throw new MessageTooLargeException(cap);
        }
    }
}
