package it.certmail.pec.webmail.domain;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import jakarta.mail.Address;
import jakarta.mail.BodyPart;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.internet.ContentType;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeUtility;

/**
 * Le parti di un messaggio come le mostra la webmail: for a PEC envelope (or a delivery receipt carrying the
 * original) the message shown is the ORIGINAL, the {@code postacert.eml} part; otherwise the message itself. Of the
 * shown message: its headers, its body (HTML preferred to text in an alternative) and its attachments, each
 * addressed by a path of part indexes ({@code "2"}, {@code "1.3"}) that {@link #part} finds again. Parts are never
 * read whole: the body up to a limit, attachments as streams (a message parsed from a spool reads ranges of it).
 */
public final class MessageParts {

    /** The original message inside a PEC envelope. */
    public static final String POSTACERT = "postacert.eml";
    /** The certification data inside PEC envelopes and receipts. */
    public static final String DATICERT = "daticert.xml";

    /** An attachment of the shown message. @param size encoded size in bytes, -1 when unknown */
    public record Attachment(String path, String fileName, String contentType, long size) {
    }

    /** The shown message's headers, decoded; addresses as written (display name and address). */
    public record Headers(String from, List<String> to, List<String> cc, String subject, java.util.Date date) {
    }

    /**
     * What the page shows of a message.
     *
     * @param original  whether the shown message is the postacert.eml of an envelope
     * @param bodyPath  the path of the body part ("" for a single-part message), null when there is no body
     * @param html      whether the body is HTML (served cleaned, in a sandboxed frame) or plain text
     * @param text      the plain-text body (up to the limit), null for an HTML body or none
     * @param truncated whether the plain-text body was longer than the limit
     */
    public record Reading(boolean original, Headers headers, String bodyPath, boolean html, String text,
            boolean truncated, List<Attachment> attachments) {
    }

    private MessageParts() {
    }

    /** The message to show: the postacert.eml found among the top message's parts, else the top message. */
    public static Part shown(MimeMessage top) throws MessagingException, IOException {
        Part original = findPostacert(top, 0);
        return original != null ? original : top;
    }

    private static Part findPostacert(Part p, int depth) throws MessagingException, IOException {
        if (depth > 3) {
            return null;
        }
        if (p.isMimeType("multipart/*")) {
            Multipart mp = (Multipart) p.getContent();
            for (int i = 0; i < mp.getCount(); i++) {
                BodyPart child = mp.getBodyPart(i);
                if (child.isMimeType("message/rfc822") && POSTACERT.equalsIgnoreCase(fileName(child))) {
                    return (Part) child.getContent();
                }
                Part found = findPostacert(child, depth + 1);
                if (found != null) {
                    return found;
                }
            }
        }
        return null;
    }

    /** Reads the shown message of {@code top}; the text body up to {@code maxTextChars}. */
    public static Reading read(MimeMessage top, int maxTextChars) throws MessagingException, IOException {
        Part shown = shown(top);
        Walk walk = new Walk();
        walk.visit(shown, "");
        String text = null;
        boolean truncated = false;
        boolean html = walk.body != null && walk.body.isMimeType("text/html");
        if (walk.body != null && !html) {
            StringBuilder out = new StringBuilder();
            truncated = readText(walk.body, maxTextChars, out);
            text = out.toString();
        }
        Headers headers = shown instanceof Message m ? headers(m) : new Headers(null, List.of(), List.of(), null, null);
        return new Reading(shown != top, headers, walk.body == null ? null : walk.bodyPath, html, text, truncated,
                walk.attachments);
    }

    /** The part at {@code path} of the shown message ("" is the shown message itself). */
    public static Optional<Part> part(MimeMessage top, String path) throws MessagingException, IOException {
        Part p = shown(top);
        if (path == null) {
            return Optional.empty();
        }
        if (path.isEmpty()) {
            return Optional.of(p);
        }
        for (String step : path.split("\\.")) {
            int index;
            try {
                index = Integer.parseInt(step) - 1;
            } catch (NumberFormatException e) {
                return Optional.empty();
            }
            if (!p.isMimeType("multipart/*")) {
                return Optional.empty();
            }
            Multipart mp = (Multipart) p.getContent();
            if (index < 0 || index >= mp.getCount()) {
                return Optional.empty();
            }
            p = mp.getBodyPart(index);
        }
        return Optional.of(p);
    }

