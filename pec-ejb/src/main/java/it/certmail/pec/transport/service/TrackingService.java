package it.certmail.pec.transport.service;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;

import it.certmail.pec.log.domain.LogEvent;
import it.certmail.pec.log.model.LogEventType;
import it.certmail.pec.log.service.PecLog;
import it.certmail.pec.platform.service.PlatformSettings;
import it.certmail.pec.receipts.domain.Daticert;
import it.certmail.pec.receipts.domain.DaticertReader;
import it.certmail.pec.receipts.domain.PecMessageKind;
import it.certmail.pec.receipts.domain.TimeoutStage;
import it.certmail.pec.receipts.domain.TransactionFacts;
import it.certmail.pec.transport.domain.DeliveryDeadlines;
import it.certmail.pec.transport.model.RecipientTracking;
import it.certmail.pec.transport.model.Transmission;

/**
 * What came back for each recipient of our own transmissions, and the avvisi di mancata consegna per superamento
 * dei tempi massimi (RFC 6109 §3.1.6) when nothing did. State lives in {@link RecipientTracking} rows, so a
 * restart changes nothing.
 */
@Stateless
public class TrackingService {

    /** How many due recipients one run of the timeouts job handles at most (the next run takes the rest). */
    public static final int BATCH = 500;

    /** How long a recipient whose timeout notice failed waits before the job tries it again. */
    static final java.time.Duration HELD_CHECK_DELAY = java.time.Duration.ofHours(1);

    @PersistenceContext(unitName = "pec")
    EntityManager em;

    @Inject
    Dispatcher dispatcher;

    @Inject
    PecComposers composers;

    @Inject
    PecLog log;

    @Inject
    PlatformSettings settings;

    @Inject
    Clock clock;

    private final DeliveryDeadlines deadlines = DeliveryDeadlines.RFC_6109;

    /**
     * Locks the tracking rows of one of our transmissions, if it is ours, for the caller's transaction. Whoever files
     * a receipt or delivers an envelope of that transmission calls this before touching any mailbox folder, so the
     * locks are always taken in one order: tracking rows (by id), then folders.
     */
    @TransactionAttribute(TransactionAttributeType.MANDATORY)
    public void lockTransmission(String pecMsgid) {
        lockedRows(pecMsgid);
    }

    private List<RecipientTracking> lockedRows(String pecMsgid) {
        return em.createNamedQuery(RecipientTracking.OF_TRANSMISSION, RecipientTracking.class)
                .setParameter("msgid", pecMsgid).setLockMode(LockModeType.PESSIMISTIC_WRITE).getResultList();
    }

    /**
     * Notes a receipt about one of our transmissions (joins the caller's transaction). A rilevazione virus from the
     * recipient's provider turns into the avviso di mancata consegna per virus for our user (RFC 6109 §3.2.4).
     */
    @TransactionAttribute(TransactionAttributeType.MANDATORY)
    public void noticeReceived(PecMessageKind kind, Daticert d, Instant now) throws MessagingException {
        // the presa in carico and the consegna of one transmission often arrive together: the second waits for the
        // first instead of failing on the row version and going round the retry loop (held after 5 failures)
        List<RecipientTracking> rows = lockedRows(d.identifier());
        if (rows.isEmpty()) {
            return;
        }
        switch (kind) {
            case TAKE_CHARGE -> rows.stream().filter(r -> d.reception().stream().anyMatch(r.getRecipient()::equalsIgnoreCase))
                    .forEach(r -> r.takenCharge(now));
            case DELIVERY -> rowFor(rows, d.delivery()).ifPresent(r -> r.delivered(now));
            case DELIVERY_FAILURE, DELIVERY_FAILURE_VIRUS -> rowFor(rows, d.delivery()).ifPresent(r -> r.failed(now));
            case VIRUS_DETECTION -> {
                Optional<RecipientTracking> row = rowFor(rows, d.delivery());
                if (row.isPresent() && row.get().getFailedAt() == null) {
                    row.get().failed(now);
                    TransactionFacts tx = factsOf(row.get().getTransmission());
                    String virus = d.extendedError() == null ? "virus" : d.extendedError();
                    MimeMessage notice = composers.composer().deliveryFailureVirus(tx, row.get().getRecipient(), virus, now);
                    dispatcher.dispatch(notice, settings.serviceAddress(), List.of(tx.sender()), now);
                    log.record(event(LogEventType.MANCATA_CONSEGNA_VIRUS, now, tx, row.get().getRecipient(),
                            notice.getMessageID(), virus));
                }
            }
            default -> {
                return;
            }
        }
        rows.forEach(this::reschedule);
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
        List<RecipientTracking> rows = lockedRows(d.identifier());
        if (rows.isEmpty()) {
            return Optional.empty();
        }
        int holders = 0;
        for (RecipientTracking r : rows) {
            if (d.reception().stream().anyMatch(r.getRecipient()::equalsIgnoreCase) && r.takenChargeKept(now, blobId)) {
                holders++;
            }
        }
        rows.forEach(this::reschedule);
        return Optional.of(holders);
    }

