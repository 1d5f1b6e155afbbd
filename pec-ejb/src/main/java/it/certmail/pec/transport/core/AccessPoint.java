package it.certmail.pec.transport.core;

import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

import jakarta.mail.MessagingException;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;

import it.certmail.pec.blob.domain.BlobRef;
import it.certmail.pec.log.domain.LogEvent;
import it.certmail.pec.log.model.LogEventType;
import it.certmail.pec.mailbox.domain.MailboxAccess;
import it.certmail.pec.mime.CrlfOutputStream;
import it.certmail.pec.mime.Spool;
import it.certmail.pec.receipts.domain.PecMessageIds;
import it.certmail.pec.receipts.domain.PecMessageKind;
import it.certmail.pec.receipts.domain.Recipient;
import it.certmail.pec.receipts.domain.RecipientType;
import it.certmail.pec.receipts.domain.TransactionFacts;
import it.certmail.pec.receipts.infra.ComposedMessage;
import it.certmail.pec.receipts.infra.OriginalMessage;
import it.certmail.pec.receipts.infra.PecMessageComposer;
import it.certmail.pec.transport.core.TransmissionRecords.NewTransmission;
import it.certmail.pec.transport.core.TransmissionRecords.TrackedRecipient;
import it.certmail.pec.transport.domain.DeliveryDeadlines;
import it.certmail.pec.transport.domain.SmtpReply;
import it.certmail.pec.transport.domain.SubmissionChecks;
import it.certmail.pec.transport.domain.SubmissionEnvelope;
import it.certmail.pec.transport.domain.SubmissionFacts;
import it.certmail.pec.transport.domain.SubmissionLimits;

/**
 * Punto di accesso (RFC 6109 §2.2.1, §3.1): takes a message from an authenticated user, makes the formal checks,
 * and either issues the avviso di non accettazione, or the ricevuta di accettazione and the busta di trasporto.
 * Everything the submission implies (the envelope, the receipts, the work for every recipient, the tracking and the
 * log) is written through the ports; its caller runs {@link #submit} in ONE transaction that commits all of it or,
 * whatever is thrown, none of it. Only then does SMTP answer 250.
 */
public final class AccessPoint {

    private final BlobAccess blobs;
    private final SendingMailboxes mailboxes;
    private final RecipientDomains domains;
    private final Dispatch dispatch;
    private final NoticeRoute notices;
    private final TransmissionRecords tracking;
    private final OfficialLog log;
    private final VirusCheck antivirus;
    private final Supplier<PecMessageComposer> composers;
    private final Supplier<PecMessageIds> ids;
    private final Supplier<SubmissionLimits> limits;
    private final ProviderIdentity provider;

    public AccessPoint(BlobAccess blobs, SendingMailboxes mailboxes, RecipientDomains domains, Dispatch dispatch,
            NoticeRoute notices, TransmissionRecords tracking, OfficialLog log, VirusCheck antivirus,
            Supplier<PecMessageComposer> composers, Supplier<PecMessageIds> ids, Supplier<SubmissionLimits> limits,
            ProviderIdentity provider) {
        this.blobs = Objects.requireNonNull(blobs, "blobs");
        this.mailboxes = Objects.requireNonNull(mailboxes, "mailboxes");
        this.domains = Objects.requireNonNull(domains, "domains");
        this.dispatch = Objects.requireNonNull(dispatch, "dispatch");
        this.notices = Objects.requireNonNull(notices, "notices");
        this.tracking = Objects.requireNonNull(tracking, "tracking");
        this.log = Objects.requireNonNull(log, "log");
        this.antivirus = Objects.requireNonNull(antivirus, "antivirus");
        this.composers = Objects.requireNonNull(composers, "composers");
        this.ids = Objects.requireNonNull(ids, "ids");
        this.limits = Objects.requireNonNull(limits, "limits");
        this.provider = Objects.requireNonNull(provider, "provider");
    }

    /**
     * Takes the submission; returns the SMTP reply: positive once the effects are written (the caller commits
     * them), temporary when the antivirus cannot scan.
     *
     * @throws IOException when the data cannot be read or the PEC messages cannot be composed (the caller rolls back)
     */
    public SmtpReply submit(SubmissionEnvelope envelope, InputStream data, Instant now) throws IOException {
        String sender = envelope.authUser().toLowerCase(Locale.ROOT);
        // the original is kept (in a temporary file when large) only while the transaction lasts: what is stored
        // for good is the envelope that carries it
        try (Spool raw = Spool.create()) {
            try (CrlfOutputStream out = new CrlfOutputStream(raw.output())) {
                data.transferTo(out);
            }
            return accept(envelope, sender, raw, now);
        } catch (MessagingException e) {
            throw new IOException("cannot compose the PEC messages for a submission", e);
        }
    }

