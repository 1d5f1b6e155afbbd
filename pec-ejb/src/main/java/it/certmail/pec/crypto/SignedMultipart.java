package it.certmail.pec.crypto;

import java.io.Closeable;

import jakarta.mail.MessagingException;
import jakarta.mail.internet.ContentType;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMultipart;

import it.certmail.pec.mime.Spool;

/**
 * A {@code multipart/signed} whose {@code protocol} and {@code micalg} come from the {@link DetachedSignature}
 * (MimeMultipart only lets a subclass set the full content type), holding the spool its signed content is read
 * from.
 */
final class SignedMultipart extends MimeMultipart implements Closeable {

    static final String PREAMBLE = "This is an S/MIME signed message";

    private final Spool content;

    /** @param contentBytes where {@code content} reads its bytes from; closed by {@link #close()} */
    SignedMultipart(DetachedSignature detached, MimeBodyPart content, MimeBodyPart signature, Spool contentBytes)
            throws MessagingException {
        super("signed");
        this.content = contentBytes;
        contentType = detached.multipartContentType(new ContentType(contentType).getParameter("boundary"));
        setPreamble(PREAMBLE);
        addBodyPart(content);
        addBodyPart(signature);
    }

    /** Deletes the spooled signed content: call once the message has been written out. */
    @Override
    public void close() {
        content.close();
    }
}
