package it.certmail.pec.transport.core;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.BooleanSupplier;

import it.certmail.pec.transport.model.WorkState;
import it.certmail.pec.transport.queue.InMemoryWorkQueue;
import it.certmail.pec.transport.queue.WorkQueue;

/**
 * The {@link InMemoryWorkQueue} as the relay's settling transaction sees the database's: inside {@link #begin} the
 * settling of an item (complete, retry, give up, hold, fail) is checked against its lease at once but takes effect
 * only at {@link #commit}, with the step's other effects; {@link #rollback} (or a crash) drops it. Outside a
 * transaction every call is one of its own, as the claims are.
 */
final class StagedWorkQueue implements WorkQueue {

    private final InMemoryWorkQueue queue;
    private List<BooleanSupplier> staged;

    StagedWorkQueue(InMemoryWorkQueue queue) {
        this.queue = queue;
    }

    void begin() {
        if (staged != null) {
            throw new IllegalStateException("a transaction is open already");
        }
        staged = new ArrayList<>();
    }

    void commit() {
        List<BooleanSupplier> settling = staged;
        staged = null;
        for (BooleanSupplier s : settling) {
            if (!s.getAsBoolean()) {
                throw new IllegalStateException("a settling checked in the transaction failed at its commit");
            }
        }
    }

    void rollback() {
        staged = null;
    }

    @Override
    public long enqueue(NewWork work, Instant now) {
        return queue.enqueue(work, now);
    }

    @Override
    public List<Long> claim(it.certmail.pec.transport.model.WorkQueue name, String owner, int max, Instant now) {
        return queue.claim(name, owner, max, now);
    }

    @Override
    public boolean complete(long id, String owner) {
        return settle(id, owner, () -> queue.complete(id, owner));
    }

    @Override
    public boolean fail(long id, String owner, String error, Instant now) {
        return settle(id, owner, () -> queue.fail(id, owner, error, now));
    }

    @Override
    public boolean retry(long id, String owner, List<String> remaining, Instant at, String error) {
        return settle(id, owner, () -> queue.retry(id, owner, remaining, at, error));
    }

    @Override
    public boolean giveUp(long id, String owner, String error) {
        return settle(id, owner, () -> queue.giveUp(id, owner, error));
    }

    @Override
    public boolean hold(long id, String owner, String reason) {
        return settle(id, owner, () -> queue.hold(id, owner, reason));
    }

    @Override
    public Optional<Work> find(long id) {
        return queue.find(id);
    }

    private boolean settle(long id, String owner, BooleanSupplier settling) {
        if (staged == null) {
            return settling.getAsBoolean();
        }
        boolean leased = queue.find(id).filter(w -> w.state() == WorkState.QUEUED && owner.equals(w.leaseOwner()))
                .isPresent();
        if (leased) {
            staged.add(settling);
        }
        return leased;
    }
}
