package it.certmail.pec.transport.service;

import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import jakarta.annotation.Resource;
import jakarta.ejb.EJB;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.TransactionSynchronizationRegistry;

import it.certmail.pec.log.domain.LogEvent;
import it.certmail.pec.log.model.LogEventType;
import it.certmail.pec.log.service.PecLog;
import it.certmail.pec.platform.service.PlatformSettings;
import it.certmail.pec.receipts.domain.Daticert;
import it.certmail.pec.receipts.domain.DaticertReader;
import it.certmail.pec.receipts.domain.PecMessageKind;
import it.certmail.pec.receipts.domain.TransactionFacts;
import it.certmail.pec.transport.domain.DeliveryDeadlines;
import it.certmail.pec.transport.model.Delivery;
import it.certmail.pec.transport.model.Transmission;

/**
 * What came back for each recipient of our own transmissions; when nothing did, {@link TimeoutNotices} sends the
 * avvisi di mancata consegna per superamento dei tempi massimi (RFC 6109 §3.1.6). State lives in
 * {@link Delivery} rows, so a restart changes nothing.
 */
@Stateless
public class TrackingService {

    @PersistenceContext(unitName = "pec")
    EntityManager em;

    @Inject
    PecComposers composers;

    @EJB
    PecLog log;

    @Inject
    PlatformSettings settings;

    /** Holds the rows locked in the current transaction; null outside the container (plain tests): no memory. */
    @Resource
    TransactionSynchronizationRegistry transactions;

    private static final DeliveryDeadlines DEADLINES = DeliveryDeadlines.RFC_6109;

    /**
     * Locks the tracking rows of one of our transmissions, if it is ours, for the caller's transaction. Whoever files
     * a receipt or delivers an envelope of that transmission calls this before touching any mailbox folder, so the
     * locks are always taken in one order: tracking rows (by id), then folders.
     */
    @TransactionAttribute(TransactionAttributeType.MANDATORY)
    public void lockTransmission(String pecMsgid) {
        lockedRows(pecMsgid);
    }

    /**
     * The tracking rows of a transmission under a write lock, read once per transaction: the lock holds until
     * commit, so whoever asks again in the same transaction (the presa in carico kept, the consegna filed after
     * {@link #lockTransmission}) gets the rows already locked and managed, without another SELECT ... FOR UPDATE.
     * Rows no longer managed (the persistence context cleared) are read again.
     */
    private List<Delivery> lockedRows(String pecMsgid) {
        Object key = transactions == null ? null : new LockedRowsKey(pecMsgid);
        if (key != null && transactions.getResource(key) instanceof List<?> kept
                && kept.stream().allMatch(em::contains)) {
            @SuppressWarnings("unchecked")
            List<Delivery> rows = (List<Delivery>) kept;
            return rows;
        }
        // the lock is built into the named query: set per call, it had EclipseLink prepare the SQL again every time
        List<Delivery> rows = em.createNamedQuery(Delivery.OF_TRANSMISSION_LOCKED, Delivery.class)
                .setParameter("msgid", pecMsgid).getResultList();
        if (key != null) {
            transactions.putResource(key, List.copyOf(rows));
        }
        return rows;
    }

    /** The key of a transmission's locked rows among the current transaction's resources. */
    private record LockedRowsKey(String pecMsgid) {
    }

    /** The receipts {@link #noticeReceived} notes against the tracking rows; the others it ignores. */
    private static final Set<PecMessageKind> CHANGES_TRACKING = EnumSet.of(PecMessageKind.TAKE_CHARGE,
            PecMessageKind.DELIVERY, PecMessageKind.DELIVERY_FAILURE, PecMessageKind.DELIVERY_FAILURE_VIRUS,
            PecMessageKind.VIRUS_DETECTION);

    /** A notice this provider issues in turn, for its caller to send ({@link NoticeFiling#send}). */
    public record FollowUp(MimeMessage notice, PecMessageKind kind, List<String> recipients) {
    }

