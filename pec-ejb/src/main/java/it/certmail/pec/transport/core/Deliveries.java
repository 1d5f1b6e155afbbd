package it.certmail.pec.transport.core;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import it.certmail.pec.transport.queue.WorkQueue;

/**
 * Port: the relay's side of the delivery rows (ADR 0003), one per recipient, in the caller's transaction. A relay
 * attempt leases every due row of one (message, domain) in one claim and offers them in one SMTP transaction; each
 * row is then settled on its own: handed on, refused, expired, retried or held. Only the lease's owner settles a
 * row, and only while it is queued: a settling that returns {@code false} changed nothing. Implementations:
 * {@code JpaDeliveries} (the {@code delivery} table) and the tests' in-memory one, held to one contract.
 */
public interface Deliveries {

    /** Longer than any single attempt; after it, the rows are someone else's to take. */
    Duration LEASE = WorkQueue.LEASE;

    /** One recipient of a leased batch, as the relay needs it: its attempts so far and its 24 h limit. */
    record Recipient(long id, String address, int attempts, Instant queuedAt, Instant expireAt) {
    }

    /** The rows of one (message, domain) one attempt holds under its lease: one SMTP transaction to the domain. */
    record Batch(long blobId, String domain, String mailFrom, List<Recipient> recipients) {

        public Batch {
            recipients = List.copyOf(recipients);
        }

        public List<String> addresses() {
            return recipients.stream().map(Recipient::address).toList();
        }

        public List<Long> ids() {
            return recipients.stream().map(Recipient::id).toList();
        }
    }

    /**
     * Leases to {@code owner}, until {@code now + LEASE}, the due rows (queued, next attempt at or before
     * {@code now}, not leased or their lease run out) of up to {@code max} (message, domain) pairs, the next due
     * first, no more than a fair share among {@code sharers} loops; one batch per pair.
     */
    List<Batch> claim(String owner, int max, int sharers, Instant now);

    /** The peer took the message for this recipient (its 250). */
    boolean handedOn(long id, String owner);

    /** Refused for good (5xx, no route): never offered again. */
    boolean refused(long id, String owner, String error);

    /** Not handed on within 24 hours: never offered again. */
    boolean expired(long id, String owner, String error);

    /** Failed for now: one more attempt counted, offered again at {@code at}, the lease released. */
    boolean retry(long id, String owner, Instant at, String error);

    /** Cannot be processed: kept for an operator, never offered again by itself. */
    boolean hold(long id, String owner, String reason);
}
