package it.certmail.pec.transport.core;

import java.util.List;

/**
 * One claimed piece of reception work, as a value: the stored message, the SMTP envelope and whether our own
 * access point queued it (bytes we composed and signed, never received over SMTP).
 */
public record ReceptionWork(long id, long blobId, String mailFrom, List<String> recipients,
        boolean fromOwnAccessPoint) {

    public ReceptionWork {
        recipients = List.copyOf(recipients);
    }
}
