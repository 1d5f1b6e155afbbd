package it.certmail.pec.transport.service;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import it.certmail.pec.transport.model.WorkQueue;

/**
 * What the transport's work queues hold now: pending items per queue with the oldest one's creation, held items,
 * and per relay destination the items still being retried after a failure and their failed attempts.
 */
public record QueueFigures(Map<WorkQueue, Pending> pending, long held, List<RetryingPeer> retryingPeers) {

    public record Pending(long count, Instant oldestCreatedAt) {

        /** How long the oldest pending item has waited; zero when none waits. */
        public Duration oldestAge(Instant now) {
            return oldestCreatedAt == null || oldestCreatedAt.isAfter(now) ? Duration.ZERO
                    : Duration.between(oldestCreatedAt, now);
        }
    }

    /** A relay destination ({@code target}: a domain or host) whose items failed and wait for another attempt. */
    public record RetryingPeer(String target, long items, long failedAttempts) {
    }

    public long pendingTotal() {
        return pending.values().stream().mapToLong(Pending::count).sum();
    }

    /** The oldest pending item of any queue, or null. */
    public Instant oldestPendingCreatedAt() {
        return pending.values().stream().map(Pending::oldestCreatedAt).filter(java.util.Objects::nonNull)
                .min(Instant::compareTo).orElse(null);
    }
}
