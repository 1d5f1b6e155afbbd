package it.certmail.pec.log.domain;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Objects;

/**
 * Sigillo giornaliero: a closed UTC day of the registro, signed by the provider. The signed text names the day,
 * how many entries its chain holds, the chain's last hash and the hash of the previous day's seal, so removing a
 * whole day (entries and seal) breaks the chain of seals. {@code entriesDropped} is not signed: retention sets it
 * when it drops the day's month, and the verifier accepts it only for whole months past the retention period.
 */
public record DaySeal(LocalDate day, long entries, String lastHash, String previousSeal, Instant sealedAt,
                      byte[] signature, boolean entriesDropped) {

    public DaySeal {
        Objects.requireNonNull(day, "day");
        Objects.requireNonNull(lastHash, "lastHash");
        Objects.requireNonNull(previousSeal, "previousSeal");
        Objects.requireNonNull(sealedAt, "sealedAt");
    }

    /** The text that is signed: one field a line, fixed order, ASCII. */
    public byte[] content() {
        return ("pec-log-seal/1\n"
                + "day=" + day + "\n"
                + "entries=" + entries + "\n"
                + "last-hash=" + lastHash + "\n"
                + "previous-seal=" + previousSeal + "\n"
                + "sealed-at=" + sealedAt + "\n").getBytes(StandardCharsets.US_ASCII);
    }

    /** What the next day's seal names as its {@code previous-seal}. */
    public String hash() {
        return LogChain.hex(LogChain.sha256(content()));
    }

    public DaySeal withEntriesDropped() {
        return new DaySeal(day, entries, lastHash, previousSeal, sealedAt, signature, true);
    }
}
