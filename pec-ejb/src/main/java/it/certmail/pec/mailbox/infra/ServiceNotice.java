package it.certmail.pec.mailbox.infra;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.Objects;
import java.util.Properties;
import java.util.UUID;

import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;

import it.certmail.pec.crypto.MessageSigner;
import it.certmail.pec.receipts.domain.PecTime;

/**
 * Comunicazione del gestore nella casella: a notice from the provider's service address
 * ({@code posta-certificata@<domain>}) placed into a holder's mailbox (expiry, final notice before deletion),
 * S/MIME-signed with the provider key like every message the provider generates, so that the holder's client shows
 * it as signed by the provider and can verify it. The text is a single UTF-8 {@code text/plain} part
 * (quoted-printable: 7-bit safe under the signature); {@code Auto-Submitted} marks it as automatic (RFC 3834).
 */
public final class ServiceNotice {

    private static final Session SESSION = Session.getInstance(new Properties());

    private ServiceNotice() {
    }

    /**
     * The signed message, as the bytes to store.
     *
     * @param signer signs with the provider key; its {@code signerAddress()} is the From
     * @param time   the Date and the CMS signingTime
     */
    public static byte[] compose(MessageSigner signer, String to, String subject, String body, Instant time)
            throws MessagingException {
        Objects.requireNonNull(signer, "signer");
        Objects.requireNonNull(time, "time");
        MimeBodyPart text = new MimeBodyPart();
        text.setText(body, "UTF-8", "plain");
        text.setHeader("Content-Transfer-Encoding", "quoted-printable");
        MimeMultipart signed = signer.sign(text, time);

        String from = signer.signerAddress();
        String domain = from.substring(from.indexOf('@') + 1);
        String messageId = "<notice." + UUID.randomUUID() + "@" + domain + ">";
        MimeMessage m = new MimeMessage(SESSION) {
            @Override
            protected void updateMessageID() throws MessagingException {
                // keep ours
                setHeader("Message-ID", messageId);
            }
        };
        m.setFrom(new InternetAddress(from, true));
        m.setRecipients(Message.RecipientType.TO, InternetAddress.parse(to, true));
        m.setSubject(subject, "UTF-8");
        m.setHeader("Date", DateTimeFormatter.RFC_1123_DATE_TIME.format(PecTime.local(time)));
        m.setHeader("Auto-Submitted", "auto-generated");
        m.setContent(signed, signed.getContentType());
        m.saveChanges();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            m.writeTo(out);
        } catch (IOException e) {
            throw new MessagingException("cannot serialise the notice", e);
        }
        return out.toByteArray();
    }
}
