package it.certmail.pec.receipts.infra;

import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

import jakarta.mail.Address;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;

import it.certmail.pec.mime.CrlfOutputStream;
import it.certmail.pec.mime.Spool;
import it.certmail.pec.receipts.domain.ReceiptForm;
import it.certmail.pec.receipts.domain.Recipient;
import it.certmail.pec.receipts.domain.TransactionFacts;

/**
 * Messaggio originale: a received RFC 5322 message kept as its bytes (line endings made CRLF, nothing else
 * changed), with the header facts PEC needs. The bytes are what {@code postacert.eml} carries, so a signature
 * inside the original keeps verifying. They sit in a {@link Spool} (a temporary file when large) and the parsed
 * message reads its content from there: a 100 MB original is never an array in the heap. Close it when done.
 */
public final class OriginalMessage implements AutoCloseable {

    private static final Session SESSION = Session.getInstance(new Properties());
    /** A header section longer than this is not kept apart from the body (no real message has one). */
    static final int MAX_HEADER_BYTES = 1 << 20;

    private final Spool raw;
    private final MimeMessage message;
    private final byte[] header;

    private OriginalMessage(Spool raw, MimeMessage message, byte[] header) {
        this.raw = raw;
        this.message = message;
        this.header = header;
    }

    /** Parses the message; only the header is interpreted. */
    public static OriginalMessage of(byte[] bytes) throws MessagingException {
        try {
            return of(new ByteArrayInputStream(bytes));
        } catch (IOException e) {
            throw new MessagingException("cannot read the message", e);
        }
    }

    /**
     * Reads {@code in} to its end with line ends made CRLF, and parses the header. Does not close {@code in}.
     *
     * @throws IOException        if reading fails
     * @throws MessagingException if the bytes are not a message (nothing is kept then)
     */
    public static OriginalMessage of(InputStream in) throws IOException, MessagingException {
        Spool spool = Spool.create();
        try {
            try (CrlfOutputStream out = new CrlfOutputStream(spool.output())) {
                in.transferTo(out);
            }
            return parse(spool);
        } catch (IOException | MessagingException | RuntimeException e) {
            spool.close();
            throw e;
        }
    }

    /** Takes over a spool that already holds CRLF bytes; closing the result closes it. */
    public static OriginalMessage parse(Spool crlfBytes) throws IOException, MessagingException {
        MimeMessage message = new MimeMessage(SESSION, crlfBytes.openShared());
        byte[] header;
        try (InputStream in = crlfBytes.open()) {
            header = headerSection(in);
        }
        return new OriginalMessage(crlfBytes, message, header);
    }

    /** The bytes up to and including the empty line that ends the header (all of them when there is none). */
    private static byte[] headerSection(InputStream in) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(4096);
        InputStream buffered = new BufferedInputStream(in, 8192);
        int lineLength = 0;
        int b;
        while (out.size() < MAX_HEADER_BYTES && (b = buffered.read()) != -1) {
            out.write(b);
            if (b == '\n') {
                if (lineLength == 0) {
                    break;
                }
                lineLength = 0;
            } else if (b != '\r') {
                lineLength++;
            }
        }
        return out.toByteArray();
    }

    /** The bytes, with CRLF line endings, as an array: for small messages and tests only. */
    public byte[] raw() {
        try {
            return raw.toByteArray(Integer.MAX_VALUE - 8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The bytes, with CRLF line endings (closed with this message). */
    public Spool spool() {
        return raw;
    }

    /** The header section as stored, with the empty line that ends it. */
    byte[] headerBytes() {
        return header;
    }

    /** Length in bytes (CRLF line endings). */
    public long size() {
        return raw.size();
    }

    /** The parsed message (do not modify). */
    public MimeMessage message() {
        return message;
    }

    /** Deletes the spooled bytes. */
    @Override
    public void close() {
        raw.close();
    }

    /** The decoded Subject, or null. */
    public String subject() throws MessagingException {
        return message.getSubject();
    }

    /** The first From address (bare), or null. */
    public String from() throws MessagingException {
        return first(message.getFrom());
    }

    /** The first Reply-To address (bare) when the message has a Reply-To header, else null. */
    public String replyTo() throws MessagingException {
        return message.getHeader("Reply-To") == null ? null : first(message.getReplyTo());
    }

    /** The Message-ID as written (with angle brackets), or null. */
    public String messageId() throws MessagingException {
        String id = message.getMessageID();
        return id == null ? null : id.trim();
    }

    /** The form requested by X-TipoRicevuta (any case), completa when absent or unknown. */
    public ReceiptForm requestedReceiptForm() throws MessagingException {
        return ReceiptForm.parse(message.getHeader("X-TipoRicevuta", null));
    }

    /** To addresses (bare); empty when none or unparseable. */
    public List<String> to() throws MessagingException {
        return addresses(Message.RecipientType.TO);
    }

    /** Cc addresses (bare). */
    public List<String> cc() throws MessagingException {
        return addresses(Message.RecipientType.CC);
    }

    /**
     * The facts of a transaction for this original as accepted by the access point.
     *
     * @param sender     the SMTP reverse path (checked equal to From by the formal checks)
     * @param recipients the SMTP forward paths with their type from the provider index
     * @param pecMsgId   the PEC msgid assigned, without angle brackets
     */
    public TransactionFacts facts(String sender, List<Recipient> recipients, String pecMsgId)
            throws MessagingException {
        return new TransactionFacts(sender, recipients, replyTo(), subject(), pecMsgId, messageId(),
                requestedReceiptForm());
    }

    private List<String> addresses(Message.RecipientType type) throws MessagingException {
        List<String> out = new ArrayList<>();
        Address[] all;
        try {
            all = message.getRecipients(type);
        } catch (MessagingException e) {
            return out;
        }
        if (all != null) {
            for (Address a : all) {
                if (a instanceof InternetAddress ia && ia.getAddress() != null) {
                    out.add(ia.getAddress());
                }
            }
        }
        return out;
    }

    private static String first(Address[] addresses) {
        if (addresses == null) {
            return null;
        }
        for (Address a : addresses) {
            if (a instanceof InternetAddress ia && ia.getAddress() != null) {
                return ia.getAddress();
            }
        }
        return null;
    }
}
