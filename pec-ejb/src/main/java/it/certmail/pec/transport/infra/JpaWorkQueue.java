package it.certmail.pec.transport.infra;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import jakarta.persistence.EntityManager;
import jakarta.persistence.FlushModeType;

import it.certmail.pec.platform.infra.DatabaseProduct;
import it.certmail.pec.transport.model.WorkItem;
import it.certmail.pec.transport.model.WorkState;
import it.certmail.pec.transport.queue.WorkQueue;
import it.certmail.pec.transport.queue.WorkRetries;

/**
 * The work queue on the database ({@code work_item}), in the caller's transaction: a claim is one UPDATE of the
 * due rows (the fair-share claim of the one-item-per-transaction loops a conditional UPDATE per due row) that
 * re-checks each row's lease, so two nodes never lease one item; the settling methods change the row through
 * {@link WorkItem}'s own transitions, a batch's completion ({@link #completeAll}) in one bulk UPDATE.
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

    /**
     * One statement: the due rows, oldest due first, leased by one UPDATE that re-checks each row's lease, so two
     * claimers never lease one item. On PostgreSQL the rows another claimer is leasing at that moment are skipped
     * ({@code SKIP LOCKED}) rather than waited for; on H2 the later claimer waits for the earlier one's commit and
     * then finds those rows leased.
     */
    @Override
    public List<Long> claim(it.certmail.pec.transport.model.WorkQueue queue, String owner, int max, Instant now) {
        if (max < 1) {
            return List.of();
        }
        List<?> rows = em.createNativeQuery(onPostgres() ? CLAIM_POSTGRES : CLAIM_H2)
                .setParameter(1, owner)
                .setParameter(2, now.plus(LEASE).atOffset(ZoneOffset.UTC))
                .setParameter(3, queue.name())
                .setParameter(4, now.atOffset(ZoneOffset.UTC))
                .setParameter(5, max)
                .setFlushMode(FlushModeType.COMMIT)
                .getResultList();
        return rows.stream().map(r -> ((Number) (r instanceof Object[] a ? a[0] : r)).longValue()).toList();
    }

    private static final String DUE_AND_FREE = " state = 'QUEUED' AND next_attempt_at <= CAST(?4 AS TIMESTAMP WITH TIME ZONE)"
            + " AND (lease_until IS NULL OR lease_until < CAST(?4 AS TIMESTAMP WITH TIME ZONE))";
    private static final String DUE_ROWS = "SELECT id FROM work_item WHERE queue = ?3 AND" + DUE_AND_FREE
            + " ORDER BY next_attempt_at, id";
    private static final String LEASE_SET = " SET lease_owner = ?1, lease_until = CAST(?2 AS TIMESTAMP WITH TIME ZONE),"
            + " version = version + 1";
    /*
     * The due rows in a CTE of their own, computed once: as an IN (subquery) PostgreSQL may run the subquery again
     * for each row it updates, and the locking clause then skips the rows this statement has just leased and hands
     * out the next ones, past the LIMIT.
     */
    private static final String CLAIM_POSTGRES = "WITH due AS MATERIALIZED (" + DUE_ROWS
            + " LIMIT ?5 FOR UPDATE SKIP LOCKED), claimed AS (UPDATE work_item w" + LEASE_SET
            + " FROM due WHERE w.id = due.id AND" + DUE_AND_FREE + " RETURNING w.id, w.next_attempt_at)"
            + " SELECT id FROM claimed ORDER BY next_attempt_at, id";
    private static final String CLAIM_H2 = "SELECT id FROM FINAL TABLE (UPDATE work_item" + LEASE_SET
            + " WHERE id IN (" + DUE_ROWS + " FETCH FIRST ?5 ROWS ONLY) AND" + DUE_AND_FREE
            + ") ORDER BY next_attempt_at, id";

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

    /** One bulk UPDATE for all of them, each row re-checked (queued, leased to {@code owner}). */
    @Override
    public int completeAll(Collection<Long> ids, String owner) {
        if (ids.isEmpty()) {
            return 0;
        }
        return em.createQuery("UPDATE WorkItem w SET w.state = :done, w.leaseOwner = NULL, w.leaseUntil = NULL,"
                        + " w.version = w.version + 1 WHERE w.id IN :ids AND w.state = :queued AND w.leaseOwner = :owner")
                .setParameter("done", WorkState.DONE).setParameter("queued", WorkState.QUEUED)
                .setParameter("owner", owner).setParameter("ids", List.copyOf(new java.util.LinkedHashSet<>(ids)))
                .executeUpdate();
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
        return Optional.ofNullable(em.find(WorkItem.class, id)).map(JpaWorkQueue::work);
    }

    private static Work work(WorkItem w) {
        return new Work(w.getId(), w.getQueue(), w.getState(), w.getBlobId(), w.getMailFrom(), w.getRecipients(),
                w.getTarget(), w.getAttempts(), w.getNextAttemptAt(), w.getLeaseOwner(), w.getLeaseUntil(),
                w.getLastError(), w.getCreatedAt());
    }

    /** One SELECT for all of them; rows the persistence context held already are read again (refresh hint). */
    @Override
    public List<Work> leased(List<Long> ids, String owner) {
        if (ids.isEmpty()) {
            return List.of();
        }
        Map<Long, WorkItem> found = new HashMap<>();
        em.createQuery("SELECT w FROM WorkItem w WHERE w.id IN :ids AND w.state = :queued AND w.leaseOwner = :owner",
                        WorkItem.class)
                .setParameter("ids", List.copyOf(new java.util.LinkedHashSet<>(ids)))
                .setParameter("queued", WorkState.QUEUED).setParameter("owner", owner)
                .setHint("eclipselink.refresh", true).setFlushMode(FlushModeType.COMMIT)
                .getResultList().forEach(w -> found.put(w.getId(), w));
        return ids.stream().distinct().map(found::get).filter(Objects::nonNull).map(JpaWorkQueue::work).toList();
    }

    /** Which database, asked once per persistence unit ({@link DatabaseProduct}). */
    private boolean onPostgres() {
        return DatabaseProduct.isPostgres(em);
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
