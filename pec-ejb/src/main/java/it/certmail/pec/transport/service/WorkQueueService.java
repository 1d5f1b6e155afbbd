package it.certmail.pec.transport.service;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import jakarta.ejb.EJB;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.persistence.TypedQuery;

import it.certmail.pec.transport.infra.JpaWorkQueue;
import it.certmail.pec.transport.model.Delivery;
import it.certmail.pec.transport.model.DeliveryStatus;
import it.certmail.pec.transport.model.WorkItem;
import it.certmail.pec.transport.model.WorkQueue;
import it.certmail.pec.transport.queue.WorkRetries;
import it.certmail.pec.transport.model.WorkState;

/**
 * Claims due work items with a lease, and settles failed attempts: retry with backoff, or hold for an admin once
 * the item keeps failing. A node that dies leaves its leases to run out; another node then claims the items.
 */
@Stateless
@TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
public class WorkQueueService {

    /** Longer than any single attempt; after it, the item is someone else's to take. */
    static final Duration LEASE = it.certmail.pec.transport.queue.WorkQueue.LEASE;

    @PersistenceContext(unitName = "pec")
    EntityManager em;

    @Inject
    Clock clock;

    @EJB
    Dispatcher dispatcher;

    private JpaWorkQueue queue() {
        return new JpaWorkQueue(em, WorkRetries.standard());
    }

    /** Claims up to {@code max} due items of a queue for {@code owner}; returns the ids it got. */
    public List<Long> claim(WorkQueue queue, String owner, int max) {
        return claim(queue, owner, max, 1);
    }

    /**
     * Claims due items of a queue for {@code owner}, its fair share among {@code sharers} loops (see
     * {@link JpaWorkQueue#claim(WorkQueue, String, int, int, Instant)}).
     */
    public List<Long> claim(WorkQueue queue, String owner, int max, int sharers) {
        return queue().claim(queue, owner, max, sharers, clock.instant());
    }

    /** An attempt failed with an unexpected error: try again later, or hold the item once retrying is useless. */
    public void attemptFailed(long id, String owner, String error) {
        queue().fail(id, owner, error, clock.instant());
    }

    /** Queued (pending) work items (the reception's), oldest first, at most {@code limit}: the console's queue page. */
    @TransactionAttribute(TransactionAttributeType.SUPPORTS)
    public List<WorkItem> pending(int limit) {
        return em.createQuery("SELECT w FROM WorkItem w WHERE w.state = :state ORDER BY w.createdAt, w.id",
                        WorkItem.class)
                .setParameter("state", WorkState.QUEUED).setMaxResults(Math.max(1, Math.min(limit, 500)))
                .getResultList();
    }

    /**
     * The queues' figures for the dashboard and the metrics, in a few queries over their indexes: pending work and
     * the oldest one's creation per queue (the reception's work items; the relay's delivery rows, one per
     * recipient), held work of both, and per relay destination the recipients still being retried after a failure
     * with their failed attempts.
     */
    @TransactionAttribute(TransactionAttributeType.SUPPORTS)
    public QueueFigures figures() {
        java.util.Map<WorkQueue, QueueFigures.Pending> pending = new java.util.EnumMap<>(WorkQueue.class);
        pending.put(WorkQueue.RECEPTION, pending("SELECT COUNT(w) FROM WorkItem w WHERE w.queue = :queue"
                + " AND w.state = :state", "SELECT w.createdAt FROM WorkItem w WHERE w.queue = :queue"
                + " AND w.state = :state ORDER BY w.createdAt", java.util.Map.of("queue", WorkQueue.RECEPTION,
                "state", WorkState.QUEUED)));
        pending.put(WorkQueue.RELAY, pending("SELECT COUNT(d) FROM Delivery d WHERE d.status = :queued",
                "SELECT d.dispatchedAt FROM Delivery d WHERE d.status = :queued ORDER BY d.dispatchedAt",
                java.util.Map.of("queued", DeliveryStatus.QUEUED)));
        long held = em.createQuery("SELECT COUNT(w) FROM WorkItem w WHERE w.state = :state", Long.class)
                .setParameter("state", WorkState.HELD).getSingleResult()
                + em.createQuery("SELECT COUNT(d) FROM Delivery d WHERE d.status = :held", Long.class)
                .setParameter("held", DeliveryStatus.HELD).getSingleResult();
        java.util.Map<String, long[]> retrying = new java.util.TreeMap<>();
        em.createQuery("SELECT d.domain, COUNT(d), SUM(d.attempts) FROM Delivery d WHERE d.status = :queued"
                        + " AND d.attempts > 0 GROUP BY d.domain", Object[].class)
                .setParameter("queued", DeliveryStatus.QUEUED).getResultList()
                .forEach(r -> retrying.put((String) r[0],
                        new long[] {((Number) r[1]).longValue(), ((Number) r[2]).longValue()}));
        return new QueueFigures(pending, held, retrying.entrySet().stream()
                .map(e -> new QueueFigures.RetryingPeer(e.getKey(), e.getValue()[0], e.getValue()[1])).toList());
    }

