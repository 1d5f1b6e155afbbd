package it.certmail.pec.transport.core;

/**
 * Port: the tracking of our own transmissions. Locking a transmission's tracking rows before any mailbox folder
 * keeps one lock order (rows, then folders), so two of its receipts filed at once wait for each other.
 */
@FunctionalInterface
public interface TransmissionLocks {

    /** Locks the tracking rows of a transmission until the step ends; nothing when it is not ours. */
    void lockTransmission(String pecMsgid);
}
