package it.certmail.pec.testsupport;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;

/**
 * One step's transaction as the container's registry shows it to the services built by hand in tests: its resources
 * (kept for the transaction), its status and rollback mark, and the synchronizations, run by {@link #beforeCommit}
 * just before the test commits and by {@link #completed} once the test has ended the transaction, as the container
 * runs them.
 */
public final class TestTransactionRegistry implements TransactionSynchronizationRegistry {

    private final Map<Object, Object> resources = new HashMap<>();
    private final List<Synchronization> synchronizations = new ArrayList<>();
    private int status = Status.STATUS_ACTIVE;

    /**
     * The test is about to commit: what the synchronizations write before completion is written now, in the
     * transaction. A failure here must fail the commit (the test then rolls back), as the container's does.
     */
    public void beforeCommit() {
        if (status == Status.STATUS_ACTIVE) {
            List.copyOf(synchronizations).forEach(Synchronization::beforeCompletion);
        }
    }

    /** The transaction ended with {@code outcome} ({@link Status#STATUS_COMMITTED} or rolled back). */
    public void completed(int outcome) {
        status = outcome;
        synchronizations.forEach(s -> s.afterCompletion(outcome));
    }

    @Override
    public Object getTransactionKey() {
        return this;
    }

    @Override
    public void putResource(Object key, Object value) {
        resources.put(key, value);
    }

    @Override
    public Object getResource(Object key) {
        return resources.get(key);
    }

    @Override
    public void registerInterposedSynchronization(Synchronization sync) {
        synchronizations.add(sync);
    }

    @Override
    public int getTransactionStatus() {
        return status;
    }

    @Override
    public void setRollbackOnly() {
        status = Status.STATUS_MARKED_ROLLBACK;
    }

    @Override
    public boolean getRollbackOnly() {
        return status == Status.STATUS_MARKED_ROLLBACK;
    }
}