    /** The certified recipients whose next deadline check has come, oldest first: the timeouts job's next batch. */
    @TransactionAttribute(TransactionAttributeType.SUPPORTS)
    public List<Long> dueTimeoutChecks(int max) {
        return em.createNamedQuery(RecipientTracking.DUE, RecipientTracking.class)
                .setParameter("now", clock.instant()).setMaxResults(max).getResultStream()
                .map(RecipientTracking::getId).toList();
    }

    /**
     * The timeouts job's step: every one of these recipients whose deadline has passed gets its notice, once, and
     * its next check; all in one transaction of its own, committed whole or not at all (the job then redoes the
     * batch one recipient at a time, so one broken row costs only itself).
     *
     * @return how many notices were sent
     */
    @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
    public int sendTimeoutNotices(List<Long> trackingIds) {
        Instant now = clock.instant();
        int sent = 0;
        for (Long id : trackingIds) {
            RecipientTracking r = em.find(RecipientTracking.class, id);
            // gone, or already rescheduled by a receipt or another run: nothing due
            if (r == null || r.getNextCheckAt() == null || r.getNextCheckAt().isAfter(now)) {
                continue;
            }
            Optional<TimeoutStage> stage = deadlines.due(tracking(r), now);
            if (stage.isPresent()) {
                sendTimeoutNotice(r, stage.get(), now);
                sent++;
            }
            reschedule(r);
        }
        return sent;
    }

    /** A recipient whose notice cannot be composed waits an hour (the job's report says why) instead of every run. */
    @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
    public void holdTimeoutCheck(long trackingId) {
        RecipientTracking r = em.find(RecipientTracking.class, trackingId);
        if (r != null && r.getNextCheckAt() != null) {
            r.nextCheckAt(clock.instant().plus(HELD_CHECK_DELAY));
        }
    }

    private void sendTimeoutNotice(RecipientTracking r, TimeoutStage stage, Instant now) {
        TransactionFacts tx = factsOf(r.getTransmission());
        try {
            MimeMessage notice = composers.composer().deliveryTimeout(tx, r.getRecipient(), stage, now);
            dispatcher.dispatch(notice, settings.serviceAddress(), List.of(tx.sender()), now);
            boolean warning = stage == TimeoutStage.WARNING_12_HOURS;
            if (warning) {
                r.warningSent();
            } else {
                r.finalSent();
            }
            log.record(event(warning ? LogEventType.MANCATA_CONSEGNA_12H : LogEventType.MANCATA_CONSEGNA_24H, now,
                    tx, r.getRecipient(), notice.getMessageID(), null));
        } catch (MessagingException e) {
            throw new IllegalStateException("cannot compose the " + stage + " notice for " + r.getRecipient() + ": "
                    + e.getMessage(), e);
        }
    }

    private void reschedule(RecipientTracking r) {
        r.nextCheckAt(r.isCertified() ? deadlines.nextCheck(tracking(r)).orElse(null) : null);
    }

    private static DeliveryDeadlines.Tracking tracking(RecipientTracking r) {
        return new DeliveryDeadlines.Tracking(r.getDispatchedAt(), r.getTakenChargeAt(), r.getDeliveredAt(),
                r.isWarningSent(), r.isFinalSent() || r.getFailedAt() != null);
    }

    private static Optional<RecipientTracking> rowFor(List<RecipientTracking> rows, String recipient) {
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
