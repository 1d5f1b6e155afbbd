package it.certmail.pec.transport.service;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;

import it.certmail.pec.transport.domain.RetrySchedule;
import it.certmail.pec.transport.model.WorkItem;
import it.certmail.pec.transport.model.WorkQueue;
import it.certmail.pec.transport.model.WorkState;

/**
 * Claims due work items with a lease, and settles failed attempts: retry with backoff, or hold for an admin once
 * the item keeps failing. A node that dies leaves its leases to run out; another node then claims the items.
 */
@Stateless
@TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
public class WorkQueueService {

    /** Longer than any single attempt; after it, the item is someone else's to take. */
    static final Duration LEASE = Duration.ofMinutes(2);
    /** Reception attempts that fail this often are held: retrying will not help (a bug or a broken message). */
    static final int RECEPTION_ATTEMPTS_BEFORE_HOLD = 5;
    private static final List<Duration> RECEPTION_RETRY = List.of(Duration.ofSeconds(1), Duration.ofSeconds(5),
            Duration.ofSeconds(30), Duration.ofMinutes(2));

    @PersistenceContext(unitName = "pec")
    EntityManager em;

    @Inject
    Clock clock;

    private final RetrySchedule schedule = RetrySchedule.standard();

    /** Claims up to {@code max} due items of a queue for {@code owner}; returns the ids it got. */
    public List<Long> claim(WorkQueue queue, String owner, int max) {
        return claim(queue, owner, max, 1);
    }

    /**
     * Claims due items of a queue for {@code owner}, its fair share among {@code sharers} loops: at most
     * {@code max}, and no more than the due items divided among the loops (at least one). A loop that took ten
     * items while three others found none would make the tenth wait for the nine before it.
     */
    public List<Long> claim(WorkQueue queue, String owner, int max, int sharers) {
        Instant now = clock.instant();
        List<Long> due = em.createNamedQuery(WorkItem.DUE, Long.class).setParameter("queue", queue)
                .setParameter("now", now).setMaxResults(max * Math.max(2, sharers)).getResultList();
        int share = Math.max(1, Math.min(max, due.size() / Math.max(1, sharers)));
        List<Long> claimed = new ArrayList<>();
        for (Long id : due) {
            int updated = em.createQuery("UPDATE WorkItem w SET w.leaseOwner = :owner, w.leaseUntil = :until"
                            + " WHERE w.id = :id AND w.state = :queued AND (w.leaseUntil IS NULL OR w.leaseUntil < :now)")
                    .setParameter("owner", owner).setParameter("until", now.plus(LEASE)).setParameter("id", id)
                    .setParameter("queued", WorkState.QUEUED).setParameter("now", now).executeUpdate();
            if (updated == 1) {
                claimed.add(id);
                if (claimed.size() == share) {
                    break;
                }
            }
        }
        return claimed;
    }

    /** An attempt failed with an unexpected error: try again later, or hold the item once retrying is useless. */
    public void attemptFailed(long id, String owner, String error) {
        WorkItem item = em.find(WorkItem.class, id);
        if (item == null || item.getState() != WorkState.QUEUED || !owner.equals(item.getLeaseOwner())) {
            return;
        }
        Instant now = clock.instant();
        if (item.getQueue() == WorkQueue.RECEPTION) {
            int failures = item.getAttempts() + 1;
            if (failures >= RECEPTION_ATTEMPTS_BEFORE_HOLD) {
                item.hold(error);
            } else {
                // most reception failures are races (two receipts for one recipient at once): retry soon
                item.retryAt(now.plus(RECEPTION_RETRY.get(failures - 1)), error);
            }
        } else {
            item.retryAt(schedule.nextAttempt(item.getAttempts() + 1, now), error);
        }
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
