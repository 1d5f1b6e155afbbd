package it.certmail.pec.transport.infra;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;

import it.certmail.pec.transport.core.Deliveries;
import it.certmail.pec.transport.model.Delivery;
import it.certmail.pec.transport.model.DeliveryStatus;

/**
 * The relay's side of the {@code delivery} rows, in the caller's transaction. A claim is one conditional UPDATE per
 * (message, domain), so two loops never lease one row; the version moves with the lease, so a loop whose lease ran
 * out and was taken over can no longer settle. A settling reads its row under a write lock: a receipt noted on the
 * same row at the same moment ({@code TrackingService}) waits instead of failing the settling on the row version,
 * which would offer the message to the peer again.
 */
public final class JpaDeliveries implements Deliveries {

    private final EntityManager em;

    public JpaDeliveries(EntityManager em) {
        this.em = Objects.requireNonNull(em, "em");
    }

    @Override
    public List<Batch> claim(String owner, int max, int sharers, Instant now) {
        if (max < 1) {
            return List.of();
        }
        Set<List<Object>> pairs = new LinkedHashSet<>();
        em.createNamedQuery(Delivery.RELAY_DUE, Object[].class).setParameter("queued", DeliveryStatus.QUEUED)
                .setParameter("now", now).setMaxResults(4 * max * Math.max(2, sharers)).getResultList()
                .forEach(r -> pairs.add(List.of(r[0], r[1])));
        int share = Math.max(1, Math.min(max, pairs.size() / Math.max(1, sharers)));
        // to the millisecond, which both databases keep exactly: the batch is read back by this very lease
        Instant until = now.plus(LEASE).truncatedTo(ChronoUnit.MILLIS);
        List<Batch> claimed = new ArrayList<>();
        for (List<Object> pair : pairs) {
            long blobId = ((Number) pair.get(0)).longValue();
            String domain = (String) pair.get(1);
            int updated = em.createQuery("UPDATE Delivery d SET d.leaseOwner = :owner, d.leaseUntil = :until,"
                            + " d.version = d.version + 1 WHERE d.status = :queued AND d.blobId = :blob"
                            + " AND d.domain = :domain AND d.nextAttemptAt <= :now"
                            + " AND (d.leaseUntil IS NULL OR d.leaseUntil < :now)")
                    .setParameter("owner", owner).setParameter("until", until)
                    .setParameter("queued", DeliveryStatus.QUEUED).setParameter("blob", blobId)
                    .setParameter("domain", domain).setParameter("now", now).executeUpdate();
            if (updated == 0) {
                continue; // another loop took them first
            }
            List<Delivery> rows = em.createNamedQuery(Delivery.RELAY_BATCH, Delivery.class)
                    .setParameter("queued", DeliveryStatus.QUEUED).setParameter("blob", blobId)
                    .setParameter("domain", domain).setParameter("owner", owner).setParameter("until", until)
                    // only the rows this claim leased, never one left leased to this owner by an attempt that
                    // could not settle (its older lease may run out mid-attempt); the bulk UPDATE bypassed the
                    // caches: build the rows from what this SELECT reads
                    .setHint("eclipselink.refresh", Boolean.TRUE).getResultList();
            if (!rows.isEmpty()) {
                claimed.add(new Batch(blobId, domain, rows.get(0).getMailFrom(), rows.stream()
                        .map(d -> new Recipient(d.getId(), d.getRecipient(), d.getAttempts(), d.getDispatchedAt(),
                                d.getExpireAt()))
                        .toList()));
            }
            if (claimed.size() == share) {
                break;
            }
        }
        return claimed;
    }

    @Override
    public boolean handedOn(long id, String owner) {
        return settle(id, owner, Delivery::handedOn);
    }

    @Override
    public boolean refused(long id, String owner, String error) {
        return settle(id, owner, d -> d.refused(error));
    }

    @Override
    public boolean expired(long id, String owner, String error) {
        return settle(id, owner, d -> d.expired(error));
    }

    @Override
    public boolean retry(long id, String owner, Instant at, String error) {
        return settle(id, owner, d -> d.retryAt(at, error));
    }

    @Override
    public boolean hold(long id, String owner, String reason) {
        return settle(id, owner, d -> d.hold(reason));
    }

    private boolean settle(long id, String owner, Consumer<Delivery> change) {
        Optional<Delivery> leased = leasedTo(id, owner);
        leased.ifPresent(change);
        return leased.isPresent();
    }

    private Optional<Delivery> leasedTo(long id, String owner) {
        // a locking find reads the row from the database (SELECT ... FOR UPDATE), never from a cache
        Delivery d = em.find(Delivery.class, id, LockModeType.PESSIMISTIC_WRITE);
        return Optional.ofNullable(d)
                .filter(r -> r.getStatus() == DeliveryStatus.QUEUED && owner.equals(r.getLeaseOwner()));
    }
}
