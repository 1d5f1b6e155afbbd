package it.certmail.pec.receipts.infra;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.SequenceInputStream;

import jakarta.activation.DataSource;

import it.certmail.pec.mime.Spool;

/**
 * The content of an attached message ({@code postacert.eml}) read from a spool when the part is written: new
 * header bytes, then the spool from an offset (the original's body). Nothing is copied into the heap.
 */
final class SpooledPart implements DataSource {

    private final byte[] head;
    private final Spool spool;
    private final long from;

    /**
     * @param head  bytes written first (a replaced header section), may be empty
     * @param spool the rest
     * @param from  where in {@code spool} the rest starts
     */
    SpooledPart(byte[] head, Spool spool, long from) {
        this.head = head;
        this.spool = spool;
        this.from = from;
    }

    /** The whole spool. */
    static SpooledPart of(Spool spool) {
        return new SpooledPart(new byte[0], spool, 0);
    }

    @Override
    public InputStream getInputStream() throws IOException {
        InputStream rest = spool.open();
        rest.skipNBytes(from);
        return head.length == 0 ? rest : new SequenceInputStream(new ByteArrayInputStream(head), rest);
    }

    @Override
    public OutputStream getOutputStream() throws IOException {
        throw new IOException("read only");
    }

    @Override
    public String getContentType() {
        return "message/rfc822";
    }

    @Override
    public String getName() {
        return "postacert.eml";
    }
}