    /**
     * Notes a receipt about one of our transmissions (joins the caller's transaction). A rilevazione virus from the
     * recipient's provider turns into the avviso di mancata consegna per virus for our user (RFC 6109 §3.2.4),
     * returned for the caller to send: every notice we issue takes the one route of {@link NoticeFiling#send}.
     */
    @TransactionAttribute(TransactionAttributeType.MANDATORY)
    public Optional<FollowUp> noticeReceived(PecMessageKind kind, Daticert d, Instant now) throws MessagingException {
        if (!CHANGES_TRACKING.contains(kind)) {
            // the ricevuta di accettazione and the rest change no row: nothing to read or lock
            return Optional.empty();
        }
        // the presa in carico and the consegna of one transmission often arrive together: the second waits for the
        // first instead of failing on the row version and going round the retry loop (held after 5 failures)
        List<Delivery> rows = lockedRows(d.identifier());
        if (rows.isEmpty()) {
            return Optional.empty();
        }
        Optional<FollowUp> followUp = Optional.empty();
        switch (kind) {
            case TAKE_CHARGE -> rows.stream().filter(r -> d.reception().stream().anyMatch(r.getRecipient()::equalsIgnoreCase))
                    .forEach(r -> r.takenCharge(now));
            case DELIVERY -> rowFor(rows, d.delivery()).ifPresent(r -> r.delivered(now));
            case DELIVERY_FAILURE, DELIVERY_FAILURE_VIRUS -> rowFor(rows, d.delivery()).ifPresent(r -> r.failed(now));
            case VIRUS_DETECTION -> {
                Optional<Delivery> row = rowFor(rows, d.delivery());
                if (row.isPresent() && row.get().getFailedAt() == null) {
                    row.get().failed(now);
                    TransactionFacts tx = factsOf(row.get().getTransmission());
                    String virus = d.extendedError() == null ? "virus" : d.extendedError();
                    MimeMessage notice = composers.composer().deliveryFailureVirus(tx, row.get().getRecipient(), virus, now);
                    followUp = Optional.of(new FollowUp(notice, PecMessageKind.DELIVERY_FAILURE_VIRUS,
                            List.of(tx.sender())));
                    log.record(event(LogEventType.MANCATA_CONSEGNA_VIRUS, now, tx, row.get().getRecipient(),
                            notice.getMessageID(), virus));
                }
            }
            default -> {
                return Optional.empty();
            }
        }
        rows.forEach(TrackingService::reschedule);
        return followUp;
    }

    /**
     * Keeps the presa in carico our own reception point issued for one of our own transmissions with the tracking
     * rows it covers (joins the caller's transaction): their taken-charge time, as {@link #noticeReceived} notes
     * it, and the stored signed receipt, one blob reference per row that did not hold one yet.
     *
     * @return how many rows took the blob (each needs one reference); empty when the transmission is not tracked
     */
    @TransactionAttribute(TransactionAttributeType.MANDATORY)
    public Optional<Integer> takeChargeKept(Daticert d, long blobId, Instant now) {
        List<Delivery> rows = lockedRows(d.identifier());
        if (rows.isEmpty()) {
            return Optional.empty();
        }
        int holders = 0;
        for (Delivery r : rows) {
            if (d.reception().stream().anyMatch(r.getRecipient()::equalsIgnoreCase) && r.takenChargeKept(now, blobId)) {
                holders++;
            }
        }
        rows.forEach(TrackingService::reschedule);
        return Optional.of(holders);
    }

    static void reschedule(Delivery r) {
        r.nextCheckAt(r.isCertified() ? DEADLINES.nextCheck(tracking(r)).orElse(null) : null);
    }

    static DeliveryDeadlines.Tracking tracking(Delivery r) {
        return new DeliveryDeadlines.Tracking(r.getDispatchedAt(), r.getTakenChargeAt(), r.getDeliveredAt(),
                r.isWarningSent(), r.isFinalSent() || r.getFailedAt() != null);
    }

    private static Optional<Delivery> rowFor(List<Delivery> rows, String recipient) {
        return recipient == null ? Optional.empty()
                : rows.stream().filter(r -> r.getRecipient().equalsIgnoreCase(recipient)).findFirst();
    }

    static TransactionFacts factsOf(Transmission t) {
        Daticert d = DaticertReader.read(t.getDaticert()).daticert()
                .orElseThrow(() -> new IllegalStateException("unreadable daticert of transmission " + t.getPecMsgid()));
        return TransactionFacts.of(d);
    }

    private LogEvent event(LogEventType type, Instant now, TransactionFacts tx, String recipient, String generated,
                           String detail) {
        return new LogEvent(type, now, tx.identifier(), tx.msgid(), tx.sender(), List.of(recipient), tx.subject(),
                List.of(generated), settings.providerName(), detail);
    }
}
