package it.certmail.pec.transport.core;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.function.Supplier;

import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;

import it.certmail.pec.blob.domain.BlobRef;
import it.certmail.pec.index.domain.ProviderRecord;
import it.certmail.pec.log.domain.LogEvent;
import it.certmail.pec.log.model.LogEventType;
import it.certmail.pec.mailbox.domain.MailboxNotFoundException;
import it.certmail.pec.mailbox.domain.MessageSummary;
import it.certmail.pec.mailbox.domain.MessageSummaryReader;
import it.certmail.pec.mime.Spool;
import it.certmail.pec.mime.SpooledMimeMessage;
import it.certmail.pec.receipts.domain.Daticert;
import it.certmail.pec.receipts.domain.DaticertError;
import it.certmail.pec.receipts.domain.DaticertReader;
import it.certmail.pec.receipts.domain.PecMessageIds;
import it.certmail.pec.receipts.domain.PecMessageKind;
import it.certmail.pec.receipts.domain.ReceiptForm;
import it.certmail.pec.receipts.domain.Recipient;
import it.certmail.pec.receipts.domain.TransactionFacts;
import it.certmail.pec.receipts.infra.OriginalMessage;
import it.certmail.pec.receipts.infra.PecMessageComposer;
import it.certmail.pec.receipts.infra.PecParts;
import it.certmail.pec.receipts.infra.PecVerdict;

/**
 * Punto di ricezione and punto di consegna (RFC 6109 §2.2.2-2.2.3, pec-spec §2.4): everything one queued message
 * for our domains calls for: the presa in carico, the deposit in each mailbox with its ricevuta di avvenuta consegna
 * (or the avviso di mancata consegna), the busta di anomalia, the filing of receipts from other providers, the
 * locking of our own transmissions' tracking and the registro. Its caller runs {@link #receive} in ONE transaction
 * with the settling of the work item: a failure anywhere rolls every effect back and the item is taken again, so
 * every effect happens exactly once.
 *
 * <p>Order matters and is kept: a transmission's tracking rows are locked before any mailbox folder; every receipt
 * is signed before the first INBOX is locked; the presa in carico is sent last.
 */
public final class ReceptionPoint {

    private static final Session SESSION = Session.getInstance(new Properties());

    private final BlobAccess blobs;
    private final ReceivingMailboxes mailboxes;
    private final NoticeRoute notices;
    private final EnvelopeVerifier verifier;
    private final TransmissionLocks tracking;
    private final OfficialLog log;
    private final VirusCheck antivirus;
    private final Supplier<PecMessageComposer> composers;
    private final ProviderIdentity provider;

    /**
     * What became of a piece of work. {@code workReferenceHandedOver}: the work's own blob reference now belongs to a
     * message filed in a mailbox (the first recipient's envelope), so the caller settling the work must not release
     * it (two {@code ref_count} updates fewer); otherwise the caller releases it with the work, as before.
     */
    public record Outcome(String holdReason, boolean workReferenceHandedOver) {

        private static final Outcome DONE = new Outcome(null, false);

        public Outcome {
            if (holdReason != null && workReferenceHandedOver) {
                throw new IllegalArgumentException("held work keeps its reference");
            }
        }

        public static Outcome done() {
            return DONE;
        }

        static Outcome done(WorkReference reference) {
            return reference.handedOver ? new Outcome(null, true) : DONE;
        }

        /** Not processable (kept for an admin, never retried). */
        public static Outcome held(String reason) {
            return new Outcome(Objects.requireNonNull(reason, "reason"), false);
        }

        public boolean isHeld() {
            return holdReason != null;
        }
    }

    /**
     * The work's own reference on its blob during one {@link #receive}: given to the first envelope deposited, then
     * each further deposit takes one of its own. Known even when a later step throws (then everything rolls back).
     */
    private static final class WorkReference {
        private boolean handedOver;
    }

