package it.certmail.pec.documents.domain;

import java.time.Duration;
import java.time.Instant;

/**
 * When an Official Log extract is made by the background job rather than on the spot, how the job reads it (in parts,
 * recording its progress after each), when a running request counts as abandoned (its node stopped) and how long a
 * result is kept.
 *
 * @param asyncAbove more entries than this go to the job (counting them first is one query)
 * @param partSize   entries read per part; progress is recorded after each
 * @param staleAfter a RUNNING request without progress for this long is taken up again
 * @param keptFor    a job's result (or failure) is deleted this long after it finished
 */
public record ExtractJobPolicy(int asyncAbove, int partSize, Duration staleAfter, Duration keptFor) {

    public static final int DEFAULT_ASYNC_ABOVE = 2_000;
    public static final int DEFAULT_PART_SIZE = 500;
    public static final Duration DEFAULT_STALE_AFTER = Duration.ofMinutes(5);
    public static final Duration DEFAULT_KEPT_FOR = Duration.ofDays(30);

    public ExtractJobPolicy {
        if (asyncAbove < 0 || partSize < 1 || staleAfter.isNegative() || staleAfter.isZero() || keptFor.isNegative()
                || keptFor.isZero()) {
            throw new IllegalArgumentException("bad extract job policy");
        }
    }

    /** The default policy with the threshold {@code asyncAbove} (the configured one). */
    public static ExtractJobPolicy above(int asyncAbove) {
        return new ExtractJobPolicy(asyncAbove, DEFAULT_PART_SIZE, DEFAULT_STALE_AFTER, DEFAULT_KEPT_FOR);
    }

    /** Whether an extract of {@code entries} entries is made by the job. */
    public boolean inBackground(long entries) {
        return entries > asyncAbove;
    }

    /** A RUNNING request whose last progress is before this is taken up again. */
    public Instant staleBefore(Instant now) {
        return now.minus(staleAfter);
    }

    /** When a result finished at {@code finished} is deleted. */
    public Instant expiresAt(Instant finished) {
        return finished.plus(keptFor);
    }

    /** How many parts of {@link #partSize} entries make {@code total} (at least one, even for none). */
    public int parts(int total) {
        return Math.max(1, (total + partSize - 1) / partSize);
    }
}
