package it.certmail.pec.access.domain;

import java.time.Instant;
import java.util.Set;

/**
 * Riga dell'elenco messaggi (webmail): a message of a folder with the header facts the store keeps next to it, so a
 * page of the list reads no message bytes.
 *
 * @param pecKind a PecMessageKind name, {@code ORDINARY}, or null when unknown
 */
public record MessageListing(long uid, long blobId, long size, Instant internalDate, Set<String> flags,
        String subject, String fromAddress, String pecKind, String messageId, String riferimentoMessageId) {

    public boolean hasFlag(String flag) {
        return flags.stream().anyMatch(f -> f.equalsIgnoreCase(flag));
    }
}
