package it.certmail.pec.transport.service;

import java.time.Clock;
import java.time.Duration;
import java.util.List;

import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;

import it.certmail.pec.log.service.PecLog;
import it.certmail.pec.platform.service.PlatformSettings;
import it.certmail.pec.transport.core.DeliveryTimeouts;
import it.certmail.pec.transport.domain.DeliveryDeadlines;
import it.certmail.pec.transport.model.Delivery;

/**
 * The transaction shell of the 12 h and 24 h notices ({@link DeliveryTimeouts}, RFC 6109 §3.1.6), the timeouts
 * job's step: the certified recipients of our transmissions whose deadline has passed get their notice, once, sent
 * like every notice we issue ({@link NoticeFiling#send}); the adapter over the tracking rows is in
 * {@link TrackingPorts}.
 *
 * <p>A bad row never blocks the batch: a recipient whose notice cannot be made is held with its error and a growing
 * wait inside the same transaction; the others go on. A failure that spoils the transaction itself (the database)
 * rolls the batch back, and the job redoes it one recipient per transaction ({@code OneByOneOnFailure}), holding the
 * one that fails with {@link #holdTimeoutCheck}.
 */
@Stateless
public class TimeoutNotices {

    /** How many due recipients one run of the timeouts job handles at most (the next run takes the rest). */
    public static final int BATCH = 500;

    /** The first wait of a held recipient; it doubles with each failure in a row, up to {@link #MAX_HELD_DELAY}. */
    static final Duration FIRST_HELD_DELAY = DeliveryTimeouts.FIRST_HELD_DELAY;
    static final Duration MAX_HELD_DELAY = DeliveryTimeouts.MAX_HELD_DELAY;

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

    /** The core over this bean's collaborators; made per call, it holds nothing but them. */
    private DeliveryTimeouts timeouts() {
        return new DeliveryTimeouts(TrackingPorts.trackedRecipients(em), ReceptionPorts.notices(notices), log::record,
                composers::composer, ReceptionPorts.identity(settings), DeliveryDeadlines.RFC_6109);
    }

    /** The certified recipients whose next deadline check has come, oldest first: the timeouts job's next batch. */
    @TransactionAttribute(TransactionAttributeType.SUPPORTS)
    public List<Long> dueTimeoutChecks(int max) {
        return timeouts().due(max, clock.instant());
    }

    /** Recipients whose timeout notice failed and waits for another attempt: the operators' figure. */
    @TransactionAttribute(TransactionAttributeType.SUPPORTS)
    public long heldTimeoutNotices() {
        return em.createNamedQuery(Delivery.HELD_NOTICES, Long.class).getSingleResult();
    }

    /** The recipients whose timeout notice is held, the next to be tried first (with their transmission). */
    @TransactionAttribute(TransactionAttributeType.SUPPORTS)
    public List<Delivery> heldTimeoutNoticeList(int max) {
        return em.createNamedQuery(Delivery.HELD_NOTICE_LIST, Delivery.class).setMaxResults(max)
                .getResultList();
    }

    /**
     * An operator's "try again now" for a held timeout notice: the next run of the timeouts job takes it. False when
     * that recipient's notice is not held (any more).
     */
    public boolean retryHeldTimeoutNotice(long trackingId) {
        Delivery r = em.find(Delivery.class, trackingId, LockModeType.PESSIMISTIC_WRITE);
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
        return timeouts().send(trackingIds, clock.instant());
    }

    /**
     * Holds a recipient whose notice failed in a transaction of its own (the job's last resort, after the batch
     * and then this recipient alone were rolled back): its error and a growing wait, never every run.
     */
    @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
    public void holdTimeoutCheck(long trackingId, String error) {
        timeouts().hold(trackingId, error, clock.instant());
    }

    /** How long a recipient whose notice failed {@code failures} times in a row waits before the next attempt. */
    static Duration heldDelay(int failures) {
        return DeliveryTimeouts.heldDelay(failures);
    }
}
