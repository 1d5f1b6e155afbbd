package it.certmail.pec.transport.service;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

import jakarta.enterprise.context.ApplicationScoped;

import it.certmail.pec.transport.model.WorkQueue;

/**
 * Wakes the workers early when new work was committed, the loops of the queue that got it (a relay loop woken by
 * every local message's reception work claimed nothing, one query per message). Only a nudge: workers also poll, so
 * correctness never depends on a signal arriving (house-style §6.4).
 */
@ApplicationScoped
public class WorkSignal {

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final Map<WorkQueue, Long> generations = new EnumMap<>(WorkQueue.class);

    public WorkSignal() {
        for (WorkQueue q : WorkQueue.values()) {
            generations.put(q, 0L);
        }
    }

    /** New work on every queue (or on an unknown one): every loop looks. */
    public void nudge() {
        lock.lock();
        try {
            generations.replaceAll((q, g) -> g + 1);
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** New work on {@code queue}: its loops look. */
    public void nudge(WorkQueue queue) {
        lock.lock();
        try {
            generations.merge(queue, 1L, Long::sum);
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Waits until the next nudge of {@code queue} after {@code seen}, or the timeout; returns its generation. */
    public long await(WorkQueue queue, long seen, long timeoutMillis) throws InterruptedException {
        lock.lock();
        try {
            long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
            while (generations.get(queue) == seen) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    break;
                }
                changed.awaitNanos(left);
            }
            return generations.get(queue);
        } finally {
            lock.unlock();
        }
    }

    public long generation(WorkQueue queue) {
        lock.lock();
        try {
            return generations.get(queue);
        } finally {
            lock.unlock();
        }
    }
}
