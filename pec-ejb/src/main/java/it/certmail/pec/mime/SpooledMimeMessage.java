package it.certmail.pec.mime;

import java.io.IOException;
import java.util.List;

import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetHeaders;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.SharedInputStream;

/**
 * A message parsed from the {@link Spool} that holds its exact bytes: {@code writeTo} and {@link #bytes()} give
 * back those bytes, and its parts read from the spool. Closing it deletes the spool.
 */
public class SpooledMimeMessage extends MimeMessage implements AutoCloseable {

    private final Spool bytes;

    /** Takes over {@code bytes}: closed with this message. */
    public SpooledMimeMessage(Session session, Spool bytes) throws MessagingException, IOException {
        super(session, bytes.openShared());
        this.bytes = bytes;
    }

    /**
     * For a writer that has just written the header section: the message is what parsing {@code bytes} would give,
     * without reading the header back (Jakarta Mail looks up its line reader through the ServiceLoader on each
     * parse).
     *
     * @param fields    the header fields as written, in order, each with its folded lines joined by CRLF and
     *                  without the final CRLF
     * @param bodyStart where the body starts in {@code bytes}, after the blank line
     */
    protected SpooledMimeMessage(Session session, Spool bytes, List<String> fields, long bodyStart)
            throws IOException {
        super(session);
        this.bytes = bytes;
        this.headers = new WrittenHeaders(fields);
        this.contentStream = ((SharedInputStream) bytes.openShared()).newStream(bodyStart, -1);
        // as after a parse: written out as stored, never regenerated
        this.modified = false;
        this.saved = true;
    }

    /** The exact bytes of the message. */
    public Spool bytes() {
        return bytes;
    }

    @Override
    public void close() {
        bytes.close();
    }

    /** Holds exactly the given fields, as a parse leaves them (no placeholders for fields set later). */
    private static final class WrittenHeaders extends InternetHeaders {
        WrittenHeaders(List<String> fields) {
            headers.clear();
            fields.forEach(this::addHeaderLine);
        }
    }
}
