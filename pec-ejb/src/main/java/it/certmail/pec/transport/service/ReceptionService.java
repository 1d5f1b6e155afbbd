package it.certmail.pec.transport.service;

import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import java.util.Optional;
import java.util.Properties;

import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;

import it.certmail.pec.receipts.domain.PecMessageIds;
import it.certmail.pec.index.domain.ProviderRecord;
import it.certmail.pec.log.domain.LogEvent;
import it.certmail.pec.log.model.LogEventType;
import it.certmail.pec.log.service.PecLog;
import it.certmail.pec.mailbox.domain.MailboxNotFoundException;
import it.certmail.pec.mailbox.domain.MessageSummary;
import it.certmail.pec.mailbox.domain.MessageSummaryReader;
import it.certmail.pec.mailbox.infra.BlobRef;
import it.certmail.pec.mailbox.service.MailboxInfo;
import it.certmail.pec.mailbox.service.MailboxService;
import it.certmail.pec.mailbox.service.MessageStoreService;
import it.certmail.pec.mime.Spool;
import it.certmail.pec.mime.SpooledMimeMessage;
import it.certmail.pec.platform.service.PlatformSettings;
import it.certmail.pec.receipts.domain.Daticert;
import it.certmail.pec.receipts.domain.DaticertError;
import it.certmail.pec.receipts.domain.DaticertReader;
import it.certmail.pec.receipts.domain.DaticertReading;
import it.certmail.pec.receipts.domain.PecMessageKind;
import it.certmail.pec.receipts.domain.ReceiptForm;
import it.certmail.pec.receipts.domain.Recipient;
import it.certmail.pec.receipts.domain.TransactionFacts;
import it.certmail.pec.receipts.infra.OriginalMessage;
import it.certmail.pec.receipts.infra.PecMessageComposer;
import it.certmail.pec.receipts.infra.PecParts;
import it.certmail.pec.receipts.infra.PecVerdict;
import it.certmail.pec.receipts.service.VerificationService;
import it.certmail.pec.transport.model.QuarantinedMessage;
import it.certmail.pec.transport.model.WorkItem;
import it.certmail.pec.transport.model.WorkState;

/**
 * Punto di ricezione and punto di consegna (RFC 6109 §2.2.2-2.2.3, pec-spec §2.4): takes one queued message for
 * our domains and does everything it calls for in ONE transaction: the presa in carico, the deposit in each
 * mailbox with its ricevuta di avvenuta consegna (or the avviso di mancata consegna), the busta di anomalia, the
 * filing of receipts from other providers, the tracking of our own transmissions and the log. A crash anywhere
 * rolls all of it back and the work item is taken again: every effect happens exactly once.
 */
@Stateless
public class ReceptionService {

    private static final String INBOX = "INBOX";
    private static final Session SESSION = Session.getInstance(new Properties());

    @PersistenceContext(unitName = "pec")
    EntityManager em;

    @Inject
    Dispatcher dispatcher;

    @Inject
    PecComposers composers;

    @Inject
    VerificationService verification;

    @Inject
    MailboxService mailboxes;

    @Inject
    MessageStoreService store;

    @Inject
    NoticeFiling notices;

    @Inject
    TrackingService tracking;

    @Inject
    PecLog log;

    @Inject
    Antivirus antivirus;

    @Inject
    PlatformSettings settings;

    @Inject
    Clock clock;

    /**
     * Processes a claimed work item in a transaction of its own; does nothing if it is no longer this owner's.
     * Any failure is a runtime exception, so the container rolls every effect back.
     */
    @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
    public void process(long workItemId, String owner) {
        try {
            processClaimed(workItemId, owner);
        } catch (IOException | MessagingException | MailboxNotFoundException e) {
            throw new IllegalStateException("reception of work item " + workItemId + " failed: " + e, e);
        }
    }

