package it.certmail.pec.e2e.support;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;

import it.certmail.pec.receipts.domain.Daticert;
import it.certmail.pec.receipts.domain.DaticertReader;
import it.certmail.pec.receipts.domain.DaticertReading;
import jakarta.mail.BodyPart;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;

/**
 * Un messaggio scaricato da una casella: the exact bytes plus what the tests look at (top-level headers, the
 * {@code daticert.xml} read and DTD-checked by pec-ejb's {@link DaticertReader}, the {@code postacert.eml}).
 *
 * @param mailbox where it was found
 * @param id      the mailbox API id
 * @param raw     the stored bytes
 */
public record PecMail(String mailbox, String id, byte[] raw) {

    private static final Session SESSION = Session.getInstance(new Properties());

    public MimeMessage mime() {
        try {
            return new MimeMessage(SESSION, new ByteArrayInputStream(raw));
        } catch (MessagingException e) {
            throw new IllegalStateException("not a message: " + id + " in " + mailbox, e);
        }
    }

    /** First value of a top-level header, unfolded, or null. */
    public String header(String name) {
        try {
            String v = mime().getHeader(name, null);
            return v == null ? null : v.replaceAll("\r?\n[ \t]", " ").trim();
        } catch (MessagingException e) {
            return null;
        }
    }

    public String subject() {
        try {
            return mime().getSubject();
        } catch (MessagingException e) {
            return null;
        }
    }

    /** The bare address of From (for provider messages, the issuing provider's service address). */
    public String fromAddress() {
        try {
            jakarta.mail.Address[] from = mime().getFrom();
            return from == null || from.length == 0 ? null
                    : ((jakarta.mail.internet.InternetAddress) from[0]).getAddress();
        } catch (MessagingException e) {
            return null;
        }
    }

    public String xRicevuta() {
        return header("X-Ricevuta");
    }

    public String xTrasporto() {
        return header("X-Trasporto");
    }

    public String referenceMessageId() {
        return header("X-Riferimento-Message-ID");
    }

    /** The bytes of the first part named {@code daticert.xml}, anywhere in the structure. */
    public Optional<byte[]> daticertXml() {
        return part("daticert.xml").map(p -> bytes(p));
    }

    /** The {@code postacert.eml} part (message/rfc822), if any. */
    public Optional<byte[]> postacertEml() {
        return part("postacert.eml").map(p -> bytes(p));
    }

    /** Reads daticert.xml with pec-ejb's reader (DTD validation included); empty if there is none. */
    public Optional<DaticertReading> daticertReading() {
        return daticertXml().map(DaticertReader::read);
    }

    /** The parsed daticert; fails when it is missing or unreadable. */
    public Daticert daticert() {
        DaticertReading r = daticertReading().orElseThrow(() -> new AssertionError("no daticert.xml in " + this));
        return r.daticert().orElseThrow(() -> new AssertionError("unreadable daticert.xml in " + this + ": "
                + r.problems()));
    }

    /** The text/plain parts of the message itself (not inside postacert.eml), decoded, joined. */
    public String text() {
        StringBuilder b = new StringBuilder();
        try {
            collectText(mime(), b);
        } catch (MessagingException | IOException e) {
            b.append("!").append(e);
        }
        return b.toString();
    }

    private static void collectText(Part p, StringBuilder b) throws MessagingException, IOException {
        if (p.isMimeType("text/plain")) {
            b.append(p.getContent()).append('\n');
        } else if (p.isMimeType("multipart/*")) {
            Multipart mp = (Multipart) p.getContent();
            for (int i = 0; i < mp.getCount(); i++) {
                collectText(mp.getBodyPart(i), b);
            }
        }
    }

    /** File names of every part, depth first (for the breve form's {@code .hash} parts). */
    public List<String> fileNames() {
        List<String> names = new ArrayList<>();
        try {
            collectNames(mime(), names);
        } catch (MessagingException | IOException e) {
            names.add("!" + e);
        }
        return names;
    }

    private Optional<Part> part(String fileName) {
        try {
            return find(mime(), fileName);
        } catch (MessagingException | IOException e) {
            return Optional.empty();
        }
    }

    private static Optional<Part> find(Part p, String fileName) throws MessagingException, IOException {
        if (fileName.equalsIgnoreCase(name(p))) {
            return Optional.of(p);
        }
        if (p.isMimeType("multipart/*")) {
            Multipart mp = (Multipart) p.getContent();
            for (int i = 0; i < mp.getCount(); i++) {
                Optional<Part> found = find(mp.getBodyPart(i), fileName);
                if (found.isPresent()) {
                    return found;
                }
            }
        }
        return Optional.empty();
    }

    private static void collectNames(Part p, List<String> names) throws MessagingException, IOException {
        String n = name(p);
        if (n != null) {
            names.add(n);
        }
        if (p.isMimeType("multipart/*")) {
            Multipart mp = (Multipart) p.getContent();
            for (int i = 0; i < mp.getCount(); i++) {
                BodyPart b = mp.getBodyPart(i);
                collectNames(b, names);
            }
        } else if (p.isMimeType("message/rfc822")) {
            Object inner = p.getContent();
            if (inner instanceof Part innerPart) {
                collectNames(innerPart, names);
            }
        }
    }

    private static String name(Part p) throws MessagingException {
        String n = p.getFileName();
        if (n == null && p.getContentType() != null) {
            jakarta.mail.internet.ContentType ct = new jakarta.mail.internet.ContentType(p.getContentType());
            n = ct.getParameter("name");
        }
        return n;
    }

    private static byte[] bytes(Part p) {
        try (InputStream in = p.getInputStream()) {
            return in.readAllBytes();
        } catch (IOException | MessagingException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public String toString() {
        return "PecMail[" + mailbox + "#" + id + " \"" + subject() + "\"]";
    }
}
