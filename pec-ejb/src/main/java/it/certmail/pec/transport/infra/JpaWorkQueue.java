package it.certmail.pec.transport.infra;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

import jakarta.persistence.EntityManager;

import it.certmail.pec.transport.model.WorkItem;
import it.certmail.pec.transport.model.WorkState;
import it.certmail.pec.transport.queue.WorkQueue;
import it.certmail.pec.transport.queue.WorkRetries;

/**
 * The work queue on the database ({@code work_item}), in the caller's transaction: a claim is a conditional
 * UPDATE per due row, so two nodes never lease one item; the settling methods change the row through
 * {@link WorkItem}'s own transitions.
 */
public final class JpaWorkQueue implements WorkQueue {

    private final EntityManager em;
    private final WorkRetries retries;

    public JpaWorkQueue(EntityManager em, WorkRetries retries) {
        this.em = Objects.requireNonNull(em, "em");
        this.retries = Objects.requireNonNull(retries, "retries");
    }

    @Override
    public long enqueue(NewWork w, Instant now) {
        WorkItem item = new WorkItem(w.queue(), w.blobId(), w.mailFrom(), w.recipients(), w.target(), w.tls(), now,
                w.expiresAt());
        em.persist(item);
        em.flush();
        return item.getId();
    }

    @Override
    public List<Long> claim(it.certmail.pec.transport.model.WorkQueue queue, String owner, int max, Instant now) {
        return claim(queue, owner, max, 1, now);
    }

    /**
     * As {@link #claim(it.certmail.pec.transport.model.WorkQueue, String, int, Instant)}, taking no more than a fair
     * share among {@code sharers} loops: the due items divided among them (at least one). A loop that took ten
     * items while three others found none would make the tenth wait for the nine before it.
     */
    public List<Long> claim(it.certmail.pec.transport.model.WorkQueue queue, String owner, int max, int sharers,
            Instant now) {
        if (max < 1) {
            return List.of();
        }
        List<Long> due = em.createNamedQuery(WorkItem.DUE, Long.class).setParameter("queue", queue)
                .setParameter("now", now).setMaxResults(max * Math.max(2, sharers)).getResultList();
        int share = Math.max(1, Math.min(max, due.size() / Math.max(1, sharers)));
        List<Long> claimed = new ArrayList<>();
        for (Long id : due) {
            // the version moves with the lease: a loop still working on an item whose lease ran out and was taken
            // by another node can no longer complete it (its optimistic update fails and its effects roll back)
            int updated = em.createQuery("UPDATE WorkItem w SET w.leaseOwner = :owner, w.leaseUntil = :until,"
                            + " w.version = w.version + 1 WHERE w.id = :id AND w.state = :queued AND (w.leaseUntil IS NULL OR w.leaseUntil < :now)")
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

    @Override
    public boolean complete(long id, String owner) {
        Optional<WorkItem> item = leasedTo(id, owner);
        item.ifPresent(WorkItem::done);
        return item.isPresent();
    }

    @Override
    public boolean fail(long id, String owner, String error, Instant now) {
        Optional<WorkItem> leased = leasedTo(id, owner);
        leased.ifPresent(item -> retries.nextAttempt(item.getQueue(), item.getAttempts() + 1, now).ifPresentOrElse(
                next -> item.retryAt(next, error), () -> item.hold(error)));
        return leased.isPresent();
    }

    @Override
    public boolean retry(long id, String owner, List<String> remaining, Instant at, String error) {
        Optional<WorkItem> leased = leasedTo(id, owner);
        leased.ifPresent(item -> {
            item.narrowTo(remaining);
            item.retryAt(at, error);
        });
        return leased.isPresent();
    }

    @Override
    public boolean giveUp(long id, String owner, String error) {
        Optional<WorkItem> leased = leasedTo(id, owner);
        leased.ifPresent(item -> item.fail(error));
        return leased.isPresent();
    }

    @Override
    public boolean hold(long id, String owner, String reason) {
        Optional<WorkItem> item = leasedTo(id, owner);
        item.ifPresent(w -> w.hold(reason));
        return item.isPresent();
    }

    @Override
    public Optional<Work> find(long id) {
        return Optional.ofNullable(em.find(WorkItem.class, id)).map(w -> new Work(w.getId(), w.getQueue(),
                w.getState(), w.getBlobId(), w.getMailFrom(), w.getRecipients(), w.getTarget(), w.getAttempts(),
                w.getNextAttemptAt(), w.getLeaseOwner(), w.getLeaseUntil(), w.getLastError(), w.getCreatedAt()));
    }

    private Optional<WorkItem> leasedTo(long id, String owner) {
        // the claim's bulk UPDATE bypassed the persistence context: read the row as it is
        WorkItem item = em.find(WorkItem.class, id);
        if (item != null) {
            em.refresh(item);
        }
        return Optional.ofNullable(item).filter(w -> w.getState() == WorkState.QUEUED && owner.equals(w.getLeaseOwner()));
    }
}