    /** Appends the decoded text of {@code part} up to {@code maxChars}; true when there was more. */
    public static boolean readText(Part part, int maxChars, StringBuilder out) throws MessagingException, IOException {
        try (InputStream in = part.getInputStream(); Reader r = new InputStreamReader(in, charset(part))) {
            char[] buffer = new char[8192];
            for (int n; (n = r.read(buffer)) > 0; ) {
                int room = maxChars - out.length();
                if (n > room) {
                    out.append(buffer, 0, room);
                    return true;
                }
                out.append(buffer, 0, n);
            }
        }
        return false;
    }

    /** The part's declared charset, UTF-8 when absent or unknown to Java. */
    public static Charset charset(Part part) throws MessagingException {
        try {
            String cs = new ContentType(part.getContentType()).getParameter("charset");
            return cs == null ? StandardCharsets.UTF_8 : Charset.forName(MimeUtility.javaCharset(cs.strip()));
        } catch (RuntimeException | jakarta.mail.internet.ParseException e) {
            return StandardCharsets.UTF_8;
        }
    }

    /** The decoded file name of a part, or null. */
    public static String fileName(Part p) {
        try {
            String name = p.getFileName();
            return name == null ? null : MimeUtility.decodeText(name);
        } catch (MessagingException | IOException | RuntimeException e) {
            return null;
        }
    }

    /** The base content type, lower case, e.g. {@code application/pdf}. */
    public static String baseType(Part p) {
        try {
            return new ContentType(p.getContentType()).getBaseType().toLowerCase(Locale.ROOT);
        } catch (MessagingException | RuntimeException e) {
            return "application/octet-stream";
        }
    }

    private static Headers headers(Message m) throws MessagingException {
        return new Headers(first(m.getFrom()), list(m.getRecipients(Message.RecipientType.TO)),
                list(m.getRecipients(Message.RecipientType.CC)), m.getSubject(), m.getSentDate());
    }

    private static String first(Address[] a) {
        return a == null || a.length == 0 ? null : show(a[0]);
    }

    private static List<String> list(Address[] a) {
        List<String> out = new ArrayList<>();
        if (a != null) {
            for (Address x : a) {
                out.add(show(x));
            }
        }
        return out;
    }

    private static String show(Address a) {
        return a instanceof InternetAddress ia ? ia.toUnicodeString() : a.toString();
    }

    /** Depth-first over the shown message: the first text part that is not an attachment is the body. */
    private static final class Walk {
        Part body;
        String bodyPath;
        final List<Attachment> attachments = new ArrayList<>();

        void visit(Part p, String path) throws MessagingException, IOException {
            if (p.isMimeType("multipart/alternative")) {
                Multipart mp = (Multipart) p.getContent();
                int chosen = -1;
                for (int i = 0; i < mp.getCount(); i++) {
                    BodyPart c = mp.getBodyPart(i);
                    if (c.isMimeType("text/html")) {
                        chosen = i;
                        break;
                    }
                    if (c.isMimeType("multipart/*") || (chosen < 0 && c.isMimeType("text/plain"))) {
                        chosen = i; // a related HTML part wins over the plain text
                    }
                }
                for (int i = 0; i < mp.getCount(); i++) {
                    if (i == chosen) {
                        visit(mp.getBodyPart(i), child(path, i));
                    }
                }
                return;
            }
            if (p.isMimeType("multipart/*")) {
                Multipart mp = (Multipart) p.getContent();
                boolean signed = p.isMimeType("multipart/signed");
                for (int i = 0; i < mp.getCount(); i++) {
                    BodyPart c = mp.getBodyPart(i);
                    if (signed && i > 0 && isSignature(c)) {
                        continue; // the S/MIME signature of a signed original is not an attachment
                    }
                    visit(c, child(path, i));
                }
                return;
            }
            boolean attachment = Part.ATTACHMENT.equalsIgnoreCase(disposition(p)) || fileName(p) != null;
            if (body == null && !attachment && (p.isMimeType("text/plain") || p.isMimeType("text/html"))) {
                body = p;
                bodyPath = path;
                return;
            }
            String name = fileName(p);
            if (name == null) {
                name = p.isMimeType("message/rfc822") ? "message.eml" : "part-" + (path.isEmpty() ? "1" : path);
            }
            attachments.add(new Attachment(path, name, baseType(p), p.getSize()));
        }

        private static boolean isSignature(BodyPart c) throws MessagingException {
            return c.isMimeType("application/pkcs7-signature") || c.isMimeType("application/x-pkcs7-signature");
        }

        private static String disposition(Part p) {
            try {
                return p.getDisposition();
            } catch (MessagingException e) {
                return null;
            }
        }

        private static String child(String path, int index) {
            return path.isEmpty() ? String.valueOf(index + 1) : path + "." + (index + 1);
        }
    }
}