    /**
     * How much one queue holds and since when: a count, then the oldest one's time only when there is any (not
     * MIN(...): PostgreSQL answers an aggregate as a Timestamp the Instant converter refuses).
     */
    private QueueFigures.Pending pending(String count, String oldestFirst, java.util.Map<String, Object> parameters) {
        TypedQuery<Long> counting = em.createQuery(count, Long.class);
        parameters.forEach(counting::setParameter);
        long n = counting.getSingleResult();
        if (n == 0) {
            return new QueueFigures.Pending(0, null);
        }
        TypedQuery<Instant> oldest = em.createQuery(oldestFirst, Instant.class).setMaxResults(1);
        parameters.forEach(oldest::setParameter);
        return new QueueFigures.Pending(n, oldest.getResultStream().findFirst().orElse(null));
    }

    /** The recipients waiting for the relay, the next due first, at most {@code limit}: the console's queue page. */
    @TransactionAttribute(TransactionAttributeType.SUPPORTS)
    public List<Delivery> relayPending(int limit) {
        return em.createQuery("SELECT d FROM Delivery d WHERE d.status = :queued ORDER BY d.nextAttemptAt, d.id",
                        Delivery.class)
                .setParameter("queued", DeliveryStatus.QUEUED).setMaxResults(Math.max(1, Math.min(limit, 500)))
                .getResultList();
    }

    /** The relay's held recipients, for the operators. */
    @TransactionAttribute(TransactionAttributeType.SUPPORTS)
    public List<Delivery> relayHeld() {
        return em.createQuery("SELECT d FROM Delivery d WHERE d.status = :held ORDER BY d.id", Delivery.class)
                .setParameter("held", DeliveryStatus.HELD).getResultList();
    }

    /** An operator sends a held recipient back to the relay, due at once. False when it is not held (any more). */
    public boolean requeueDelivery(long id) {
        Delivery d = em.find(Delivery.class, id, jakarta.persistence.LockModeType.PESSIMISTIC_WRITE);
        return d != null && d.requeue(clock.instant());
    }

    /**
     * Relay work items left pending (queued or held) by a release before the delivery rows (ADR 0003) become the
     * rows of their recipients, with their attempts, next attempt, 24 h limit and error: a recipient of our own
     * transmission takes its existing row, the others get one without a transmission. The item's one blob reference
     * goes to the first row, each further row takes its own; the item ends DONE. Once, at start-up, before the
     * relay loops run; nothing to do on a database that never had such items.
     *
     * @return how many items moved
     */
    public int moveRelayWorkToDeliveries() {
        List<WorkItem> items = em.createQuery("SELECT w FROM WorkItem w WHERE w.queue = :relay"
                        + " AND (w.state = :queued OR w.state = :held) ORDER BY w.id", WorkItem.class)
                .setParameter("relay", WorkQueue.RELAY).setParameter("queued", WorkState.QUEUED)
                .setParameter("held", WorkState.HELD).getResultList();
        for (WorkItem item : items) {
            java.util.Map<String, Delivery> tracked = new java.util.HashMap<>();
            em.createQuery("SELECT d FROM Delivery d WHERE d.transmission.envelopeBlob = :blob", Delivery.class)
                    .setParameter("blob", item.getBlobId()).getResultList()
                    .forEach(d -> tracked.put(d.getRecipient().toLowerCase(java.util.Locale.ROOT), d));
            boolean first = true;
            for (String rcpt : item.getRecipients()) {
                Delivery row = tracked.get(rcpt.toLowerCase(java.util.Locale.ROOT));
                if (row == null) {
                    row = Delivery.queued(null, rcpt, false, item.getCreatedAt(), null, item.getTarget(),
                            item.getBlobId(), item.getMailFrom(), item.getExpiresAt());
                    em.persist(row);
                }
                row.movedFromWork(item.getTarget(), item.getBlobId(), item.getMailFrom(), item.getAttempts(),
                        item.getNextAttemptAt(), item.getExpiresAt(), item.getLastError(),
                        item.getState() == WorkState.HELD);
                if (!first) {
                    dispatcher.blobs().retain(item.getBlobId());
                }
                first = false;
            }
            if (first) {
                dispatcher.blobs().release(item.getBlobId()); // no recipient: nobody takes its reference
            }
            item.done();
        }
        return items.size();
    }

    /** Held items, for the admin console. */
    public List<WorkItem> held() {
        return em.createNamedQuery(WorkItem.BY_STATE, WorkItem.class).setParameter("state", WorkState.HELD)
                .getResultList();
    }

    /** An admin sends a held item back to its queue. */
    public boolean requeue(long id) {
        WorkItem item = em.find(WorkItem.class, id);
        if (item == null || item.getState() != WorkState.HELD) {
            return false;
        }
        item.requeue(clock.instant());
        return true;
    }
}
