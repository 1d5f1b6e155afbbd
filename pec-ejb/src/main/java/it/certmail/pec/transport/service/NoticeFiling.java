package it.certmail.pec.transport.service;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import jakarta.ejb.EJB;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;

import it.certmail.pec.blob.domain.BlobRef;
import it.certmail.pec.blob.domain.BlobReference;
import it.certmail.pec.blob.infra.BlobStore;
import it.certmail.pec.log.domain.LogEvent;
import it.certmail.pec.log.model.LogEventType;
import it.certmail.pec.log.service.PecLog;
import it.certmail.pec.log.service.Registro;
import it.certmail.pec.mailbox.domain.MailboxNotFoundException;
import it.certmail.pec.mailbox.domain.MessageSummary;
import it.certmail.pec.mailbox.domain.MessageSummaryReader;
import it.certmail.pec.mailbox.service.MailboxDeposits;
import it.certmail.pec.mailbox.service.MessageStoreService;
import it.certmail.pec.mime.Spool;
import it.certmail.pec.mime.SpooledMimeMessage;
import it.certmail.pec.platform.service.PlatformSettings;
import it.certmail.pec.receipts.domain.Daticert;
import it.certmail.pec.receipts.domain.DaticertReader;
import it.certmail.pec.receipts.domain.PecMessageKind;
import it.certmail.pec.receipts.domain.Recipient;
import it.certmail.pec.receipts.domain.TransactionFacts;
import it.certmail.pec.receipts.infra.ComposedMessage;
import it.certmail.pec.receipts.infra.PecParts;

/**
 * Consegna delle ricevute (punto di consegna): files a correct receipt or notice in its recipients' mailboxes,
 * notes it against our own transmission, and logs it, inside the caller's transaction.
 *
 * <p>Receipts that other providers send us arrive through the reception point ({@link ReceptionService}), which
 * verifies them first. A receipt our own provider issues to a mailbox of our own (the ricevuta di accettazione to
 * the local sender, which never transits a reception point in RFC 6109; the presa in carico and the consegna when
 * the sending provider is us) is filed here directly by the transaction that composes and signs it: the same
 * bytes, log entries and tracking updates the reception point would make, without a work item that re-verifies
 * our own signature. Recipients elsewhere still get it through the relay. Our presa in carico of our own
 * transmissions is the exception: it is kept with their tracking rows, not filed in the service mailbox.
 *
 * <p>{@link #send} is the one route of every notice this provider issues: ricevuta di accettazione and non
 * accettazione, presa in carico, ricevute di consegna, avvisi di mancata consegna (also for virus and the 12 h /
 * 24 h ones of {@link TimeoutNotices}) and rilevazione virus.
 */
@Stateless
@TransactionAttribute(TransactionAttributeType.MANDATORY)
public class NoticeFiling {

    private static final String INBOX = "INBOX";

    @EJB
    Dispatcher dispatcher;

    @EJB
    MessageStoreService store;

    @EJB
    TrackingService tracking;

    @EJB
    PecLog log;

    @Inject
    PlatformSettings settings;

    // Plain objects taken once from the services and called directly inside the caller's transaction: no EJB call
    // per blob, recipient domain, deposit or registro entry (Registro, OurDomains, MailboxDeposits). Taken lazily: one thread per instance.
    private BlobStore blobs;
    private OurDomains domains;
    private Registro registro;
    private MailboxDeposits deposits;

    private BlobStore blobs() {
        if (blobs == null) {
            blobs = dispatcher.blobs();
        }
        return blobs;
    }

    private OurDomains domains() {
        if (domains == null) {
            domains = dispatcher.ourDomains();
        }
        return domains;
    }

    private MailboxDeposits deposits() {
        if (deposits == null) {
            deposits = store.deposits();
        }
        return deposits;
    }

    private Registro registro() {
        if (registro == null) {
            registro = log.registro();
        }
        return registro;
    }

