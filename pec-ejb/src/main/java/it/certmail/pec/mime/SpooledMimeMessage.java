package it.certmail.pec.mime;

import java.io.IOException;

import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;

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

    /** The exact bytes of the message. */
    public Spool bytes() {
        return bytes;
    }

    @Override
    public void close() {
        bytes.close();
    }
}
