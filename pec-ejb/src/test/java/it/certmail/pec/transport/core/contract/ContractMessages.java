package it.certmail.pec.transport.core.contract;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Properties;

import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;

import it.certmail.pec.mailbox.domain.MessageSummary;
import it.certmail.pec.mime.Spool;
import it.certmail.pec.transport.core.BlobAccess;
import it.certmail.pec.transport.core.ReceptionPoint;

/** The messages and times the port contracts use. */
final class ContractMessages {

    static final Instant T0 = Instant.parse("2026-12-06T09:00:00Z");

    private ContractMessages() {
    }

    /** A small message with the headers the mailbox lists (subject, sender, Message-ID). */
    static byte[] message(String subject) {
        return ("From: mario@" + PortsUnderTest.OUR_DOMAIN + "\r\nTo: anna@" + PortsUnderTest.OTHER_DOMAIN
                + "\r\nSubject: " + subject + "\r\nMessage-ID: <" + Math.abs(subject.hashCode()) + ".contract@"
                + PortsUnderTest.OUR_DOMAIN + ">\r\nDate: Sun, 6 Dec 2026 10:00:00 +0100\r\n"
                + "MIME-Version: 1.0\r\nContent-Type: text/plain; charset=UTF-8\r\n\r\ncorpo di " + subject + "\r\n")
                .getBytes(StandardCharsets.UTF_8);
    }

    /** The summary the mailbox keeps of {@link #message}. */
    static MessageSummary summary(byte[] message, String pecKind) {
        return ReceptionPoint.summary(Spool.of(message)).withPecKind(pecKind);
    }

    /** A composed message, its changes saved: its bytes stay the same however often it is written. */
    static MimeMessage mime(String subject) throws MessagingException {
        Properties props = new Properties();
        // the Message-ID's domain: otherwise the name of this host, looked up (slowly, where it has no address)
        props.setProperty("mail.from", "mario@" + PortsUnderTest.OUR_DOMAIN);
        MimeMessage m = new MimeMessage(Session.getInstance(props));
        m.setFrom(new InternetAddress("mario@" + PortsUnderTest.OUR_DOMAIN));
        m.setSubject(subject, "UTF-8");
        m.setText("corpo di " + subject, "UTF-8");
        m.saveChanges();
        return m;
    }

    static byte[] bytes(MimeMessage m) throws MessagingException, IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        m.writeTo(out);
        return out.toByteArray();
    }

    /** The bytes of a stored blob, read through the port. */
    static byte[] read(BlobAccess blobs, long blobId) throws IOException {
        try (InputStream in = blobs.open(blobId)) {
            return in.readAllBytes();
        }
    }

    static String sha256Hex(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