    private void processClaimed(long workItemId, String owner)
            throws IOException, MessagingException, MailboxNotFoundException {
        WorkItem item = em.find(WorkItem.class, workItemId);
        if (item == null || item.getState() != WorkState.QUEUED || !owner.equals(item.getLeaseOwner())) {
            return;
        }
        Instant now = clock.instant();
        BlobRef blob = dispatcher.blobs().find(item.getBlobId())
                .orElseThrow(() -> new IllegalStateException("blob " + item.getBlobId() + " is gone"));
        // a working copy (a temporary file when large) that the checks and the receipts read as often as they need
        try (InputStream in = dispatcher.blobs().open(blob.id()); Spool raw = Spool.copyOf(in)) {
            Optional<OwnEnvelope> own = Dispatcher.fromOwnAccessPoint(item) ? ownEnvelope(raw) : Optional.empty();
            if (own.isPresent()) {
                // composed and signed by our own access point in this process: its signature is not checked again
                Daticert d = own.get().daticert();
                tracking.lockTransmission(d.identifier());
                receiveEnvelope(item, blob, raw, d, new SendingProvider(settings.providerName(),
                        settings.serviceAddress()), own.get().message(), now);
            } else {
                PecVerdict verdict = verification.verify(raw);
                // an envelope or receipt of one of our transmissions updates its tracking rows and then mailbox
                // folders: the rows first, always, so two of them filed at once wait for each other, no deadlock
                verdict.certification().ifPresent(d -> tracking.lockTransmission(d.identifier()));
                switch (verdict.category()) {
                    case TRANSPORT_ENVELOPE -> receiveEnvelope(item, blob, raw, verdict.certification().orElseThrow(),
                            SendingProvider.of(verdict.provider().orElseThrow()), null, now);
                    case NOTICE -> receiveNotice(item, blob, raw, verdict, now);
                    case ANOMALY_ENVELOPE -> depositUnchanged(item, blob, raw, verdict, now);
                    case MALFORMED, ORDINARY -> anomaly(item, raw, verdict, now);
                    case NOT_A_MESSAGE -> {
                        item.hold("not an RFC 5322 message: " + String.join("; ", verdict.problems()));
                        return;
                    }
                }
            }
        }
        item.done();
        dispatcher.blobs().release(item.getBlobId());
    }

    /** The provider that signed an envelope, as the receipts and the log name it. */
    record SendingProvider(String name, String mailReceipt) {
        static SendingProvider of(ProviderRecord record) {
            return new SendingProvider(record.name(), record.mailReceipt());
        }
    }

    /** A busta di trasporto of our own access point, parsed once for the whole step. */
    private record OwnEnvelope(MimeMessage message, Daticert daticert) {
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
        return PecParts.daticert(message).map(DaticertReader::read).flatMap(DaticertReading::daticert)
                .map(d -> new OwnEnvelope(message, d));
    }

    /**
     * A correct busta di trasporto: presa in carico to the sending provider, then each recipient's consegna.
     *
     * @param parsed the envelope already parsed in this step, or null to parse it here
     */
    private void receiveEnvelope(WorkItem item, BlobRef blob, Spool raw, Daticert d, SendingProvider sendingProvider,
            MimeMessage parsed, Instant now) throws MessagingException, IOException, MailboxNotFoundException {
        PecMessageComposer composer = composers.composer();
        TransactionFacts tx = TransactionFacts.of(d);
        List<String> covered = item.getRecipients();

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
            antivirus.quarantine(blob, virus.get(), QuarantinedMessage.Origin.RECEPTION_POINT, tx.identifier(),
                    tx.sender(), now);
            return;
        }

