package it.certmail.pec.transport.queue;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

import it.certmail.pec.transport.model.WorkState;

/** The work queue in memory: for the container-free core and its step-by-step test harness. Thread-safe. */
public final class InMemoryWorkQueue implements WorkQueue {

    private final WorkRetries retries;
    private final Map<Long, Work> items = new TreeMap<>();
    private long nextId = 1;

    public InMemoryWorkQueue(WorkRetries retries) {
        this.retries = Objects.requireNonNull(retries, "retries");
    }

    @Override
    public synchronized long enqueue(NewWork w, Instant now) {
        long id = nextId++;
        items.put(id, new Work(id, w.queue(), WorkState.QUEUED, w.blobId(), w.mailFrom(), w.recipients(),
                w.target(), 0, now, null, null, null, now));
        return id;
    }

    @Override
    public synchronized List<Long> claim(it.certmail.pec.transport.model.WorkQueue queue, String owner, int max,
            Instant now) {
        List<Work> due = items.values().stream()
                .filter(w -> w.queue() == queue && w.state() == WorkState.QUEUED && !w.nextAttemptAt().isAfter(now)
                        && (w.leaseUntil() == null || w.leaseUntil().isBefore(now)))
                .sorted(Comparator.comparing(Work::nextAttemptAt).thenComparing(Work::id))
                .limit(Math.max(0, max)).toList();
        for (Work w : due) {
            items.put(w.id(), with(w, w.state(), w.attempts(), w.nextAttemptAt(), owner, now.plus(LEASE), w.lastError()));
        }
        return due.stream().map(Work::id).toList();
    }

    @Override
    public synchronized boolean complete(long id, String owner) {
        return leasedTo(id, owner).map(w -> items.put(id, with(w, WorkState.DONE, w.attempts(), w.nextAttemptAt(),
                null, null, w.lastError()))).isPresent();
    }

    @Override
    public synchronized boolean fail(long id, String owner, String error, Instant now) {
        Optional<Work> leased = leasedTo(id, owner);
        leased.ifPresent(w -> {
            int failures = w.attempts() + 1;
            items.put(id, retries.nextAttempt(w.queue(), failures, now)
                    .map(next -> with(w, WorkState.QUEUED, failures, next, null, null, error))
                    .orElseGet(() -> with(w, WorkState.HELD, w.attempts(), w.nextAttemptAt(), null, null, error)));
        });
        return leased.isPresent();
    }

    @Override
    public synchronized boolean retry(long id, String owner, List<String> remaining, Instant at, String error) {
        if (remaining.isEmpty()) {
            throw new IllegalArgumentException("a work item needs at least one recipient");
        }
        return leasedTo(id, owner).map(w -> items.put(id, new Work(w.id(), w.queue(), WorkState.QUEUED, w.blobId(),
                w.mailFrom(), List.copyOf(remaining), w.target(), w.attempts() + 1, at, null, null, error,
                w.createdAt()))).isPresent();
    }

    @Override
    public synchronized boolean giveUp(long id, String owner, String error) {
        return leasedTo(id, owner).map(w -> items.put(id, with(w, WorkState.FAILED, w.attempts() + 1,
                w.nextAttemptAt(), null, null, error))).isPresent();
    }

    @Override
    public synchronized boolean hold(long id, String owner, String reason) {
        return leasedTo(id, owner).map(w -> items.put(id, with(w, WorkState.HELD, w.attempts(), w.nextAttemptAt(),
                null, null, reason))).isPresent();
    }

    @Override
    public synchronized Optional<Work> find(long id) {
        return Optional.ofNullable(items.get(id));
    }

    private Optional<Work> leasedTo(long id, String owner) {
        return Optional.ofNullable(items.get(id))
                .filter(w -> w.state() == WorkState.QUEUED && owner.equals(w.leaseOwner()));
    }

    private static Work with(Work w, WorkState state, int attempts, Instant next, String owner, Instant until,
            String error) {
        return new Work(w.id(), w.queue(), state, w.blobId(), w.mailFrom(), w.recipients(), w.target(), attempts, next,
                owner, until, error, w.createdAt());
    }
}