    private SmtpReply accept(SubmissionEnvelope envelope, String sender, Spool raw, Instant now)
            throws MessagingException, IOException {
        String pecMsgId = ids.get().next(now);
        List<String> rcpts = envelope.recipients().stream().map(r -> r.toLowerCase(Locale.ROOT)).distinct().toList();
        List<Recipient> typed = rcpts.stream().map(this::typed).toList();

        OriginalMessage parsed;
        try {
            parsed = OriginalMessage.parse(raw);
        } catch (MessagingException | RuntimeException unparsable) {
            TransactionFacts facts = new TransactionFacts(sender, typed, sender, "", pecMsgId, null, null);
            return refuse(facts, List.of("messaggio non conforme allo standard RFC 5322: " + unparsable.getMessage()),
                    now);
        }
        try (parsed) {
            return check(envelope, sender, parsed, typed, rcpts, pecMsgId, now);
        }
    }

    /** The formal checks and the antivirus; then the envelope, or the avviso di non accettazione. */
    private SmtpReply check(SubmissionEnvelope envelope, String sender, OriginalMessage parsed, List<Recipient> typed,
            List<String> rcpts, String pecMsgId, Instant now) throws MessagingException, IOException {
        PecMessageComposer composer = composers.get();
        Optional<SendingMailboxes.Sender> mailbox = mailboxes.sender(sender);
        SubmissionFacts facts = facts(envelope, sender, parsed, parsed.size());
        // status and space as the lifecycle left them: a full or expired mailbox is told why it cannot send
        Optional<String> sendRefusal = mailbox.isEmpty() ? Optional.of("la casella del mittente non esiste")
                : MailboxAccess.sendRefusal(mailbox.get().status(), mailbox.get().usedBytes(), mailbox.get().quotaBytes());
        List<String> violations = new ArrayList<>(SubmissionChecks.violations(facts, limits.get(), true));
        sendRefusal.ifPresent(r -> violations.add(0, r));
        if (mailbox.map(SendingMailboxes.Sender::blockNonPecRecipients).orElse(false)) {
            typed.stream().filter(r -> r.type() != RecipientType.CERTIFIED)
                    .forEach(r -> violations.add("la casella può spedire solamente verso caselle di posta elettronica"
                            + " certificata: l'indirizzo " + r.address() + " è stato rifiutato"));
        }
        TransactionFacts tx = parsed.facts(sender, typed, pecMsgId);
        if (!violations.isEmpty()) {
            return refuse(tx, violations, now);
        }
        Optional<String> virus;
        try {
            virus = antivirus.virusIn(parsed.spool(),
                    detail -> event(LogEventType.ANTIVIRUS_NON_ESEGUITO, now, tx, List.of(), detail));
        } catch (IOException scannerDown) {
            // never accept what could not be scanned; the client retries
            return SmtpReply.temporary("4.3.0 controllo antivirus non disponibile, riprovare più tardi");
        }
        if (virus.isPresent()) {
            MimeMessage notice = composer.nonAcceptanceVirus(tx, virus.get(), now);
            notices.send(notice, PecMessageKind.NON_ACCEPTANCE_VIRUS, List.of(sender), now);
            BlobRef original = blobs.store(parsed.spool());
            antivirus.quarantine(original, virus.get(), VirusCheck.Origin.ACCESS_POINT, pecMsgId, sender, now);
            blobs.release(original.id());
            log.record(event(LogEventType.NON_ACCETTAZIONE_VIRUS, now, tx, List.of(notice.getMessageID()), virus.get()));
            return SmtpReply.ok("Ok: messaggio non accettato per virus, inviato avviso " + pecMsgId);
        }

        try (ComposedMessage envelopeMessage = composer.transportEnvelope(parsed, tx, now)) {
            return dispatch(envelopeMessage, tx, typed, rcpts, pecMsgId, now);
        }
    }