        MimeMessage envelope = parsed != null ? parsed : new MimeMessage(SESSION, raw.openShared());
        try (InputStream carried = PecParts.openPostacert(envelope)
                    .orElseThrow(() -> new IllegalStateException("a correct envelope without postacert.eml"));
                OriginalMessage postacert = OriginalMessage.of(carried)) {
            deliver(item, blob, raw, tx, sendingProvider, postacert, now);
        }
        // sent last: when the transmission is ours it is kept with its tracking rows (NoticeFiling), locked already;
        // a presa in carico for another provider goes to the relay
        notices.send(takeCharge, PecMessageKind.TAKE_CHARGE, List.of(sendingProvider.mailReceipt()), now);
    }

    /** The envelope in each covered mailbox with its ricevuta di avvenuta consegna, or the mancata consegna. */
    private void deliver(WorkItem item, BlobRef blob, Spool raw, TransactionFacts tx, SendingProvider sendingProvider,
            OriginalMessage postacert, Instant now) throws MessagingException, MailboxNotFoundException {
        PecMessageComposer composer = composers.composer();
        List<String> covered = item.getRecipients();
        List<String> cc = lower(postacert.cc());
        List<String> to = lower(postacert.to());
        MessageSummary summary = NoticeFiling.summary(raw).withPecKind(PecMessageKind.TRANSPORT_ENVELOPE.name());
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
            deliverSigned(covered, receipts, forms, blob, summary, tx, sendingProvider, composer, now);
        } finally {
            for (SpooledMimeMessage receipt : receipts.values()) {
                receipt.close();
            }
        }
    }

    private void deliverSigned(List<String> covered, Map<String, SpooledMimeMessage> receipts,
            Map<String, ReceiptForm> forms, BlobRef blob, MessageSummary summary, TransactionFacts tx,
            SendingProvider sendingProvider, PecMessageComposer composer, Instant now)
            throws MessagingException, MailboxNotFoundException {
        for (String rcpt : covered) {
            if (store.deliverIfReceiving(rcpt, INBOX, blob, summary, List.of(), now).isPresent()) {
                SpooledMimeMessage receipt = receipts.get(rcpt);
                notices.send(receipt, PecMessageKind.DELIVERY, List.of(tx.sender()), now);
                log.record(event(LogEventType.CONSEGNA, now, tx, List.of(rcpt), List.of(receipt.getMessageID()),
                        sendingProvider.name(), forms.get(rcpt).code()));
            } else {
                Optional<MailboxInfo> mailbox = mailboxes.findMailbox(rcpt);
                String reason = mailbox.isEmpty() ? "5.1.1 - casella del destinatario inesistente"
                        : "5.2.1 - casella del destinatario non abilitata alla ricezione";
                MimeMessage failure = composer.deliveryFailure(tx, rcpt, DaticertError.NO_RECIPIENT, reason, now);
                notices.send(failure, PecMessageKind.DELIVERY_FAILURE, List.of(tx.sender()), now);
                log.record(event(LogEventType.MANCATA_CONSEGNA, now, tx, List.of(rcpt),
                        List.of(failure.getMessageID()), sendingProvider.name(), reason));
            }
        }
    }

    /** A correct receipt or notice from a provider: filed unchanged, and noted if it is about our transmission. */
    private void receiveNotice(WorkItem item, BlobRef blob, Spool raw, PecVerdict verdict, Instant now)
            throws MessagingException {
        PecMessageKind kind = verdict.kind().orElseThrow();
        notices.file(item.getRecipients(), blob, NoticeFiling.summary(raw).withPecKind(kind.name()), kind,
                verdict.certification().orElseThrow(), verdict.provider().map(ProviderRecord::name).orElse(null), now);
    }

    /** A correct busta di anomalia from another provider: filed unchanged, no receipts (RFC 6109 §3.3.2). */
    private void depositUnchanged(WorkItem item, BlobRef blob, Spool raw, PecVerdict verdict, Instant now) {
        MessageSummary summary = NoticeFiling.summary(raw).withPecKind(PecMessageKind.ANOMALY_ENVELOPE.name());
        for (String rcpt : item.getRecipients()) {
            notices.deposit(rcpt, blob, summary, now);
        }
    }

    /**
     * Not a correct PEC message: a provider-signed malformed one always becomes a busta di anomalia; ordinary or
     * untrusted mail only for mailboxes that accept it (the others were refused in SMTP or are skipped here).
     */
    private void anomaly(WorkItem item, Spool raw, PecVerdict verdict, Instant now)
            throws MessagingException, IOException, MailboxNotFoundException {
        Optional<String> virus = antivirus.virusIn(raw, detail -> new LogEvent(LogEventType.ANTIVIRUS_NON_ESEGUITO, now,
                PecMessageIds.withoutAngles(verdict.messageId()), null, verdict.from(), item.getRecipients(),
                verdict.subject(), List.of(), null, detail));
        if (virus.isPresent()) {
            // infected ordinary mail is not delivered, not even as an anomaly (RFC 6109 §2.2.2)
            antivirus.quarantine(dispatcher.blobs().find(item.getBlobId()).orElseThrow(), virus.get(),
                    QuarantinedMessage.Origin.ORDINARY, PecMessageIds.withoutAngles(verdict.messageId()), verdict.from(), now);
            log.record(new LogEvent(LogEventType.RIFIUTO, now, PecMessageIds.withoutAngles(verdict.messageId()), null, verdict.from(),
                    item.getRecipients(), verdict.subject(), List.of(), null, "virus " + virus.get()));
            return;
        }
        String reason = verdict.problems().isEmpty() ? "messaggio non certificato"
                : String.join("; ", verdict.problems().subList(0, Math.min(3, verdict.problems().size())));
        try (InputStream in = raw.open(); OriginalMessage received = OriginalMessage.of(in);
                SpooledMimeMessage anomaly = composers.composer().anomalyEnvelope(received, reason, now)) {
            depositAnomaly(item, verdict, anomaly, reason, now);
        }
    }

    /** The busta di anomalia in each mailbox that takes it; the others are logged as refused. */
    private void depositAnomaly(WorkItem item, PecVerdict verdict, SpooledMimeMessage anomaly, String reason,
            Instant now) throws MessagingException, MailboxNotFoundException {
        boolean fromProvider = verdict.category() == PecVerdict.Category.MALFORMED;
        BlobRef anomalyBlob = dispatcher.store(anomaly);
        try {
            MessageSummary summary = summary(anomaly).withPecKind(PecMessageKind.ANOMALY_ENVELOPE.name());
            List<String> deposited = new ArrayList<>();
            List<String> refused = new ArrayList<>();
            for (String rcpt : item.getRecipients()) {
                Optional<MailboxInfo> mailbox = mailboxes.findMailbox(rcpt);
                if (mailbox.isPresent() && mailbox.get().status().canReceive()
                        && (fromProvider || mailbox.get().acceptOrdinaryMail())) {
                    store.deliver(rcpt, INBOX, anomalyBlob, summary, List.of(), now);
                    deposited.add(rcpt);
                } else {
                    refused.add(rcpt);
                }
            }
            String sender = verdict.from() == null ? item.getMailFrom() : verdict.from();
            LogEvent e = new LogEvent(LogEventType.BUSTA_ANOMALIA, now, PecMessageIds.withoutAngles(verdict.messageId()), null,
                    sender, deposited, verdict.subject(), List.of(anomaly.getMessageID()),
                    verdict.provider().map(ProviderRecord::name).orElse(null), reason);
            if (!deposited.isEmpty()) {
                log.record(e);
            }
            if (!refused.isEmpty()) {
                log.record(new LogEvent(LogEventType.RIFIUTO, now, e.msgid(), null, sender, refused, verdict.subject(),
                        List.of(), e.sendingProvider(), "ordinary mail not accepted by the mailbox: " + reason));
            }
        } finally {
            dispatcher.blobs().release(anomalyBlob.id());
        }
    }

    private static MessageSummary summary(SpooledMimeMessage message) {
        return NoticeFiling.summary(message.bytes());
    }

    private LogEvent event(LogEventType type, Instant now, TransactionFacts tx, List<String> recipients,
                           List<String> generated, String provider, String detail) {
        return new LogEvent(type, now, tx.identifier(), tx.msgid(), tx.sender(),
                recipients.isEmpty() ? tx.recipients().stream().map(Recipient::address).toList() : recipients,
                tx.subject(), generated, provider, detail);
    }

    private static List<String> lower(List<String> addresses) {
        return addresses.stream().map(a -> a.toLowerCase(Locale.ROOT)).toList();
    }

}
