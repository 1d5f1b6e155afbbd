package it.certmail.pec.access.domain;

import java.time.Instant;
import java.util.Set;

/**
 * Dati di un messaggio in una cartella: UID, flags (system flags by IMAP name, then keywords), modseq and where
 * its bytes are.
 */
public record MessageMeta(long uid, long blobId, long size, Instant internalDate, Set<String> flags, long modseq) {

    public boolean hasFlag(String flag) {
        for (String f : flags) {
            if (f.equalsIgnoreCase(flag)) {
                return true;
            }
        }
        return false;
    }
}
