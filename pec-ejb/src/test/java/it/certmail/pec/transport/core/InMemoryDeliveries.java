package it.certmail.pec.transport.core;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import java.util.function.Predicate;

import it.certmail.pec.transport.model.DeliveryStatus;

/**
 * The delivery rows in memory (ADR 0003), one per recipient, behind the relay's {@link Deliveries} port and as the
 * dispatch and the access point write them ({@link #queue}, {@link #open}); held to the same contract as
 * {@code JpaDeliveries} ({@code DeliveriesContract}). Transactional like the {@link InMemoryTransport} that owns it:
 * {@link #begin} opens a working copy, {@link #commit} makes it the state, {@link #rollback} drops it, one
 * transaction at a time (a thread that begins while another's is open waits, as for the rows' locks). A call outside
 * a transaction of its thread is one of its own, as the relay's claims are.
 */
final class InMemoryDeliveries implements Deliveries {

    /** One recipient's row, as {@code Delivery} keeps the relay's part of it. */
    record Row(long id, String pecMsgid, String recipient, boolean certified, Instant dispatchedAt,
            Instant nextCheckAt, DeliveryStatus status, String domain, Long blobId, String mailFrom, int attempts,
            Instant nextAttemptAt, Instant expireAt, String leaseOwner, Instant leaseUntil, String lastError) {

        Row leased(String owner, Instant until) {
            return new Row(id, pecMsgid, recipient, certified, dispatchedAt, nextCheckAt, status, domain, blobId,
                    mailFrom, attempts, nextAttemptAt, expireAt, owner, until, lastError);
        }

        /** A relay transition: the lease released with it, as {@code Delivery} does. */
        Row settled(DeliveryStatus to, int attemptsNow, Instant next, String error) {
            return new Row(id, pecMsgid, recipient, certified, dispatchedAt, nextCheckAt, to, domain, blobId,
                    mailFrom, attemptsNow, next, expireAt, null, null, error);
        }

        Row openedBy(String msgid, boolean certifiedNow, Instant checkAt) {
            return new Row(id, msgid, recipient, certifiedNow, dispatchedAt, checkAt, status, domain, blobId,
                    mailFrom, attempts, nextAttemptAt, expireAt, leaseOwner, leaseUntil, lastError);
        }

        /** Whether the relay may take it at {@code now}: queued, due, and not leased or its lease run out. */
        boolean dueAt(Instant now) {
            return status == DeliveryStatus.QUEUED && !nextAttemptAt.isAfter(now)
                    && (leaseUntil == null || leaseUntil.isBefore(now));
        }
    }

    private final ReentrantLock transaction = new ReentrantLock();
    private Map<Long, Row> committed = new TreeMap<>();
    private Map<Long, Row> working;
    /** As a database sequence: not given back by a rollback. */
    private long nextId = 1;

    // ---- transactions

    void begin() {
        if (transaction.isHeldByCurrentThread()) {
            throw new IllegalStateException("a transaction is open already");
        }
        transaction.lock();
        working = new TreeMap<>(committed);
    }

    void commit() {
        committed = working();
        end();
    }

    void rollback() {
        end();
    }

    private void end() {
        working = null;
        if (transaction.isHeldByCurrentThread()) {
            transaction.unlock();
        }
    }

    private Map<Long, Row> working() {
        if (working == null || !transaction.isHeldByCurrentThread()) {
            throw new IllegalStateException("no transaction");
        }
        return working;
    }

    /** In the thread's open transaction, or in one of its own that commits when {@code change} returns. */
    private <T> T inTransaction(Function<Map<Long, Row>, T> change) {
        if (transaction.isHeldByCurrentThread()) {
            return change.apply(working());
        }
        begin();
        try {
            T result = change.apply(working);
            commit();
            return result;
        } catch (RuntimeException e) {
            rollback();
            throw e;
        }
    }

    // ---- what the dispatch and the access point write

    /**
     * A row queued for the relay as {@code Dispatcher} queues it ({@code Delivery.queued}): no transmission yet, due
     * at once; the caller gives it its reference on the blob.
     */
    long queue(String recipient, String domain, long blobId, String mailFrom, Instant now, Instant expireAt) {
        return inTransaction(rows -> {
            long id = nextId++;
            rows.put(id, new Row(id, null, recipient, false, now, null, DeliveryStatus.QUEUED,
                    domain.toLowerCase(Locale.ROOT), blobId, mailFrom, 0, now, expireAt, null, null, null));
            return id;
        });
    }

