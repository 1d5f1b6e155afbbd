package it.certmail.pec.transport.service;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

import jakarta.enterprise.context.ApplicationScoped;

/**
 * Wakes the workers early when new work was committed. Only a nudge: workers also poll, so correctness never
 * depends on a signal arriving (house-style §6.4).
 */
@ApplicationScoped
public class WorkSignal {

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private long generation;

    public void nudge() {
        lock.lock();
        try {
            generation++;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Waits until the next nudge after {@code seen}, or the timeout; returns the current generation. */
    public long await(long seen, long timeoutMillis) throws InterruptedException {
        lock.lock();
        try {
            long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
            while (generation == seen) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    break;
                }
                changed.awaitNanos(left);
            }
            return generation;
        } finally {
            lock.unlock();
        }
    }

    public long generation() {
        lock.lock();
        try {
            return generation;
        } finally {
            lock.unlock();
        }
    }
}
