package it.certmail.pec.e2e.support;

import java.security.GeneralSecurityException;
import java.util.Date;
import java.util.List;
import java.util.Properties;

import javax.net.ssl.SSLContext;

import it.certmail.pec.crypto.TlsContexts;
import jakarta.activation.DataHandler;
import jakarta.mail.Address;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import jakarta.mail.util.ByteArrayDataSource;

import org.eclipse.angus.mail.smtp.SMTPMessage;
import org.eclipse.angus.mail.smtp.SMTPTransport;

/**
 * Client di posta dell'utente: Jakarta Mail (Angus) over implicit TLS (as 465) with AUTH, trusting only the
 * provider's CA.
 */
public final class Submission {

    /** The server's last reply (code and text) after DATA, or the failure. */
    public record Result(int code, String reply) {
        public boolean accepted() {
            return code == 250;
        }
    }

    private final Session session;
    private final String host = "127.0.0.1";
    private final int port;
    private final String user;
    private final String password;

    public Submission(PecServer server, Mailbox mailbox) {
        this(server, mailbox.address(), mailbox.password());
    }

    public Submission(PecServer server, String user, String password) {
        this.port = server.submissionPort();
        this.user = user;
        this.password = password;
        Properties p = new Properties();
        SSLContext tls;
        try {
            tls = TlsContexts.client(List.of(server.caCertificate()));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
        p.put("mail.smtps.ssl.socketFactory", tls.getSocketFactory());
        p.put("mail.smtps.ssl.checkserveridentity", "false");
        p.put("mail.smtps.auth", "true");
        p.put("mail.smtps.connectiontimeout", "10000");
        p.put("mail.smtps.timeout", "120000");
        p.put("mail.smtps.localhost", "e2e-client.test");
        this.session = Session.getInstance(p);
    }

    public Session session() {
        return session;
    }

    /** A plain text message from the authenticated user. */
    public MimeMessage text(String subject, String body, List<String> to, List<String> cc) throws MessagingException {
        SMTPMessage m = new SMTPMessage(session) {
            @Override
            protected void updateMessageID() throws MessagingException {
                // a Message-ID the test set stays (the crash test matches receipts by it)
                if (getHeader("Message-ID") == null) {
                    super.updateMessageID();
                }
            }
        };
        m.setFrom(new InternetAddress(user));
        m.setRecipients(Message.RecipientType.TO, addresses(to));
        if (cc != null && !cc.isEmpty()) {
            m.setRecipients(Message.RecipientType.CC, addresses(cc));
        }
        m.setSubject(subject, "UTF-8");
        m.setSentDate(new Date());
        m.setText(body, "UTF-8");
        return m;
    }

    /** Text plus one attachment. */
    public MimeMessage withAttachment(String subject, String body, List<String> to, List<String> cc, String fileName,
            byte[] content, String contentType) throws MessagingException {
        MimeMessage m = text(subject, body, to, cc);
        MimeBodyPart text = new MimeBodyPart();
        text.setText(body, "UTF-8");
        MimeBodyPart file = new MimeBodyPart();
        file.setDataHandler(new DataHandler(new ByteArrayDataSource(content, contentType)));
        file.setFileName(fileName);
        file.setDisposition(MimeBodyPart.ATTACHMENT);
        file.setHeader("Content-Transfer-Encoding", "base64");
        m.setContent(new MimeMultipart(text, file));
        m.saveChanges();
        return m;
    }

    /** Sends to the message's To and Cc recipients, with the authenticated user as reverse path. */
    public Result send(MimeMessage m) throws MessagingException {
        return send(m, m.getAllRecipients());
    }

    public Result send(MimeMessage m, Address[] rcpts) throws MessagingException {
        if (m instanceof SMTPMessage s) {
            s.setEnvelopeFrom(user);
        }
        m.saveChanges();
        SMTPTransport t = (SMTPTransport) session.getTransport("smtps");
        try {
            t.connect(host, port, user, password);
            t.sendMessage(m, rcpts);
            return new Result(t.getLastReturnCode(), t.getLastServerResponse());
        } catch (jakarta.mail.SendFailedException e) {
            return new Result(t.getLastReturnCode(), t.getLastServerResponse() + " / " + e.getMessage());
        } finally {
            t.close();
        }
    }

    private static InternetAddress[] addresses(List<String> list) throws MessagingException {
        InternetAddress[] a = new InternetAddress[list.size()];
        for (int i = 0; i < a.length; i++) {
            a[i] = new InternetAddress(list.get(i));
        }
        return a;
    }
}
