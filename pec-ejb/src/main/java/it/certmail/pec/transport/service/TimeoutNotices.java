package it.certmail.pec.transport.service;

import java.time.Clock;
import java.time.Duration;
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
import it.certmail.pec.receipts.domain.PecMessageKind;
import it.certmail.pec.receipts.domain.TimeoutStage;
import it.certmail.pec.receipts.domain.TransactionFacts;
import it.certmail.pec.transport.domain.DeliveryDeadlines;
import it.certmail.pec.transport.model.RecipientTracking;

/**
 * Avvisi di mancata consegna per superamento dei tempi massimi (RFC 6109 §3.1.6), the timeouts job's step: the
 * certified recipients of our transmissions whose 12 h or 24 h deadline has passed get their notice, once, sent
 * like every notice we issue ({@link NoticeFiling#send}).
 *
 * <p>A bad row never blocks the batch: each recipient's notice is read and composed (the part that fails on bad
 * data) before anything of it is written, and a failure there holds only that recipient, with its error and a
 * growing wait ({@link #heldDelay}), inside the same transaction; the others go on. A failure that spoils the
 * transaction itself (the database) rolls the batch back, and the job redoes it one recipient per transaction
 * ({@code OneByOneOnFailure}), holding the one that fails with {@link #holdTimeoutCheck}.
 */
@Stateless
public class TimeoutNotices {

    /** How many due recipients one run of the timeouts job handles at most (the next run takes the rest). */
    public static final int BATCH = 500;

    /** The first wait of a held recipient; it doubles with each failure in a row, up to {@link #MAX_HELD_DELAY}. */
    static final Duration FIRST_HELD_DELAY = Duration.ofMinutes(5);
    static final Duration MAX_HELD_DELAY = Duration.ofHours(1);

    private static final DeliveryDeadlines DEADLINES = DeliveryDeadlines.RFC_6109;

    @PersistenceContext(unitName = "pec")
    EntityManager em;

    @Inject
    NoticeFiling notices;

    @Inject
    PecComposers composers;

    @Inject
    PecLog log;

    @Inject
    PlatformSettings settings;

    @Inject
    Clock clock;

    /** The certified recipients whose next deadline check has come, oldest first: the timeouts job's next batch. */
    @TransactionAttribute(TransactionAttributeType.SUPPORTS)
    public List<Long> dueTimeoutChecks(int max) {
        return em.createNamedQuery(RecipientTracking.DUE, RecipientTracking.class)
                .setParameter("now", clock.instant()).setMaxResults(max).getResultStream()
                .map(RecipientTracking::getId).toList();
    }

    /** Recipients whose timeout notice failed and waits for another attempt: the operators' figure. */
    @TransactionAttribute(TransactionAttributeType.SUPPORTS)
    public long heldTimeoutNotices() {
        return em.createNamedQuery(RecipientTracking.HELD_NOTICES, Long.class).getSingleResult();
    }

    /** The recipients whose timeout notice is held, the next to be tried first (with their transmission). */
    @TransactionAttribute(TransactionAttributeType.SUPPORTS)
    public List<RecipientTracking> heldTimeoutNoticeList(int max) {
        return em.createNamedQuery(RecipientTracking.HELD_NOTICE_LIST, RecipientTracking.class).setMaxResults(max)
                .getResultList();
    }

    /**
     * An operator's "try again now" for a held timeout notice: the next run of the timeouts job takes it. False when
     * that recipient's notice is not held (any more).
     */
    public boolean retryHeldTimeoutNotice(long trackingId) {
        RecipientTracking r = em.find(RecipientTracking.class, trackingId, LockModeType.PESSIMISTIC_WRITE);
        return r != null && r.retryNoticeNow(clock.instant());
    }

    /**
     * Every one of these recipients whose deadline has passed gets its notice, once, and its next check, in one
     * transaction; one whose notice cannot be made is held with its error instead, and the others go on.
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
            Optional<TimeoutStage> stage = DEADLINES.due(TrackingService.tracking(r), now);
            if (stage.isPresent()) {
                Optional<Composed> composed = compose(r, stage.get(), now);
                if (composed.isEmpty()) {
                    continue;
                }
                send(r, stage.get(), composed.get(), now);
                sent++;
            }
            TrackingService.reschedule(r);
        }
        return sent;
    }

    /**
     * Holds a recipient whose notice failed in a transaction of its own (the job's last resort, after the batch
     * and then this recipient alone were rolled back): its error and a growing wait, never every run.
     */
    @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
    public void holdTimeoutCheck(long trackingId, String error) {
        RecipientTracking r = em.find(RecipientTracking.class, trackingId);
        if (r != null && r.getNextCheckAt() != null) {
            hold(r, error, clock.instant());
        }
    }

    /** How long a recipient whose notice failed {@code failures} times in a row waits before the next attempt. */
    static Duration heldDelay(int failures) {
        int doublings = Math.max(0, Math.min(failures - 1, 10));
        Duration d = FIRST_HELD_DELAY.multipliedBy(1L << doublings);
        return d.compareTo(MAX_HELD_DELAY) > 0 ? MAX_HELD_DELAY : d;
    }

    private record Composed(TransactionFacts tx, MimeMessage notice) {
    }

    /**
     * Reads the transmission's facts and composes and signs the notice: plain code that writes nothing and calls no
     * other bean, so a failure here leaves the transaction good for the other recipients. Empty when it failed
     * (the recipient is then held).
     */
    private Optional<Composed> compose(RecipientTracking r, TimeoutStage stage, Instant now) {
        try {
            TransactionFacts tx = TrackingService.factsOf(r.getTransmission());
            return Optional.of(new Composed(tx, composers.composer().deliveryTimeout(tx, r.getRecipient(), stage, now)));
        } catch (MessagingException | RuntimeException e) {
            hold(r, "cannot compose the " + stage + " notice for " + r.getRecipient() + ": " + e.getMessage(), now);
            return Optional.empty();
        }
    }

    private void send(RecipientTracking r, TimeoutStage stage, Composed c, Instant now) {
        try {
            notices.send(c.notice(), PecMessageKind.DELIVERY_TIMEOUT, List.of(c.tx().sender()), now);
            boolean warning = stage == TimeoutStage.WARNING_12_HOURS;
            if (warning) {
                r.warningSent();
            } else {
                r.finalSent();
            }
            r.noticeMade();
            TransactionFacts tx = c.tx();
            log.record(new LogEvent(warning ? LogEventType.MANCATA_CONSEGNA_12H : LogEventType.MANCATA_CONSEGNA_24H,
                    now, tx.identifier(), tx.msgid(), tx.sender(), List.of(r.getRecipient()), tx.subject(),
                    List.of(c.notice().getMessageID()), settings.providerName(), null));
        } catch (MessagingException e) {
            throw new IllegalStateException("cannot send the " + stage + " notice for " + r.getRecipient() + ": "
                    + e.getMessage(), e);
        }
    }

    private static void hold(RecipientTracking r, String error, Instant now) {
        r.noticeFailed(error, now.plus(heldDelay(r.getNoticeFailures() + 1)));
    }
}
