package it.certmail.pec.transport.core;

import java.time.Instant;
import java.util.List;

/**
 * Port: the tracking of our own transmissions as the access point opens it: one record per accepted message and one
 * per recipient, written with the step's other effects (the receipts that come back are noted against them).
 */
@FunctionalInterface
public interface TransmissionRecords {

    /** A recipient to track; {@code nextCheckAt} is null when nothing can time out (ordinary mail). */
    record TrackedRecipient(String address, boolean certified, Instant nextCheckAt) {
    }

    /** An accepted transmission: its busta di trasporto and daticert.xml, and its recipients. */
    record NewTransmission(String pecMsgid, String clientMsgid, String sender, String subject, Instant acceptedAt,
            long envelopeBlobId, byte[] daticertXml, List<TrackedRecipient> recipients) {

        public NewTransmission {
            recipients = List.copyOf(recipients);
        }
    }

    void open(NewTransmission transmission);
}
