package it.certmail.pec.mailbox.infra;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Date;
import java.util.Objects;
import java.util.Properties;

import jakarta.activation.DataHandler;
import jakarta.activation.DataSource;
import jakarta.mail.MessagingException;
import jakarta.mail.Part;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;

/**
 * Posta ordinaria ai titolari: sends a plain-text e-mail to a holder's reference address through the configured
 * smarthost ({@code pec.notices.smarthost}, host:port), without authentication, as a relay inside the operator's
 * network does.
 */
public class SmtpNoticeMailer {

    private static final String TIMEOUT_MS = "30000";

    private final String host;
    private final int port;
    private final String from;

    /** @param smarthost {@code host:port} (port 25 when absent) */
    public SmtpNoticeMailer(String smarthost, String from) {
        Objects.requireNonNull(smarthost, "smarthost");
        int colon = smarthost.lastIndexOf(':');
        this.host = colon > 0 ? smarthost.substring(0, colon) : smarthost;
        this.port = colon > 0 ? Integer.parseInt(smarthost.substring(colon + 1)) : 25;
        this.from = Objects.requireNonNull(from, "from");
    }

    public void send(String to, String subject, String body) throws MessagingException {
        Transport.send(compose(session(), from, to, subject, body));
    }

    /**
     * A plain-text e-mail with a stored message attached as {@code message/rfc822}, its bytes unchanged and streamed
     * from {@code message} while the mail is written (never whole in the heap).
     */
    public void sendWithCopy(String to, String subject, String body, MessageSource message) throws MessagingException {
        Session session = session();
        MimeMessage m = compose(session, from, to, subject, body);
        MimeBodyPart text = new MimeBodyPart();
        text.setText(body, "UTF-8");
        MimeBodyPart copy = new MimeBodyPart();
        copy.setDataHandler(new DataHandler(new DataSource() {
            @Override
            public InputStream getInputStream() throws IOException {
                return message.open();
            }

            @Override
            public OutputStream getOutputStream() {
                throw new UnsupportedOperationException("read only");
            }

            @Override
            public String getContentType() {
                return "message/rfc822";
            }

            @Override
            public String getName() {
                return "messaggio.eml";
            }
        }));
        copy.setFileName("messaggio.eml");
        copy.setDisposition(Part.ATTACHMENT);
        m.setContent(new MimeMultipart(text, copy));
        m.saveChanges();
        Transport.send(m);
    }

    /** Opens the bytes of a message to attach, once per call. */
    @FunctionalInterface
    public interface MessageSource {
        InputStream open() throws IOException;
    }

    private Session session() {
        Properties p = new Properties();
        p.setProperty("mail.smtp.host", host);
        p.setProperty("mail.smtp.port", String.valueOf(port));
        p.setProperty("mail.smtp.connectiontimeout", TIMEOUT_MS);
        p.setProperty("mail.smtp.timeout", TIMEOUT_MS);
        p.setProperty("mail.smtp.writetimeout", TIMEOUT_MS);
        return Session.getInstance(p);
    }

    /** A plain-text UTF-8 message (PEC notices into mailboxes are signed: {@link ServiceNotice}). */
    public static MimeMessage compose(Session session, String from, String to, String subject, String body)
            throws MessagingException {
        MimeMessage m = new MimeMessage(session);
        m.setFrom(new InternetAddress(from));
        m.setRecipients(jakarta.mail.Message.RecipientType.TO, InternetAddress.parse(to));
        m.setSubject(subject, "UTF-8");
        m.setSentDate(new Date());
        m.setText(body, "UTF-8");
        m.saveChanges();
        return m;
    }
}