    /**
     * Sends a notice we composed and signed: filed at once for recipients in our domains, queued for the relay
     * for the others (from our service mailbox, like {@link Dispatcher#dispatch}).
     *
     * @return the stored blob (its caller reference already released)
     */
    public BlobRef send(MimeMessage notice, PecMessageKind kind, List<String> recipients, Instant now)
            throws MessagingException {
        if (notice instanceof SpooledMimeMessage spooled) {
            return send(notice, spooled.bytes(), kind, recipients, now);
        }
        try (Spool bytes = Spool.create()) {
            try (OutputStream out = bytes.output()) {
                notice.writeTo(out);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return send(notice, bytes, kind, recipients, now);
        }
    }

    private BlobRef send(MimeMessage notice, Spool bytes, PecMessageKind kind, List<String> recipients, Instant now)
            throws MessagingException {
        BlobRef blob;
        try {
            blob = blobs().store(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        CallersReference callers = new CallersReference();
        try {
            List<String> local = new ArrayList<>();
            List<String> remote = new ArrayList<>();
            for (String rcpt : recipients) {
                (domains().contains(Dispatcher.domainOf(rcpt)) ? local : remote).add(rcpt);
            }
            if (!local.isEmpty()) {
                // what we composed we know: read back (and DTD-checked) only what came from elsewhere
                Optional<Daticert> composed = notice instanceof ComposedMessage c ? c.daticert() : Optional.empty();
                Daticert d = composed.or(() -> PecParts.daticert(notice).map(DaticertReader::read)
                                .flatMap(r -> r.daticert()))
                        .orElseThrow(() -> new IllegalStateException(
                                "a composed " + kind + " without a readable daticert"));
                Optional<Integer> holders = kind == PecMessageKind.TAKE_CHARGE ? keptWithTracking(local, blob, d, now)
                        : Optional.empty();
                if (holders.isEmpty()) {
                    // our reference goes to the first message filed (none filed: we still hold it)
                    file(local, blob, summary(bytes).withPecKind(kind.name()), kind, d, settings.providerName(), now,
                            callers);
                } else if (holders.get() > 0) {
                    // our reference becomes the first tracking row's; each further row takes one of its own
                    for (int i = 1; i < holders.get(); i++) {
                        blobs().retain(blob.id());
                    }
                    callers.handedOver = true;
                }
            }
            if (!remote.isEmpty()) {
                dispatcher.queue(blob, settings.serviceAddress(), remote, now);
            }
        } finally {
            if (!callers.handedOver) {
                blobs().release(blob.id());
            }
        }
        return blob;
    }

    /**
     * The presa in carico of one of our own transmissions (our reception point took in an envelope our access point
     * sent, so it is addressed to our own service mailbox): kept as evidence with the delivery state of the
     * recipients it covers (their tracking rows hold the stored signed bytes) and logged as received, instead of
     * deposited in the service mailbox's INBOX, whose folder row every reception would lock until its commit. The
     * receipt is "strictly intra-provider" and never shown to users (pec-spec §3 (e)). A presa in carico from
     * another provider, or one for a transmission not tracked here, is filed in the INBOX as before.
     *
     * @return how many tracking rows now name the blob (each needs a reference); empty if not kept (the caller
     *         files it)
     */
    private Optional<Integer> keptWithTracking(List<String> local, BlobRef blob, Daticert d, Instant now) {
        if (local.size() != 1 || !local.get(0).equalsIgnoreCase(settings.serviceAddress())) {
            return Optional.empty();
        }
        Optional<Integer> holders = tracking.takeChargeKept(d, blob.id(), now);
        if (holders.isEmpty()) {
            return Optional.empty();
        }
        TransactionFacts tx = TransactionFacts.of(d);
        registro().record(new LogEvent(LogEventType.RICEZIONE_RICEVUTA, now, tx.identifier(), tx.msgid(), tx.sender(),
                d.reception().isEmpty() ? tx.recipients().stream().map(Recipient::address).toList() : d.reception(),
                tx.subject(), List.of(), settings.providerName(),
                PecMessageKind.TAKE_CHARGE.name() + "; kept with the delivery state"
                        + (holders.get() == 0 ? " (already held)" : "")));
        return holders;
    }

    /**
     * A correct receipt or notice for some of our mailboxes: notes it against our transmission if it is about
     * one, deposits it in each recipient's INBOX (unknown or closed mailboxes are skipped) and logs the filing.
     *
     * @param provider the name of the provider that signed it
     */
    public void file(List<String> recipients, BlobRef blob, MessageSummary summary, PecMessageKind kind, Daticert d,
                     String provider, Instant now) throws MessagingException {
        file(recipients, blob, summary, kind, d, provider, now, null);
    }

    /**
     * The caller's blob reference, given to the first message filed with it (or to the first tracking row keeping a
     * presa in carico): the caller then neither takes one for it nor releases its own (two {@code ref_count} updates
     * fewer). Known even if a later step throws.
     */
    private static final class CallersReference {
        private boolean handedOver;

        BlobReference forNextMessage() {
            return handedOver ? BlobReference.NEW : BlobReference.CALLERS;
        }

        void filed(BlobReference used) {
            handedOver |= used == BlobReference.CALLERS;
        }
    }

    /** {@link #file}; the first message filed takes over {@code callers} when not null. */
    private void file(List<String> recipients, BlobRef blob, MessageSummary summary, PecMessageKind kind,
            Daticert d, String provider, Instant now, CallersReference callers) throws MessagingException {
        Optional<TrackingService.FollowUp> followUp = tracking.noticeReceived(kind, d, now);
        List<String> filed = new ArrayList<>();
        for (String rcpt : recipients) {
            BlobReference reference = callers == null ? BlobReference.NEW : callers.forNextMessage();
            if (deposit(rcpt, blob, summary, now, reference)) {
                filed.add(rcpt);
                if (callers != null) {
                    callers.filed(reference);
                }
            }
        }
        if (followUp.isPresent()) {
            send(followUp.get().notice(), followUp.get().kind(), followUp.get().recipients(), now);
        }
        TransactionFacts tx = TransactionFacts.of(d);
        registro().record(new LogEvent(LogEventType.RICEZIONE_RICEVUTA, now, tx.identifier(), tx.msgid(), tx.sender(),
                filed.isEmpty() ? tx.recipients().stream().map(Recipient::address).toList() : filed, tx.subject(),
                List.of(), provider,
                kind.name() + (filed.size() < recipients.size() ? "; not filed for unknown recipients" : "")));
    }

    /**
     * Deposits a message in a mailbox's INBOX if the mailbox exists and may receive (the delivery point's step for
     * receipts and anomaly envelopes alike).
     *
     * @return false if there is no such mailbox or it may not receive
     */
    public boolean deposit(String rcpt, BlobRef blob, MessageSummary summary, Instant now) {
        return deposit(rcpt, blob, summary, now, BlobReference.NEW);
    }

    /** {@link #deposit}; with {@link BlobReference#CALLERS} the caller's reference goes to the message if filed. */
    private boolean deposit(String rcpt, BlobRef blob, MessageSummary summary, Instant now, BlobReference reference) {
        try {
            return deposits().deliverIfReceiving(rcpt, INBOX, blob, summary, List.of(), now, reference).isPresent();
        } catch (MailboxNotFoundException e) {
            return false;
        }
    }

    /** The summary the mailbox lists, read from the header of the spooled message. */
    static MessageSummary summary(Spool raw) {
        try (InputStream in = raw.open()) {
            return MessageSummaryReader.read(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
