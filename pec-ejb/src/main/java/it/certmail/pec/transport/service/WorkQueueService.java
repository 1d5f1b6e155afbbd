package it.certmail.pec.transport.service;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;

import it.certmail.pec.transport.infra.JpaWorkQueue;
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

    /** Queued (pending) items, oldest first, at most {@code limit}: for the console's queue page. */
    @TransactionAttribute(TransactionAttributeType.SUPPORTS)
    public List<WorkItem> pending(int limit) {
        return em.createQuery("SELECT w FROM WorkItem w WHERE w.state = :state ORDER BY w.createdAt, w.id",
                        WorkItem.class)
                .setParameter("state", WorkState.QUEUED).setMaxResults(Math.max(1, Math.min(limit, 500)))
                .getResultList();
    }

    /**
     * The queue's figures for the dashboard and the metrics, in a few queries over the (queue, state, ...)
     * index: pending items and the oldest one's creation per queue, held items, and the relay items that have
     * failed at least once per destination (with their failed attempts).
     */
    @TransactionAttribute(TransactionAttributeType.SUPPORTS)
    public QueueFigures figures() {
        java.util.Map<WorkQueue, QueueFigures.Pending> pending = new java.util.EnumMap<>(WorkQueue.class);
        for (WorkQueue q : WorkQueue.values()) {
            pending.put(q, new QueueFigures.Pending(0, null));
        }
        em.createQuery("SELECT w.queue, COUNT(w) FROM WorkItem w WHERE w.state = :state GROUP BY w.queue",
                        Object[].class)
                .setParameter("state", WorkState.QUEUED).getResultList()
                .forEach(r -> pending.put((WorkQueue) r[0], new QueueFigures.Pending(((Number) r[1]).longValue(), null)));
        for (WorkQueue q : WorkQueue.values()) {
            if (pending.get(q).count() > 0) {
                // not MIN(createdAt): PostgreSQL answers an aggregate as a Timestamp the Instant converter refuses
                Instant oldest = em.createQuery("SELECT w.createdAt FROM WorkItem w WHERE w.queue = :queue"
                                + " AND w.state = :state ORDER BY w.createdAt", Instant.class)
                        .setParameter("queue", q).setParameter("state", WorkState.QUEUED).setMaxResults(1)
                        .getResultStream().findFirst().orElse(null);
                pending.put(q, new QueueFigures.Pending(pending.get(q).count(), oldest));
            }
        }
        long held = em.createQuery("SELECT COUNT(w) FROM WorkItem w WHERE w.state = :state", Long.class)
                .setParameter("state", WorkState.HELD).getSingleResult();
        java.util.Map<String, long[]> retrying = new java.util.TreeMap<>();
        em.createQuery("SELECT w.target, COUNT(w), SUM(w.attempts) FROM WorkItem w WHERE w.queue = :queue"
                        + " AND w.state = :state AND w.attempts > 0 GROUP BY w.target", Object[].class)
                .setParameter("queue", WorkQueue.RELAY).setParameter("state", WorkState.QUEUED).getResultList()
                .forEach(r -> retrying.put((String) r[0],
                        new long[] {((Number) r[1]).longValue(), ((Number) r[2]).longValue()}));
        return new QueueFigures(pending, held, retrying.entrySet().stream()
                .map(e -> new QueueFigures.RetryingPeer(e.getKey(), e.getValue()[0], e.getValue()[1])).toList());
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
