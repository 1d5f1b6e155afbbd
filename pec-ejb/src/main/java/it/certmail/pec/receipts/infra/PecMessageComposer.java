package it.certmail.pec.receipts.infra;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UnsupportedEncodingException;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Properties;

import jakarta.mail.Address;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeUtility;

import it.certmail.pec.crypto.DetachedSignature;
import it.certmail.pec.crypto.MessageSigner;
import it.certmail.pec.mime.Spool;
import it.certmail.pec.receipts.domain.Daticert;
import it.certmail.pec.receipts.domain.DaticertError;
import it.certmail.pec.receipts.domain.DaticertWriter;
import it.certmail.pec.receipts.domain.PecMessageIds;
import it.certmail.pec.receipts.domain.PecMessageKind;
import it.certmail.pec.receipts.domain.PecText;
import it.certmail.pec.receipts.domain.PecTexts;
import it.certmail.pec.receipts.domain.PecTime;
import it.certmail.pec.receipts.domain.ReceiptForm;
import it.certmail.pec.receipts.domain.Recipient;
import it.certmail.pec.receipts.domain.TimeoutStage;
import it.certmail.pec.receipts.domain.TransactionFacts;

/**
 * Compositore dei messaggi PEC: builds the eleven signed PEC messages (RFC 6109 §3) in the layout real providers
 * use (pec-spec §2): {@code multipart/signed} over a {@code multipart/mixed} of a {@code multipart/alternative}
 * (text/plain + text/html, ISO-8859-1, quoted-printable, inline), {@code daticert.xml} (application/xml, base64,
 * inline) and, where the kind carries it, {@code postacert.eml} (message/rfc822, the original's bytes).
 *
 * <p>Each method takes the single time reference of the transaction (RFC 6109 §4.1) and returns a message whose
 * bytes were written directly ({@link SignedPecWriter}, no Jakarta Mail tree: four of these per PEC message) and
 * that reads from them, so what the caller sends is byte for byte what was signed. Methods throw
 * {@link MessagingException} when the signer fails or an address cannot be written.
 */
public final class PecMessageComposer {

    static final String X_RIFERIMENTO = "X-Riferimento-Message-ID";
    static final String X_TIPO_RICEVUTA = "X-TipoRicevuta";
    static final String X_MITTENTE = "X-Mittente";
    private static final String ON_BEHALF = "Per conto di: ";
    private static final List<String> ENVELOPE_INHERITED = List.of("Return-Path", "Received", "To", "Cc", "Reply-To");
    // the anomaly also keeps the received Message-ID, set as a header of its own below
    private static final List<String> ANOMALY_INHERITED = List.of("Return-Path", "Received", "To", "Cc", "Reply-To");

    private final Session session = Session.getInstance(new Properties());
    private final MessageSigner signer;
    private final SignerChoice signers;
    private final String providerName;
    private final String domain;
    private final PecMessageIds ids;

    /**
     * @param signer       signs with the provider key; its {@code signerAddress()} ({@code posta-certificata@domain})
     *                     is the From of every message
     * @param providerName the descriptive name written as {@code gestore-emittente}
     * @param domain       the provider's mail domain, used in generated Message-IDs
     * @param ids          generator of the notifications' own Message-IDs
     */
    public PecMessageComposer(MessageSigner signer, String providerName, String domain, PecMessageIds ids) {
        this(signer, recipients -> signer, providerName, domain, ids);
    }

    /**
     * @param signers the signer of each message, from its recipients: the provider key with the signature profile
     *                their providers ask for; each has the same {@code signerAddress()} as {@code signer}
     */
    public PecMessageComposer(MessageSigner signer, SignerChoice signers, String providerName, String domain,
                              PecMessageIds ids) {
        this.signer = Objects.requireNonNull(signer, "signer");
        this.signers = Objects.requireNonNull(signers, "signers");
        this.providerName = Objects.requireNonNull(providerName, "providerName");
        this.domain = Objects.requireNonNull(domain, "domain");
        this.ids = Objects.requireNonNull(ids, "ids");
    }