    public ReceptionPoint(BlobAccess blobs, ReceivingMailboxes mailboxes, NoticeRoute notices,
            EnvelopeVerifier verifier, TransmissionLocks tracking, OfficialLog log, VirusCheck antivirus,
            Supplier<PecMessageComposer> composers, ProviderIdentity provider) {
        this.blobs = Objects.requireNonNull(blobs, "blobs");
        this.mailboxes = Objects.requireNonNull(mailboxes, "mailboxes");
        this.notices = Objects.requireNonNull(notices, "notices");
        this.verifier = Objects.requireNonNull(verifier, "verifier");
        this.tracking = Objects.requireNonNull(tracking, "tracking");
        this.log = Objects.requireNonNull(log, "log");
        this.antivirus = Objects.requireNonNull(antivirus, "antivirus");
        this.composers = Objects.requireNonNull(composers, "composers");
        this.provider = Objects.requireNonNull(provider, "provider");
    }

    /**
     * Receives one message. The work's own blob reference is the caller's to release when it settles the work,
     * unless the outcome says it was handed to the first envelope deposited.
     *
     * @return done, or held when the bytes are not a message at all
     */
    public Outcome receive(ReceptionWork work, Instant now)
            throws IOException, MessagingException, MailboxNotFoundException {
        BlobRef blob = blobs.find(work.blobId())
                .orElseThrow(() -> new IllegalStateException("blob " + work.blobId() + " is gone"));
        WorkReference reference = new WorkReference();
        // a working copy (a temporary file when large) that the checks and the receipts read as often as they need
        try (InputStream in = blobs.open(blob.id()); Spool raw = Spool.copyOf(in)) {
            Optional<OwnEnvelope> own = work.fromOwnAccessPoint() ? ownEnvelope(raw) : Optional.empty();
            if (own.isPresent()) {
                // composed and signed by our own access point in this process: its signature is not checked again
                Daticert d = own.get().daticert();
                tracking.lockTransmission(d.identifier());
                MimeMessage message = own.get().message();
                receiveEnvelope(work, blob, raw, d, new SendingProvider(provider.providerName(),
                        provider.serviceAddress()), () -> PecParts.openPostacert(message), reference, now);
                return Outcome.done(reference);
            }
            PecVerdict verdict = verifier.verify(raw);
            // an envelope or receipt of one of our transmissions updates its tracking rows and then mailbox
            // folders: the rows first, always, so two of them filed at once wait for each other, no deadlock
            verdict.certification().ifPresent(d -> tracking.lockTransmission(d.identifier()));
            switch (verdict.category()) {
                case TRANSPORT_ENVELOPE -> receiveEnvelope(work, blob, raw, verdict.certification().orElseThrow(),
                        SendingProvider.of(verdict.provider().orElseThrow()), () -> postacertOfVerified(verdict, raw),
                        reference, now);
                case NOTICE -> receiveNotice(work, blob, raw, verdict, now);
                case ANOMALY_ENVELOPE -> depositUnchanged(work, blob, raw, now);
                case MALFORMED, ORDINARY -> anomaly(work, blob, raw, verdict, now);
                case NOT_A_MESSAGE -> {
                    return Outcome.held("not an RFC 5322 message: " + String.join("; ", verdict.problems()));
                }
            }
        }
        return Outcome.done(reference);
    }

    /** The provider that signed an envelope, as the receipts and the log name it. */
    private record SendingProvider(String name, String mailReceipt) {
        static SendingProvider of(ProviderRecord record) {
            return new SendingProvider(record.name(), record.mailReceipt());
        }
    }

    /** A busta di trasporto of our own access point, parsed once for the whole step. */
    private record OwnEnvelope(MimeMessage message, Daticert daticert) {
    }

    /** Where the postacert.eml of an envelope is read from, in the parse the step already made. */
    @FunctionalInterface
    private interface Postacert {
        Optional<InputStream> open() throws MessagingException, IOException;
    }

    /**
     * Our own busta di trasporto (the work item was queued by our access point, never by SMTP): parsed once, its
     * daticert read without checking our own signature or looking ourselves up in the index. Empty when it is not
     * a transport envelope with a readable daticert, and then it is verified like anything else.
     */
    private static Optional<OwnEnvelope> ownEnvelope(Spool raw) throws MessagingException, IOException {
        MimeMessage message = new MimeMessage(SESSION, raw.openShared());
        String transport = message.getHeader(PecMessageKind.Header.X_TRASPORTO.fieldName(), null);
        if (transport == null || !PecMessageKind.TRANSPORT_ENVELOPE.headerValue().equalsIgnoreCase(transport.strip())) {
            return Optional.empty();
        }
        // written by our own DaticertWriter: read without validating against the DTD again
        return PecParts.daticert(message).flatMap(DaticertReader::readOwn)
                .map(d -> new OwnEnvelope(message, d));
    }

