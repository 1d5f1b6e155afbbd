package it.certmail.pec.transport.domain;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Properties;

import jakarta.activation.DataHandler;
import jakarta.activation.FileDataSource;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import jakarta.mail.internet.MimeUtility;

/**
 * Scrive il MIME di un {@link OutgoingMail} with Angus Mail, streaming: attachments are read from their files while
 * the message is written (base64), never held whole in memory. The result is what an SMTP client would submit:
 * Date, From, To, Cc, Subject, Message-ID, threading headers, {@code X-TipoRicevuta}, and never a Bcc header.
 */
public final class OutgoingMailWriter {

    private static final Session SESSION = Session.getInstance(new Properties());
    /** The header of the receipt form, as the spec spells it (pec-spec §3.3.2). */
    public static final String X_TIPO_RICEVUTA = "X-TipoRicevuta";

    private OutgoingMailWriter() {
    }

    /**
     * @param messageId the Message-ID to give it, with angle brackets
     * @param date      the Date header (Europe/Rome with its offset)
     */
    public static void write(OutgoingMail mail, String messageId, ZonedDateTime date, OutputStream out)
            throws IOException, MessagingException {
        message(mail, messageId, date).writeTo(out);
    }

    static MimeMessage message(OutgoingMail mail, String messageId, ZonedDateTime date)
            throws MessagingException, IOException {
        MimeMessage m = new FixedIdMessage(messageId);
        m.setFrom(new InternetAddress(mail.from()));
        if (!mail.to().isEmpty()) {
            // a draft may have no recipient yet; a message to send always has one
            m.setRecipients(Message.RecipientType.TO, addresses(mail.to()));
        }
        if (!mail.cc().isEmpty()) {
            m.setRecipients(Message.RecipientType.CC, addresses(mail.cc()));
        }
        m.setSubject(mail.subject(), "UTF-8");
        m.setHeader("Date", DateTimeFormatter.RFC_1123_DATE_TIME.format(date));
        m.setHeader(X_TIPO_RICEVUTA, mail.receiptForm().code());
        if (mail.inReplyTo() != null && !mail.inReplyTo().isBlank()) {
            m.setHeader("In-Reply-To", mail.inReplyTo());
        }
        if (!mail.references().isEmpty()) {
            m.setHeader("References", MimeUtility.fold(12, String.join(" ", mail.references())));
        }
        if (mail.attachments().isEmpty()) {
            m.setText(mail.text(), "UTF-8");
        } else {
            MimeMultipart mixed = new MimeMultipart("mixed");
            MimeBodyPart text = new MimeBodyPart();
            text.setText(mail.text(), "UTF-8");
            mixed.addBodyPart(text);
            for (OutgoingMail.Attachment a : mail.attachments()) {
                mixed.addBodyPart(part(a));
            }
            m.setContent(mixed);
        }
        m.saveChanges();
        // whatever a caller did, no hidden recipient leaves here (RFC 6109 §3.1.1)
        m.removeHeader("Bcc");
        return m;
    }

    private static MimeBodyPart part(OutgoingMail.Attachment a) throws MessagingException, IOException {
        MimeBodyPart part = new MimeBodyPart();
        FileDataSource source = new FileDataSource(a.file().toFile()) {
            @Override
            public String getContentType() {
                return a.contentType();
            }
        };
        part.setDataHandler(new DataHandler(source));
        part.setFileName(MimeUtility.encodeText(a.fileName(), "UTF-8", null));
        if (a.contentType().toLowerCase(java.util.Locale.ROOT).startsWith("message/rfc822")) {
            // a forwarded message stays as it is (its signature must still verify): never base64 (RFC 2046 §5.2.1)
            part.setHeader("Content-Transfer-Encoding", eightBit(a) ? "8bit" : "7bit");
        } else {
            part.setHeader("Content-Transfer-Encoding", "base64");
        }
        part.setDisposition(MimeBodyPart.ATTACHMENT);
        return part;
    }

    private static boolean eightBit(OutgoingMail.Attachment a) throws IOException {
        byte[] buffer = new byte[64 * 1024];
        try (InputStream in = Files.newInputStream(a.file())) {
            for (int n = in.read(buffer); n > 0; n = in.read(buffer)) {
                for (int i = 0; i < n; i++) {
                    if (buffer[i] < 0) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    private static InternetAddress[] addresses(List<String> list) throws MessagingException {
        InternetAddress[] out = new InternetAddress[list.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = new InternetAddress(list.get(i));
        }
        return out;
    }

    /** Keeps the Message-ID chosen by the caller (Angus would make its own on saveChanges). */
    private static final class FixedIdMessage extends MimeMessage {
        private final String id;

        FixedIdMessage(String id) {
            super(SESSION);
            this.id = id;
        }

        @Override
        protected void updateMessageID() throws MessagingException {
            setHeader("Message-ID", id);
        }
    }
}