    /** With a Message-ID generator whose node id is random (unique enough without cluster configuration). */
    public PecMessageComposer(MessageSigner signer, String providerName, String domain) {
        this(signer, providerName, domain, new PecMessageIds(randomNode(), domain));
    }

    private static String randomNode() {
        byte[] b = new byte[4];
        new SecureRandom().nextBytes(b);
        return "n" + HexFormat.of().formatHex(b);
    }

    /**
     * Busta di trasporto (X-Trasporto: posta-certificata). Inherits Return-Path, Received, To, Cc and Reply-To from
     * the original; {@code postacert.eml} is the original with its Message-ID replaced by the PEC msgid and the
     * client's one kept as X-Riferimento-Message-ID (RFC 6109 §2.2.1).
     *
     * @param tx   the facts, usually {@link OriginalMessage#facts}; its identifier is the envelope's Message-ID
     * @param time the acceptance time
     */
    public ComposedMessage transportEnvelope(OriginalMessage original, TransactionFacts tx, Instant time)
            throws MessagingException {
        PecMessageKind kind = PecMessageKind.TRANSPORT_ENVELOPE;
        ZonedDateTime t = PecTime.local(time);
        Daticert d = daticert(kind, tx, t).receiptForm(tx.receiptForm()).build();
        PecText text = PecTexts.transportEnvelope(t, tx.subject(), tx.sender(), tx.recipients(), tx.identifier());
        // postacert.eml: the original with a new header, its body read from where it is spooled
        byte[] header = original.headerBytes();
        SpooledPart postacert = new SpooledPart(withPecMessageId(header, tx.identifier(), tx.msgid()),
                original.spool(), header.length);

        SignedPecWriter.Header fields = new SignedPecWriter.Header();
        fields.set(kind.header().fieldName(), kind.headerValue());
        commonHeaders(fields, kind, tx.subject(), t);
        // one line, as real providers write it (an address list would be folded)
        fields.set("From", onBehalfOf(tx.sender()).toString());
        if (original.message().getHeader("Reply-To") == null) {
            fields.set("Reply-To", tx.sender());
        }
        fields.set("Message-ID", PecMessageIds.inAngles(tx.identifier()));
        riferimento(fields, tx);
        fields.set(X_TIPO_RICEVUTA, tx.receiptForm().code());
        return sign(fields, tx.recipients().stream().map(Recipient::address).toList(),
                inherited(original, ENVELOPE_INHERITED), text, d, postacert, time);
    }

    /** Ricevuta di accettazione, to the sender. */
    public ComposedMessage acceptance(TransactionFacts tx, Instant time) throws MessagingException {
        ZonedDateTime t = PecTime.local(time);
        PecText text = PecTexts.acceptance(t, tx.subject(), tx.sender(), tx.recipients(), tx.identifier());
        return notice(PecMessageKind.ACCEPTANCE, tx, daticert(PecMessageKind.ACCEPTANCE, tx, t).build(), text,
                tx.sender(), null, null, time);
    }

    /**
     * Avviso di non accettazione per eccezioni formali, to the sender; daticert errore {@code altro} and the
     * reason as errore-esteso.
     */
    public ComposedMessage nonAcceptance(TransactionFacts tx, String reason, Instant time) throws MessagingException {
        PecMessageKind kind = PecMessageKind.NON_ACCEPTANCE;
        ZonedDateTime t = PecTime.local(time);
        PecText text = PecTexts.nonAcceptance(t, tx.subject(), tx.sender(), tx.recipients(), reason, tx.identifier());
        Daticert d = daticert(kind, tx, t).extendedError(reason).build();
        return notice(kind, tx, d, text, tx.sender(), null, null, time);
    }

    /** Avviso di non accettazione per virus, to the sender; {@code virus} names what the anti-virus found. */
    public ComposedMessage nonAcceptanceVirus(TransactionFacts tx, String virus, Instant time)
            throws MessagingException {
        PecMessageKind kind = PecMessageKind.NON_ACCEPTANCE_VIRUS;
        ZonedDateTime t = PecTime.local(time);
        PecText text = PecTexts.nonAcceptanceVirus(t, tx.subject(), tx.sender(), tx.recipients(), virus,
                tx.identifier());
        Daticert d = daticert(kind, tx, t).extendedError(virus).build();
        return notice(kind, tx, d, text, tx.sender(), null, null, time);
    }