    /**
     * The postacert.eml of a verified envelope, from the signed content the verification parsed (and checked):
     * the message is not parsed a second time. Parsed here only if the verifier kept no signed content.
     */
    private static Optional<InputStream> postacertOfVerified(PecVerdict verdict, Spool raw)
            throws MessagingException, IOException {
        if (verdict.signature().signedContent() != null) {
            return PecParts.openPostacertOfSigned(verdict.signature().signedContent());
        }
        return PecParts.openPostacert(new MimeMessage(SESSION, raw.openShared()));
    }

    /** A correct busta di trasporto: presa in carico to the sending provider, then each recipient's consegna. */
    private void receiveEnvelope(ReceptionWork work, BlobRef blob, Spool raw, Daticert d,
            SendingProvider sendingProvider, Postacert postacertOf, WorkReference reference, Instant now)
            throws MessagingException, IOException, MailboxNotFoundException {
        PecMessageComposer composer = composers.get();
        TransactionFacts tx = TransactionFacts.of(d);
        List<String> covered = work.recipients();

        MimeMessage takeCharge = composer.takeCharge(tx, covered, sendingProvider.mailReceipt(), now);
        log.record(event(LogEventType.PRESA_IN_CARICO, now, tx, covered, List.of(takeCharge.getMessageID()),
                sendingProvider.name(), null));

        Optional<String> virus = antivirus.virusIn(raw, detail -> event(LogEventType.ANTIVIRUS_NON_ESEGUITO, now, tx,
                covered, List.of(), sendingProvider.name(), detail));
        if (virus.isPresent()) {
            // RFC 6109 §3.2.3: not delivered; one avviso di rilevazione virus per recipient to the sending provider
            notices.send(takeCharge, PecMessageKind.TAKE_CHARGE, List.of(sendingProvider.mailReceipt()), now);
            for (String rcpt : covered) {
                MimeMessage detection = composer.virusDetection(tx, rcpt, virus.get(), sendingProvider.mailReceipt(), now);
                notices.send(detection, PecMessageKind.VIRUS_DETECTION, List.of(sendingProvider.mailReceipt()), now);
                log.record(event(LogEventType.RILEVAZIONE_VIRUS, now, tx, List.of(rcpt),
                        List.of(detection.getMessageID()), sendingProvider.name(), virus.get()));
            }
            antivirus.quarantine(blob, virus.get(), VirusCheck.Origin.RECEPTION_POINT, tx.identifier(), tx.sender(),
                    now);
            return;
        }

        try (InputStream carried = postacertOf.open()
                    .orElseThrow(() -> new IllegalStateException("a correct envelope without postacert.eml"));
                OriginalMessage postacert = OriginalMessage.of(carried)) {
            deliver(work, blob, raw, tx, sendingProvider, postacert, reference, now);
        }
        // sent last: when the transmission is ours it is kept with its tracking rows (NoticeFiling), locked already;
        // a presa in carico for another provider goes to the relay
        notices.send(takeCharge, PecMessageKind.TAKE_CHARGE, List.of(sendingProvider.mailReceipt()), now);
    }

