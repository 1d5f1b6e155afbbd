package it.certmail.pec.log.domain;

import java.time.Instant;

/**
 * One entry of the registro as the hash chain sees it: every stored field, and its place in its day's chain
 * ({@code seq} and {@code hash} are null until the chaining step has reached it).
 */
public record ChainedEntry(long id, Instant eventTime, String eventType, String msgid, String clientMsgid,
                           String sender, String recipients, String subject, String generatedIds,
                           String sendingProvider, String detail, Long seq, String hash) {

    public ChainedEntry withChain(long position, String entryHash) {
        return new ChainedEntry(id, eventTime, eventType, msgid, clientMsgid, sender, recipients, subject,
                generatedIds, sendingProvider, detail, position, entryHash);
    }

    public boolean chained() {
        return seq != null;
    }
}
