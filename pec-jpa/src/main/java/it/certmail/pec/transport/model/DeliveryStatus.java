package it.certmail.pec.transport.model;

/**
 * How a message leaves this provider for one recipient ({@link Delivery}). What came back from the recipient's
 * provider (presa in carico, consegna, mancata consegna) is kept beside it, in the row's timestamps.
 */
public enum DeliveryStatus {
    /** the recipient is ours: our reception point takes the message (a reception work item), no relay */
    LOCAL,
    /** waiting for the relay: its next attempt, its lease while one runs */
    QUEUED,
    /** the peer answered 250 for this recipient: the relay is done; the peer's receipts tell the rest */
    RELAYED,
    /** refused for good (5xx, no route): never offered again */
    REFUSED,
    /** not handed on within 24 hours (RFC 6109 §2.2.2): never offered again */
    EXPIRED,
    /** cannot be processed (its message is gone, a bug): kept for an operator, who may send it back to the relay */
    HELD
}
