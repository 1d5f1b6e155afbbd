package it.certmail.pec.crypto;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.cms.CMSObjectIdentifiers;
import org.bouncycastle.cms.CMSTypedData;

import it.certmail.pec.mime.CrlfOutputStream;
import it.certmail.pec.mime.Spool;

/**
 * A range of a spool as CMS content, written as stored or in the canonical CRLF form of S/MIME (RFC 5751 §3.1.1:
 * bare LF made CRLF) each time BouncyCastle digests it: signing and verifying never hold the content in memory.
 */
final class SpoolContent implements CMSTypedData {

    private final Spool raw;
    private final long from;
    private final long to;
    private final boolean canonical;
    private Boolean changed;

    SpoolContent(Spool raw, long from, long to, boolean canonical) {
        this.raw = raw;
        this.from = from;
        this.to = to;
        this.canonical = canonical;
    }

    @Override
    public ASN1ObjectIdentifier getContentType() {
        return CMSObjectIdentifiers.data;
    }

    @Override
    public void write(OutputStream out) throws IOException {
        OutputStream target = canonical ? new CrlfOutputStream(nonClosing(out), true) : out;
        try (InputStream in = raw.open()) {
            in.skipNBytes(from);
            copy(in, target, to - from);
        }
        if (target instanceof CrlfOutputStream c) {
            c.finish();
            changed = c.changed();
        }
    }

    /** Whether the canonical form differs from the stored bytes (a bare LF); known once written. */
    boolean changesLineEnds() throws IOException {
        if (changed != null) {
            return changed;
        }
        CrlfOutputStream probe = new CrlfOutputStream(OutputStream.nullOutputStream(), true);
        try (InputStream in = raw.open()) {
            in.skipNBytes(from);
            copy(in, probe, to - from);
        }
        changed = probe.changed();
        return changed;
    }

    @Override
    public Object getContent() {
        return raw;
    }

    private static void copy(InputStream in, OutputStream out, long length) throws IOException {
        // a PEC envelope or receipt is a few KB: no 64 KB buffer for each of its four digests
        byte[] buf = new byte[(int) Math.max(1, Math.min(64 * 1024, length))];
        long left = length;
        while (left > 0) {
            int n = in.read(buf, 0, (int) Math.min(buf.length, left));
            if (n < 0) {
                throw new IOException("spool ended " + left + " bytes early");
            }
            out.write(buf, 0, n);
            left -= n;
        }
    }

    private static OutputStream nonClosing(OutputStream out) {
        return new FilterOutputStream(out) {
            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                out.write(b, off, len);
            }

            @Override
            public void close() {
                // the digest stream belongs to the CMS code
            }
        };
    }
}