    /**
     * As {@code AccessPointPorts.tracking} does: the rows the dispatch queued for the envelope (no transmission
     * yet) are attached to the transmission, every other recipient gets a {@link DeliveryStatus#LOCAL} row. The
     * rows are looked for only when some recipient is not in one of our domains.
     */
    void open(TransmissionRecords.NewTransmission t, Predicate<String> localDomain) {
        inTransaction(rows -> {
            Map<String, Row> relayed = new LinkedHashMap<>();
            if (t.recipients().stream().anyMatch(r -> !localDomain.test(AccessPoint.domainOf(r.address())))) {
                rows.values().stream().filter(r -> r.blobId() != null && r.blobId() == t.envelopeBlobId()
                                && r.status() == DeliveryStatus.QUEUED && r.pecMsgid() == null)
                        .forEach(r -> relayed.put(r.recipient().toLowerCase(Locale.ROOT), r));
            }
            for (TransmissionRecords.TrackedRecipient r : t.recipients()) {
                Row row = relayed.remove(r.address().toLowerCase(Locale.ROOT));
                if (row != null) {
                    rows.put(row.id(), row.openedBy(t.pecMsgid(), r.certified(), r.nextCheckAt()));
                } else {
                    long id = nextId++;
                    rows.put(id, new Row(id, t.pecMsgid(), r.address(), r.certified(), t.acceptedAt(),
                            r.nextCheckAt(), DeliveryStatus.LOCAL, null, null, null, 0, null, null, null, null,
                            null));
                }
            }
            return null;
        });
    }

    // ---- reading the committed state

    Optional<Row> find(long id) {
        return Optional.ofNullable(committed.get(id));
    }

    /** All the committed rows, in the order they were written. */
    List<Row> rows() {
        return List.copyOf(committed.values());
    }

    /** The one committed row of a recipient (in any case). */
    Row row(String recipient) {
        List<Row> found = committed.values().stream().filter(r -> r.recipient().equalsIgnoreCase(recipient))
                .toList();
        if (found.size() != 1) {
            throw new IllegalStateException(found.size() + " rows for " + recipient);
        }
        return found.get(0);
    }

    // ---- the port, as JpaDeliveries does it

    @Override
    public List<Batch> claim(String owner, int max, int sharers, Instant now) {
        if (max < 1) {
            return List.of();
        }
        return inTransaction(rows -> {
            // the pairs of the next due rows, as many rows as the JPA query reads
            Set<List<Object>> pairs = new LinkedHashSet<>();
            rows.values().stream().filter(r -> r.dueAt(now))
                    .sorted(Comparator.comparing(Row::nextAttemptAt).thenComparing(Row::id))
                    .limit(4L * max * Math.max(2, sharers))
                    .forEach(r -> pairs.add(List.of(r.blobId(), r.domain())));
            int share = Math.max(1, Math.min(max, pairs.size() / Math.max(1, sharers)));
            List<Batch> claimed = new ArrayList<>();
            for (List<Object> pair : pairs) {
                long blobId = (Long) pair.get(0);
                String domain = (String) pair.get(1);
                Predicate<Row> ofPair = r -> r.blobId() != null && r.blobId() == blobId
                        && domain.equals(r.domain());
                // as the JPA claim: this owner's own rows from before a restart are leased again with the rest
                List<Row> due = rows.values().stream().filter(ofPair).filter(r -> r.dueAt(now)).toList();
                if (due.isEmpty()) {
                    continue;
                }
                // as the JPA claim: to the millisecond, and the batch is the rows of this very lease
                Instant until = now.plus(LEASE).truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
                due.forEach(r -> rows.put(r.id(), r.leased(owner, until)));
                List<Row> batch = rows.values().stream().filter(ofPair)
                        .filter(r -> r.status() == DeliveryStatus.QUEUED && owner.equals(r.leaseOwner())
                                && until.equals(r.leaseUntil()))
                        .toList();
                claimed.add(new Batch(blobId, domain, batch.get(0).mailFrom(), batch.stream()
                        .map(r -> new Recipient(r.id(), r.recipient(), r.attempts(), r.dispatchedAt(), r.expireAt()))
                        .toList()));
                if (claimed.size() == share) {
                    break;
                }
            }
            return claimed;
        });
    }

    @Override
    public boolean handedOn(long id, String owner) {
        return settle(id, owner, r -> r.settled(DeliveryStatus.RELAYED, r.attempts(), r.nextAttemptAt(), null));
    }

    @Override
    public boolean refused(long id, String owner, String error) {
        return settle(id, owner, r -> r.settled(DeliveryStatus.REFUSED, r.attempts() + 1, r.nextAttemptAt(), error));
    }

    @Override
    public boolean expired(long id, String owner, String error) {
        return settle(id, owner, r -> r.settled(DeliveryStatus.EXPIRED, r.attempts() + 1, r.nextAttemptAt(), error));
    }

    @Override
    public boolean retry(long id, String owner, Instant at, String error) {
        return settle(id, owner, r -> r.settled(DeliveryStatus.QUEUED, r.attempts() + 1, at, error));
    }

    @Override
    public boolean hold(long id, String owner, String reason) {
        return settle(id, owner, r -> r.settled(DeliveryStatus.HELD, r.attempts(), r.nextAttemptAt(), reason));
    }

    /** Only the lease's owner, only while queued; otherwise nothing changes. */
    private boolean settle(long id, String owner, UnaryOperator<Row> change) {
        return inTransaction(rows -> {
            Row r = rows.get(id);
            if (r == null || r.status() != DeliveryStatus.QUEUED || !owner.equals(r.leaseOwner())) {
                return false;
            }
            rows.put(id, change.apply(r));
            return true;
        });
    }
}