    /** Ricevuta di accettazione and busta di trasporto, the work for each destination, tracking and log. */
    private SmtpReply dispatch(ComposedMessage envelopeMessage, TransactionFacts tx, List<Recipient> typed,
            List<String> rcpts, String pecMsgId, Instant now) throws MessagingException {
        String sender = tx.sender();
        MimeMessage acceptance = composers.get().acceptance(tx, now);
        BlobRef envelopeBlob = dispatch.dispatch(envelopeMessage, sender, rcpts, now);
        // the acceptance never transits a reception point (RFC 6109 §3.1.1): filed now, committed with the rest
        notices.send(acceptance, PecMessageKind.ACCEPTANCE, List.of(sender), now);

        DeliveryDeadlines deadlines = DeliveryDeadlines.RFC_6109;
        List<TrackedRecipient> tracked = new ArrayList<>();
        for (Recipient r : typed) {
            boolean certified = r.type() == RecipientType.CERTIFIED;
            // no presa in carico or consegna ever comes back for ordinary mail: nothing to time out (pec-spec §2.3 h)
            Instant nextCheck = certified
                    ? deadlines.warningAt(new DeliveryDeadlines.Tracking(now, null, null, false, false)) : null;
            tracked.add(new TrackedRecipient(r.address(), certified, nextCheck));
        }
        tracking.open(new NewTransmission(pecMsgId, tx.msgid(), sender, tx.subject(), now, envelopeBlob.id(),
                envelopeMessage.daticertXml().orElseThrow(), tracked));
        log.record(event(LogEventType.ACCETTAZIONE, now, tx, List.of(acceptance.getMessageID()), null));
        log.record(event(LogEventType.BUSTA_TRASPORTO, now, tx, List.of(envelopeMessage.getMessageID()), null));
        return SmtpReply.ok("Ok: accettato come " + pecMsgId);
    }

    /** Avviso di non accettazione (RFC 6109 §3.1.2): the message itself goes nowhere. */
    private SmtpReply refuse(TransactionFacts tx, List<String> reasons, Instant now) throws MessagingException {
        String reason = String.join("; ", reasons);
        MimeMessage notice = composers.get().nonAcceptance(tx, reason, now);
        notices.send(notice, PecMessageKind.NON_ACCEPTANCE, List.of(tx.sender()), now);
        log.record(event(LogEventType.NON_ACCETTAZIONE, now, tx, List.of(notice.getMessageID()), reason));
        return SmtpReply.ok("Ok: messaggio non accettato, inviato avviso di non accettazione "
                + tx.identifier());
    }

    private Recipient typed(String address) {
        String domain = domainOf(address);
        return domains.isLocalDomain(domain) || domains.isCertifiedDomain(domain)
                ? Recipient.certified(address) : Recipient.external(address);
    }

    /** The domain of an address, lower case; empty when it has none. */
    public static String domainOf(String address) {
        int at = address.lastIndexOf('@');
        return at < 0 ? "" : address.substring(at + 1).toLowerCase(Locale.ROOT);
    }

    private static SubmissionFacts facts(SubmissionEnvelope env, String sender, OriginalMessage parsed, long size)
            throws MessagingException {
        MimeMessage m = parsed.message();
        List<String> headerProblems = new ArrayList<>();
        if (m.getHeader("Date") == null) {
            headerProblems.add("campo Date assente");
        }
        String from = null;
        String[] fromFields = m.getHeader("From");
        if (fromFields != null && fromFields.length == 1) {
            try {
                InternetAddress[] parsedFrom = InternetAddress.parseHeader(fromFields[0], true);
                if (parsedFrom.length == 1 && parsedFrom[0].getAddress() != null) {
                    from = parsedFrom[0].getAddress().toLowerCase(Locale.ROOT);
                }
            } catch (AddressException e) {
                headerProblems.add("campo From non valido: " + e.getMessage());
            }
        } else if (fromFields != null) {
            headerProblems.add("campo From ripetuto");
        }
        String[] bcc = m.getHeader("Bcc");
        boolean bccPresent = bcc != null && Arrays.stream(bcc).anyMatch(v -> !v.isBlank());
        return new SubmissionFacts(sender, env.mailFrom().toLowerCase(Locale.ROOT),
                env.recipients().stream().map(r -> r.toLowerCase(Locale.ROOT)).toList(), headerProblems, from,
                lower(parsed.to()), lower(parsed.cc()), bccPresent, size);
    }

    private static List<String> lower(List<String> addresses) {
        return addresses.stream().map(a -> a.toLowerCase(Locale.ROOT)).toList();
    }

    private LogEvent event(LogEventType type, Instant now, TransactionFacts tx, List<String> generated, String detail) {
        return new LogEvent(type, now, tx.identifier(), tx.msgid(), tx.sender(),
                tx.recipients().stream().map(Recipient::address).toList(), tx.subject(), generated,
                provider.providerName(), detail);
    }
}