    /**
     * Ricevuta di presa in carico, to the sender provider's service mailbox ({@code mailReceipt} in the index).
     *
     * @param covered the recipients of this provider the notice covers ({@code ricezione})
     */
    public ComposedMessage takeCharge(TransactionFacts tx, List<String> covered, String senderProviderMailbox,
            Instant time) throws MessagingException {
        PecMessageKind kind = PecMessageKind.TAKE_CHARGE;
        ZonedDateTime t = PecTime.local(time);
        PecText text = PecTexts.takeCharge(t, tx.subject(), tx.sender(), tx.recipients(), tx.identifier());
        Daticert d = daticert(kind, tx, t).reception(covered).build();
        return notice(kind, tx, d, text, senderProviderMailbox, null, null, time);
    }

    /**
     * Ricevuta di avvenuta consegna for one recipient, to the sender.
     *
     * @param form      the form for this recipient (see {@link ReceiptForm#forRecipient(boolean)})
     * @param postacert the original as carried by the busta di trasporto; may be null only for the concise form
     */
    public ComposedMessage delivery(TransactionFacts tx, String recipient, ReceiptForm form,
            OriginalMessage postacert, Instant time) throws MessagingException {
        PecMessageKind kind = PecMessageKind.DELIVERY;
        if (form != ReceiptForm.CONCISE && postacert == null) {
            throw new IllegalArgumentException("the " + form.code() + " form carries the original");
        }
        ZonedDateTime t = PecTime.local(time);
        PecText text = PecTexts.delivery(t, tx.subject(), tx.sender(), recipient, form, tx.identifier());
        Daticert d = daticert(kind, tx, t).receiptForm(form).delivery(recipient).build();
        if (form != ReceiptForm.BRIEF) {
            return notice(kind, tx, d, text, tx.sender(), null,
                    form == ReceiptForm.COMPLETE ? SpooledPart.of(postacert.spool()) : null, time);
        }
        try (Spool brief = Spool.create()) {
            try (InputStream in = postacert.spool().open(); OutputStream out = brief.output()) {
                BriefFormTransformer.transform(in, out);
            } catch (IOException e) {
                throw new MessagingException("cannot write the brief form of the original", e);
            }
            return notice(kind, tx, d, text, tx.sender(), null, SpooledPart.of(brief), time);
        }
    }

    /**
     * Avviso di mancata consegna for one recipient, to the sender.
     *
     * @param error  {@code no-dest}, {@code no-dominio} or {@code altro}
     * @param reason the short description (errore-esteso), e.g. {@code 5.1.1 - indirizzo non valido}
     */
    public ComposedMessage deliveryFailure(TransactionFacts tx, String recipient, DaticertError error, String reason,
            Instant time) throws MessagingException {
        PecMessageKind kind = PecMessageKind.DELIVERY_FAILURE;
        ZonedDateTime t = PecTime.local(time);
        PecText text = PecTexts.deliveryFailure(t, tx.subject(), tx.sender(), recipient, reason, tx.identifier());
        Daticert d = daticert(kind, tx, t).error(error).delivery(recipient).extendedError(reason).build();
        return notice(kind, tx, d, text, tx.sender(), null, null, time);
    }

    /** Avviso di mancata consegna per virus for one recipient, to the sender (after an avviso di rilevazione virus). */
    public ComposedMessage deliveryFailureVirus(TransactionFacts tx, String recipient, String virus, Instant time)
            throws MessagingException {
        PecMessageKind kind = PecMessageKind.DELIVERY_FAILURE_VIRUS;
        ZonedDateTime t = PecTime.local(time);
        PecText text = PecTexts.deliveryFailureVirus(t, tx.subject(), tx.sender(), recipient, virus, tx.identifier());
        Daticert d = daticert(kind, tx, t).delivery(recipient).extendedError(virus).build();
        return notice(kind, tx, d, text, tx.sender(), null, null, time);
    }

