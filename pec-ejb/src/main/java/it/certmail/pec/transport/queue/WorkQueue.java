package it.certmail.pec.transport.queue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import it.certmail.pec.transport.model.WorkState;

/**
 * Coda di lavoro (port): durable work for the transport's workers (RFC 6109 §2.2: nothing accepted is lost). A
 * worker claims due work with a lease, then settles each item exactly once: complete, fail (retried on the
 * schedule, or held once retrying is useless) or hold (kept for an admin, never dropped). A worker that dies leaves
 * its leases to run out, and the work is claimed again. Implementations: {@link InMemoryWorkQueue} and the JPA one
 * ({@code transport.infra.JpaWorkQueue}), both held to one contract test. Every method is atomic; time is a
 * parameter.
 */
public interface WorkQueue {

    /** Longer than any single attempt; after it, the item is someone else's to take. */
    Duration LEASE = Duration.ofMinutes(2);

    /** A piece of work to queue: its queue, the stored message, the SMTP envelope, where it goes, its deadline. */
    record NewWork(it.certmail.pec.transport.model.WorkQueue queue, long blobId, String mailFrom,
            List<String> recipients, String target, boolean tls, Instant expiresAt) {

        public NewWork {
            recipients = List.copyOf(recipients);
            if (recipients.isEmpty()) {
                throw new IllegalArgumentException("work needs at least one recipient");
            }
        }
    }

    /**
     * An item as it stands, with the SMTP envelope and the target its worker needs, and when it was queued (the
     * relay's 24 h limit counts from then).
     */
    record Work(long id, it.certmail.pec.transport.model.WorkQueue queue, WorkState state, long blobId,
            String mailFrom, List<String> recipients, String target, int attempts, Instant nextAttemptAt, String leaseOwner, Instant leaseUntil,
            String lastError, Instant createdAt) {
    }

    /** Queues work, due at once; returns its id. */
    long enqueue(NewWork work, Instant now);

    /**
     * Leases up to {@code max} items of {@code queue} that are due at {@code now} and not leased (or whose lease ran
     * out) to {@code owner} until {@code now + LEASE}, oldest due first; returns their ids.
     */
    List<Long> claim(it.certmail.pec.transport.model.WorkQueue queue, String owner, int max, Instant now);

    /** The item is done. Only its lease owner settles it: returns {@code false} (and changes nothing) otherwise. */
    boolean complete(long id, String owner);

    /**
     * An attempt failed: the item is retried when {@link WorkRetries} says, or held once retrying is useless; its
     * lease is released. Only its lease owner settles it.
     */
    boolean fail(long id, String owner, String error, Instant now);

    /**
     * The relay's retry of the recipients that failed for now: the item keeps only {@code remaining} (the others are
     * settled), counts the failed attempt and is due again at {@code at} (the relay's schedule, capped at its 24 h
     * limit); its lease is released. Only its lease owner settles it.
     */
    boolean retry(long id, String owner, List<String> remaining, Instant at, String error);

    /**
     * The item failed for good (refused for every recipient, or given up at the 24 h limit): counted, kept as
     * FAILED with its error, never claimed again. Only its lease owner settles it.
     */
    boolean giveUp(long id, String owner, String error);

    /** The item cannot be processed: kept for an admin, never claimed again. Only its lease owner settles it. */
    boolean hold(long id, String owner, String reason);

    Optional<Work> find(long id);
}
