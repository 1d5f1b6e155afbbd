package it.certmail.pec.receipts.infra;

import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

import jakarta.mail.Address;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;

import it.certmail.pec.receipts.domain.ReceiptForm;
import it.certmail.pec.receipts.domain.Recipient;
import it.certmail.pec.receipts.domain.TransactionFacts;

/**
 * Messaggio originale: a received RFC 5322 message kept as its bytes (line endings made CRLF, nothing else
 * changed), with the header facts PEC needs. The bytes are what {@code postacert.eml} carries, so a signature
 * inside the original keeps verifying.
 */
public final class OriginalMessage {

    private static final Session SESSION = Session.getInstance(new Properties());

    private final byte[] raw;
    private final MimeMessage message;

    private OriginalMessage(byte[] raw, MimeMessage message) {
        this.raw = raw;
        this.message = message;
    }

    /** Parses the message; only the header is interpreted. */
    public static OriginalMessage of(byte[] bytes) throws MessagingException {
        byte[] crlf = RawEntity.toCrlf(bytes);
        return new OriginalMessage(crlf, new MimeMessage(SESSION, new ByteArrayInputStream(crlf)));
    }

    /** The bytes, with CRLF line endings. */
    public byte[] raw() {
        return raw.clone();
    }

    byte[] rawUnsafe() {
        return raw;
    }

    /** The parsed message (do not modify). */
    public MimeMessage message() {
        return message;
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
