package it.certmail.pec.transport.model;

/** Where a {@link WorkItem} stands. Every attempt ends in exactly one of these. */
public enum WorkState {
    /** waiting for its next attempt */
    QUEUED,
    /** done: delivered, relayed, or its failure notified */
    DONE,
    /** given up: a permanent failure or 24 h passed; the failure was notified where the rules require it */
    FAILED,
    /** could not be processed (unreadable, a bug): kept for an admin, never dropped */
    HELD
}
