package it.certmail.pec.access.domain;

/**
 * Cambiamenti di una cartella: the counters now, the messages whose modseq is above the one the caller knew (new
 * messages and changed flags), and how many messages have a UID up to the caller's highest (fewer than the caller
 * holds means some were expunged). An unchanged folder gives {@code changed} empty and {@code messagesUpToUid} -1.
 */
public record FolderChanges(long uidNext, long highestModseq, MessageIndex changed, long messagesUpToUid) {

    public boolean unchanged() {
        return messagesUpToUid < 0 && changed.isEmpty();
    }
}
