package it.certmail.pec.mailbox.infra;

/** Occupazione della casella: bytes used by stored messages (each copy counts in full) and the quota. */
public record MailboxUsage(long usedBytes, long quotaBytes) {

    public boolean overQuota() {
        return usedBytes > quotaBytes;
    }
}