    /** The envelope in each covered mailbox with its ricevuta di avvenuta consegna, or the mancata consegna. */
    private void deliver(ReceptionWork work, BlobRef blob, Spool raw, TransactionFacts tx,
            SendingProvider sendingProvider, OriginalMessage postacert, WorkReference reference, Instant now)
            throws MessagingException, MailboxNotFoundException {
        PecMessageComposer composer = composers.get();
        List<String> covered = work.recipients();
        List<String> cc = lower(postacert.cc());
        List<String> to = lower(postacert.to());
        MessageSummary summary = summary(raw).withPecKind(PecMessageKind.TRANSPORT_ENVELOPE.name());
        // every receipt is signed before the first INBOX is locked for its UID counter (that lock is held until the
        // commit): no folder waits on an RSA signature; one for a mailbox that turns out not to receive is dropped
        Map<String, SpooledMimeMessage> receipts = new LinkedHashMap<>();
        Map<String, ReceiptForm> forms = new LinkedHashMap<>();
        try {
            for (String rcpt : covered) {
                if (receipts.containsKey(rcpt)) {
                    continue;
                }
                // Cc recipients get the sintetica form; one who is in both To and Cc is a primary one
                boolean primary = to.contains(rcpt) || !cc.contains(rcpt);
                ReceiptForm form = tx.receiptForm().forRecipient(primary);
                forms.put(rcpt, form);
                receipts.put(rcpt, composer.delivery(tx, rcpt, form, postacert, now));
            }
            deliverSigned(covered, receipts, forms, blob, summary, tx, sendingProvider, composer, reference, now);
        } finally {
            for (SpooledMimeMessage receipt : receipts.values()) {
                receipt.close();
            }
        }
    }

    private void deliverSigned(List<String> covered, Map<String, SpooledMimeMessage> receipts,
            Map<String, ReceiptForm> forms, BlobRef blob, MessageSummary summary, TransactionFacts tx,
            SendingProvider sendingProvider, PecMessageComposer composer, WorkReference reference, Instant now)
            throws MessagingException, MailboxNotFoundException {
        for (String rcpt : covered) {
            if (deposit(rcpt, blob, summary, reference, now)) {
                SpooledMimeMessage receipt = receipts.get(rcpt);
                notices.send(receipt, PecMessageKind.DELIVERY, List.of(tx.sender()), now);
                log.record(event(LogEventType.CONSEGNA, now, tx, List.of(rcpt), List.of(receipt.getMessageID()),
                        sendingProvider.name(), forms.get(rcpt).code()));
            } else {
                String reason = mailboxes.standing(rcpt).isEmpty() ? "5.1.1 - casella del destinatario inesistente"
                        : "5.2.1 - casella del destinatario non abilitata alla ricezione";
                MimeMessage failure = composer.deliveryFailure(tx, rcpt, DaticertError.NO_RECIPIENT, reason, now);
                notices.send(failure, PecMessageKind.DELIVERY_FAILURE, List.of(tx.sender()), now);
                log.record(event(LogEventType.MANCATA_CONSEGNA, now, tx, List.of(rcpt),
                        List.of(failure.getMessageID()), sendingProvider.name(), reason));
            }
        }
    }

    /** Deposits the envelope if the mailbox receives, the first one deposited holding the work's reference. */
    private boolean deposit(String rcpt, BlobRef blob, MessageSummary summary, WorkReference reference, Instant now)
            throws MailboxNotFoundException {
        if (reference.handedOver) {
            return mailboxes.deliverIfReceiving(rcpt, blob, summary, now);
        }
        boolean deposited = mailboxes.deliverIfReceivingWithCallersReference(rcpt, blob, summary, now);
        reference.handedOver = deposited;
        return deposited;
    }

    /** A correct receipt or notice from a provider: filed unchanged, and noted if it is about our transmission. */
    private void receiveNotice(ReceptionWork work, BlobRef blob, Spool raw, PecVerdict verdict, Instant now)
            throws MessagingException {
        PecMessageKind kind = verdict.kind().orElseThrow();
        notices.file(work.recipients(), blob, summary(raw).withPecKind(kind.name()), kind,
                verdict.certification().orElseThrow(), verdict.provider().map(ProviderRecord::name).orElse(null), now);
    }

    /** A correct busta di anomalia from another provider: filed unchanged, no receipts (RFC 6109 §3.3.2). */
    private void depositUnchanged(ReceptionWork work, BlobRef blob, Spool raw, Instant now) {
        MessageSummary summary = summary(raw).withPecKind(PecMessageKind.ANOMALY_ENVELOPE.name());
        for (String rcpt : work.recipients()) {
            notices.deposit(rcpt, blob, summary, now);
        }
    }

