package it.certmail.pec.mime;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;

/**
 * Writes line ends in the canonical CRLF form of the wire and of S/MIME (RFC 5322 §2.1, RFC 5751 §3.1.1): a bare
 * LF becomes CRLF; a lone CR becomes CRLF too, or stays as it is when {@code loneCrKept} (the S/MIME canonical form
 * touches only LF). Existing CRLF pairs are kept. Also tells whether any byte was 8-bit and whether the output
 * differs from the input.
 */
public final class CrlfOutputStream extends FilterOutputStream {

    private static final byte[] CRLF = {'\r', '\n'};

    private final boolean loneCrKept;
    private boolean pendingCr;
    private boolean eightBit;
    private boolean changed;
    private long written;

    /** Lone CR and lone LF both become CRLF. */
    public CrlfOutputStream(OutputStream out) {
        this(out, false);
    }

    public CrlfOutputStream(OutputStream out, boolean loneCrKept) {
        super(out);
        this.loneCrKept = loneCrKept;
    }

    @Override
    public void write(int b) throws IOException {
        b &= 0xFF;
        if (b >= 0x80) {
            eightBit = true;
        }
        if (pendingCr) {
            pendingCr = false;
            if (b == '\n') {
                emit('\n');
                return;
            }
            if (!loneCrKept) {
                changed = true;
                emit('\n');
            }
        }
        if (b == '\r') {
            emit('\r');
            pendingCr = true;
        } else if (b == '\n') {
            changed = true;
            emit(CRLF, 0, 2);
        } else {
            emit(b);
        }
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        // runs go through in one call, CRLF pairs included (the wire form is already canonical): only a bare LF, a
        // lone CR, a CR at the end of the buffer or one pending from the last call go byte by byte
        int end = off + len;
        int start = off;
        for (int i = off; i < end; i++) {
            byte c = b[i];
            if (c < 0) {
                eightBit = true;
            }
            if (c == '\r' && !pendingCr && i + 1 < end && b[i + 1] == '\n') {
                i++;
            } else if (c == '\r' || c == '\n' || pendingCr) {
                if (i > start) {
                    emit(b, start, i - start);
                }
                write(c);
                start = i + 1;
            }
        }
        if (end > start) {
            emit(b, start, end - start);
        }
    }

    /** Ends a pending lone CR; does not close the underlying stream's owner's resources beyond {@code close}. */
    @Override
    public void flush() throws IOException {
        out.flush();
    }

    @Override
    public void close() throws IOException {
        finish();
        out.close();
    }

    /** Writes what a lone CR at the very end becomes; the stream stays open. */
    public void finish() throws IOException {
        if (pendingCr) {
            pendingCr = false;
            if (!loneCrKept) {
                changed = true;
                emit('\n');
            }
        }
        out.flush();
    }

    /** Whether any byte written had the high bit set. */
    public boolean eightBit() {
        return eightBit;
    }

    /** Whether a line end had to be changed. */
    public boolean changed() {
        return changed;
    }

    /** Bytes passed on so far. */
    public long written() {
        return written;
    }

    private void emit(int b) throws IOException {
        out.write(b);
        written++;
    }

    private void emit(byte[] b, int off, int len) throws IOException {
        out.write(b, off, len);
        written += len;
    }
}
