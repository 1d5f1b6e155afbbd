package it.certmail.pec.mailbox.billing.domain;

/**
 * Spazio occupato: bytes in the mailbox's folders and in its archive (the {@code \Archive} folder).
 */
public record StorageUse(long mailBytes, long archiveBytes) {

    public StorageUse {
        if (mailBytes < 0 || archiveBytes < 0) {
            throw new IllegalArgumentException("negative usage");
        }
    }

    public long totalBytes() {
        return mailBytes + archiveBytes;
    }
}
