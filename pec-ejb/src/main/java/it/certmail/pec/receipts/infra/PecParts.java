package it.certmail.pec.receipts.infra;

import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;

import jakarta.mail.BodyPart;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.internet.MimeMessage;

/**
 * Finds the parts of a PEC message we composed or already verified: daticert.xml and postacert.eml in the signed
 * {@code multipart/mixed}. Not a verifier: use {@link PecMessageClassifier} for anything received.
 */
public final class PecParts {

    private PecParts() {
    }

    /** The bytes of daticert.xml, if the message carries one in its signed content. */
    public static Optional<byte[]> daticert(MimeMessage message) {
        return find(message, "daticert.xml");
    }

    /**
     * The bytes of postacert.eml as a stream, if present: read from where the message keeps its content (a
     * message parsed from a spool reads it from there). The caller closes it.
     */
    public static Optional<InputStream> openPostacert(MimeMessage message) {
        try {
            Optional<Part> part = part(message, "postacert.eml");
            return part.isEmpty() ? Optional.empty() : Optional.of(stream(part.get()));
        } catch (MessagingException | IOException e) {
            return Optional.empty();
        }
    }

    /**
     * The same from the signed entity a verification already parsed ({@code SignatureCheck.signedContent()}, the
     * {@code multipart/mixed} of a verified message): its parts are read where the verifier parsed them, so the
     * message is not parsed again. The caller closes the stream.
     */
    public static Optional<InputStream> openPostacertOfSigned(Part signedContent) {
        try {
            Optional<Part> part = partOfMixed(signedContent.getContent(), "postacert.eml");
            return part.isEmpty() ? Optional.empty() : Optional.of(stream(part.get()));
        } catch (MessagingException | IOException e) {
            return Optional.empty();
        }
    }

    private static Optional<byte[]> find(MimeMessage message, String fileName) {
        try {
            Optional<Part> part = part(message, fileName);
            if (part.isEmpty()) {
                return Optional.empty();
            }
            try (InputStream in = stream(part.get())) {
                return Optional.of(in.readAllBytes());
            }
        } catch (MessagingException | IOException e) {
            return Optional.empty();
        }
    }

    private static Optional<Part> part(MimeMessage message, String fileName) throws MessagingException, IOException {
        Object content = message.getContent();
        if (!(content instanceof Multipart signed) || signed.getCount() < 1) {
            return Optional.empty();
        }
        return partOfMixed(signed.getBodyPart(0).getContent(), fileName);
    }

    private static Optional<Part> partOfMixed(Object inner, String fileName) throws MessagingException {
        if (!(inner instanceof Multipart mixed)) {
            return Optional.empty();
        }
        for (int i = 0; i < mixed.getCount(); i++) {
            BodyPart part = mixed.getBodyPart(i);
            if (fileName.equalsIgnoreCase(part.getFileName())) {
                return Optional.of(part);
            }
        }
        return Optional.empty();
    }

    /** The decoded content; for message/rfc822 the raw bytes of the attached message, not a re-serialisation. */
    private static InputStream stream(Part part) throws MessagingException, IOException {
        if (part instanceof jakarta.mail.internet.MimeBodyPart mbp && part.isMimeType("message/rfc822")) {
            String encoding = mbp.getEncoding();
            return encoding == null ? mbp.getRawInputStream()
                    : jakarta.mail.internet.MimeUtility.decode(mbp.getRawInputStream(), encoding);
        }
        return part.getInputStream();
    }
}