    /** Avviso di mancata consegna per superamento dei tempi massimi (12 h or 24 h) for one recipient, to the sender. */
    public ComposedMessage deliveryTimeout(TransactionFacts tx, String recipient, TimeoutStage stage, Instant time)
            throws MessagingException {
        PecMessageKind kind = PecMessageKind.DELIVERY_TIMEOUT;
        ZonedDateTime t = PecTime.local(time);
        PecText text = PecTexts.deliveryTimeout(t, tx.subject(), tx.sender(), recipient, stage, tx.identifier());
        String reason = stage == TimeoutStage.WARNING_12_HOURS
                ? "mancata consegna nelle prime 12 ore" : "mancata consegna entro 24 ore";
        Daticert d = daticert(kind, tx, t).delivery(recipient).extendedError(reason).build();
        return notice(kind, tx, d, text, tx.sender(), null, null, time);
    }

    /**
     * Avviso di rilevazione virus for one recipient, to the sender provider's service mailbox, with X-Mittente.
     */
    public ComposedMessage virusDetection(TransactionFacts tx, String recipient, String virus,
            String senderProviderMailbox, Instant time) throws MessagingException {
        PecMessageKind kind = PecMessageKind.VIRUS_DETECTION;
        ZonedDateTime t = PecTime.local(time);
        PecText text = PecTexts.virusDetection(t, tx.subject(), tx.sender(), recipient, virus, tx.identifier());
        Daticert d = daticert(kind, tx, t).delivery(recipient).reception(List.of(recipient)).extendedError(virus)
                .build();
        return notice(kind, tx, d, text, senderProviderMailbox, tx.sender(), null, time);
    }

    /**
     * Busta di anomalia (X-Trasporto: errore): the text and the entire received message, no daticert. Inherits
     * Return-Path, Received, To, Cc, Reply-To and Message-ID (a new one is made only if the message had none).
     *
     * @param error   the concise reason the data could not be certified
     * @param arrival when the message arrived (the Date)
     */
    public ComposedMessage anomalyEnvelope(OriginalMessage received, String error, Instant arrival)
            throws MessagingException {
        PecMessageKind kind = PecMessageKind.ANOMALY_ENVELOPE;
        ZonedDateTime t = PecTime.local(arrival);
        String sender = received.from();
        List<String> recipients = new ArrayList<>(received.to());
        recipients.addAll(received.cc());
        String subject = received.subject();
        PecText text = PecTexts.anomaly(t, subject, sender, recipients, error);

        List<RawEntity.Field> inherited = inherited(received, ANOMALY_INHERITED);
        SignedPecWriter.Header fields = new SignedPecWriter.Header();
        fields.set(kind.header().fieldName(), kind.headerValue());
        commonHeaders(fields, kind, subject, t);
        fields.set("From", onBehalfOf(sender == null ? "" : sender).toString());
        if (received.message().getHeader("Reply-To") == null && sender != null) {
            fields.set("Reply-To", sender);
        }
        String messageId = received.messageId();
        fields.set("Message-ID", messageId != null ? messageId : PecMessageIds.inAngles(ids.next(arrival)));
        return sign(fields, recipients, inherited, text, null, SpooledPart.of(received.spool()), arrival);
    }

    // --- shared construction ---

    private Daticert.Builder daticert(PecMessageKind kind, TransactionFacts tx, ZonedDateTime t) {
        return Daticert.builder()
                .type(kind.daticertType().orElseThrow())
                .error(kind.defaultError().orElseThrow())
                .sender(tx.sender())
                .recipients(tx.recipients())
                .replyTo(tx.replyTo())
                .subject(tx.subject())
                .issuer(providerName)
                .time(t)
                .identifier(tx.identifier())
                .msgid(tx.msgid());
    }

    private ComposedMessage notice(PecMessageKind kind, TransactionFacts tx, Daticert d, PecText text, String to,
            String xMittente, SpooledPart original, Instant time) throws MessagingException {
        SignedPecWriter.Header fields = new SignedPecWriter.Header();
        commonHeaders(fields, kind, tx.subject(), PecTime.local(time));
        riferimento(fields, tx);
        fields.set("To", address(to).toString());
        fields.set(kind.header().fieldName(), kind.headerValue());
        if (kind.securityError()) {
            fields.set(PecMessageKind.X_VERIFICA_SICUREZZA, PecMessageKind.SECURITY_ERROR);
        }
        if (xMittente != null) {
            fields.set(X_MITTENTE, xMittente);
        }
        fields.set("From", InternetAddress.toString(new Address[] {address(signer.signerAddress())},
                "From".length() + 2));
        fields.set("Message-ID", PecMessageIds.inAngles(ids.next(time)));
        return sign(fields, List.of(to), List.of(), text, d, original, time);
    }

