package it.certmail.pec.transport.core;

import java.util.List;

import it.certmail.pec.transport.queue.WorkQueue;

/**
 * One claimed piece of reception work, as a value: the stored message, the SMTP envelope and whether our own
 * access point queued it (bytes we composed and signed, never received over SMTP).
 */
public record ReceptionWork(long id, long blobId, String mailFrom, List<String> recipients,
        boolean fromOwnAccessPoint) {

    /** The target of the reception work our own access point queues (SMTP work names its client's address). */
    public static final String OWN_ACCESS_POINT = "local";

    public ReceptionWork {
        recipients = List.copyOf(recipients);
    }

    /** The reception work a queued item stands for. */
    public static ReceptionWork of(WorkQueue.Work work) {
        return new ReceptionWork(work.id(), work.blobId(), work.mailFrom(), work.recipients(),
                OWN_ACCESS_POINT.equals(work.target()));
    }
}
