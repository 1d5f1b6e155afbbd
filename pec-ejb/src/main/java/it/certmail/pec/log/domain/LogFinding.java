package it.certmail.pec.log.domain;

import java.time.LocalDate;

/**
 * One thing the log verifier found wrong, and the UTC day of the registro it is in.
 *
 * @param entryId the entry concerned, when there is one to point at
 * @param seq     the position in the day's chain concerned, when known
 */
public record LogFinding(LocalDate day, Kind kind, Long entryId, Long seq, String detail) {

    public enum Kind {
        /** an entry's content no longer matches its hash */
        ALTERED,
        /** an entry the chain or the seal counts is gone */
        REMOVED,
        /** an entry that is not part of the sealed chain */
        INSERTED,
        /** a seal whose signature or link to the previous seal does not hold */
        BAD_SEAL,
        /** a closed day without its seal */
        MISSING_SEAL
    }
}