    /**
     * Not a correct PEC message: a provider-signed malformed one always becomes a busta di anomalia; ordinary or
     * untrusted mail only for mailboxes that accept it (the others were refused in SMTP or are skipped here).
     */
    private void anomaly(ReceptionWork work, BlobRef blob, Spool raw, PecVerdict verdict, Instant now)
            throws MessagingException, IOException, MailboxNotFoundException {
        String msgid = PecMessageIds.withoutAngles(verdict.messageId());
        Optional<String> virus = antivirus.virusIn(raw, detail -> new LogEvent(LogEventType.ANTIVIRUS_NON_ESEGUITO,
                now, msgid, null, verdict.from(), work.recipients(), verdict.subject(), List.of(), null, detail));
        if (virus.isPresent()) {
            // infected ordinary mail is not delivered, not even as an anomaly (RFC 6109 §2.2.2)
            antivirus.quarantine(blob, virus.get(), VirusCheck.Origin.ORDINARY, msgid, verdict.from(), now);
            log.record(new LogEvent(LogEventType.RIFIUTO, now, msgid, null, verdict.from(), work.recipients(),
                    verdict.subject(), List.of(), null, "virus " + virus.get()));
            return;
        }
        String reason = verdict.problems().isEmpty() ? "messaggio non certificato"
                : String.join("; ", verdict.problems().subList(0, Math.min(3, verdict.problems().size())));
        try (InputStream in = raw.open(); OriginalMessage received = OriginalMessage.of(in);
                SpooledMimeMessage anomaly = composers.get().anomalyEnvelope(received, reason, now)) {
            depositAnomaly(work, verdict, anomaly, reason, now);
        }
    }

    /** The busta di anomalia in each mailbox that takes it; the others are logged as refused. */
    private void depositAnomaly(ReceptionWork work, PecVerdict verdict, SpooledMimeMessage anomaly, String reason,
            Instant now) throws MessagingException, MailboxNotFoundException {
        boolean fromProvider = verdict.category() == PecVerdict.Category.MALFORMED;
        BlobRef anomalyBlob = blobs.store(anomaly.bytes());
        try {
            MessageSummary summary = summary(anomaly.bytes()).withPecKind(PecMessageKind.ANOMALY_ENVELOPE.name());
            List<String> deposited = new ArrayList<>();
            List<String> refused = new ArrayList<>();
            for (String rcpt : work.recipients()) {
                Optional<ReceivingMailboxes.Standing> mailbox = mailboxes.standing(rcpt);
                if (mailbox.isPresent() && mailbox.get().receives()
                        && (fromProvider || mailbox.get().acceptsOrdinaryMail())) {
                    mailboxes.deliver(rcpt, anomalyBlob, summary, now);
                    deposited.add(rcpt);
                } else {
                    refused.add(rcpt);
                }
            }
            String sender = verdict.from() == null ? work.mailFrom() : verdict.from();
            LogEvent e = new LogEvent(LogEventType.BUSTA_ANOMALIA, now, PecMessageIds.withoutAngles(verdict.messageId()),
                    null, sender, deposited, verdict.subject(), List.of(anomaly.getMessageID()),
                    verdict.provider().map(ProviderRecord::name).orElse(null), reason);
            if (!deposited.isEmpty()) {
                log.record(e);
            }
            if (!refused.isEmpty()) {
                log.record(new LogEvent(LogEventType.RIFIUTO, now, e.msgid(), null, sender, refused, verdict.subject(),
                        List.of(), e.sendingProvider(), "ordinary mail not accepted by the mailbox: " + reason));
            }
        } finally {
            blobs.release(anomalyBlob.id());
        }
    }

    /** The summary the mailbox lists, read from the header of the spooled message. */
    public static MessageSummary summary(Spool raw) {
        try (InputStream in = raw.open()) {
            return MessageSummaryReader.read(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static LogEvent event(LogEventType type, Instant now, TransactionFacts tx, List<String> recipients,
            List<String> generated, String provider, String detail) {
        return new LogEvent(type, now, tx.identifier(), tx.msgid(), tx.sender(),
                recipients.isEmpty() ? tx.recipients().stream().map(Recipient::address).toList() : recipients,
                tx.subject(), generated, provider, detail);
    }

    private static List<String> lower(List<String> addresses) {
        return addresses.stream().map(a -> a.toLowerCase(Locale.ROOT)).toList();
    }
}
