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

    /** The bytes of postacert.eml (the original), exactly as carried, if present. */
    public static Optional<byte[]> postacert(MimeMessage message) {
        return find(message, "postacert.eml");
    }

    private static Optional<byte[]> find(MimeMessage message, String fileName) {
        try {
            Object content = message.getContent();
            if (!(content instanceof Multipart signed) || signed.getCount() < 1) {
                return Optional.empty();
            }
            Object inner = signed.getBodyPart(0).getContent();
            if (!(inner instanceof Multipart mixed)) {
                return Optional.empty();
            }
            for (int i = 0; i < mixed.getCount(); i++) {
                BodyPart part = mixed.getBodyPart(i);
                if (fileName.equalsIgnoreCase(part.getFileName())) {
                    return Optional.of(bytes(part));
                }
            }
            return Optional.empty();
        } catch (MessagingException | IOException e) {
            return Optional.empty();
        }
    }

    /** The decoded content; for message/rfc822 the raw bytes of the attached message, not a re-serialisation. */
    private static byte[] bytes(Part part) throws MessagingException, IOException {
        if (part instanceof jakarta.mail.internet.MimeBodyPart mbp && part.isMimeType("message/rfc822")) {
            String encoding = mbp.getEncoding();
            try (InputStream in = encoding == null ? mbp.getRawInputStream()
                    : jakarta.mail.internet.MimeUtility.decode(mbp.getRawInputStream(), encoding)) {
                return in.readAllBytes();
            }
        }
        try (InputStream in = part.getInputStream()) {
            return in.readAllBytes();
        }
    }
}