    private static void commonHeaders(SignedPecWriter.Header fields, PecMessageKind kind, String subject,
            ZonedDateTime t) throws MessagingException {
        try {
            // encoded and folded as MimeMessage.setSubject does
            fields.set("Subject", MimeUtility.fold(9, MimeUtility.encodeText(kind.subject(subject), "UTF-8", null)));
        } catch (UnsupportedEncodingException e) {
            throw new MessagingException("UTF-8 unsupported", e);
        }
        fields.set("Date", DateTimeFormatter.RFC_1123_DATE_TIME.format(t));
    }

    private static void riferimento(SignedPecWriter.Header fields, TransactionFacts tx) {
        if (tx.msgid() != null) {
            fields.set(X_RIFERIMENTO, tx.msgid());
        }
    }

    /** The inherited header fields, exactly as in the original and in its order. */
    private static List<RawEntity.Field> inherited(OriginalMessage original, List<String> names) {
        return RawEntity.parse(original.headerBytes()).fieldsNamed(names);
    }

    private InternetAddress onBehalfOf(String sender) throws MessagingException {
        try {
            return new InternetAddress(signer.signerAddress(), ON_BEHALF + sender, "UTF-8");
        } catch (UnsupportedEncodingException e) {
            throw new MessagingException("UTF-8 unsupported", e);
        }
    }

    private static InternetAddress address(String address) throws MessagingException {
        return new InternetAddress(address, true);
    }

    /**
     * The original (or only its header section) with Message-ID set to the PEC msgid and the client's kept as
     * X-Riferimento-Message-ID.
     */
    static byte[] withPecMessageId(byte[] raw, String pecMsgId, String clientMsgId) {
        RawEntity e = RawEntity.parse(raw);
        List<String> lines = new ArrayList<>();
        lines.add("Message-ID: " + PecMessageIds.inAngles(pecMsgId));
        if (clientMsgId != null && e.header(X_RIFERIMENTO) == null) {
            lines.add(X_RIFERIMENTO + ": " + clientMsgId);
        }
        return e.replacing("Message-ID", lines).toBytes();
    }

    /**
     * Writes the entity to sign once, signs it with the signer its recipients' providers ask for, and writes the
     * message around it into a spool that the result reads from: what the caller writes out is exactly what was
     * signed, and a large original stays in files.
     */
    private ComposedMessage sign(SignedPecWriter.Header header, List<String> recipients,
            List<RawEntity.Field> inherited, PecText text, Daticert daticert, SpooledPart original, Instant time)
            throws MessagingException {
        byte[] xml = daticert == null ? null : DaticertWriter.write(daticert);
        MessageSigner chosen = signers.forRecipients(recipients);
        SignedPecWriter writer = new SignedPecWriter();
        Spool bytes = null;
        try (Spool entity = writer.content(text, xml, original)) {
            DetachedSignature signature = chosen.signEntity(entity, time);
            byte[] headerSection = writer.headerSection(inherited, header, signature);
            bytes = writer.message(headerSection, entity, signature);
            return new ComposedMessage(session, bytes, headerSection, daticert, xml);
        } catch (IOException e) {
            closeQuietly(bytes);
            throw new MessagingException("cannot write the PEC message", e);
        } catch (MessagingException | RuntimeException e) {
            closeQuietly(bytes);
            throw e;
        }
    }

    private static void closeQuietly(Spool spool) {
        if (spool != null) {
            spool.close();
        }
    }

    /** The signer of a message to these recipients (addresses): the profile of the peers that receive it. */
    @FunctionalInterface
    public interface SignerChoice {
        MessageSigner forRecipients(List<String> recipients) throws MessagingException;
    }
}
