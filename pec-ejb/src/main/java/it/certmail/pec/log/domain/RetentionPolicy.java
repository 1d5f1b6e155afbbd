package it.certmail.pec.log.domain;

import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;

/**
 * The log is kept 30 months (RFC 6109 §2.3, DPR 68/2005): whole months are removed once all their entries are
 * older than that. Months are UTC calendar months, the partitions of the log table.
 */
public record RetentionPolicy(int months) {

    public static final RetentionPolicy PEC_LOG = new RetentionPolicy(30);

    public RetentionPolicy {
        if (months < 30) {
            throw new IllegalArgumentException("the PEC log must be kept at least 30 months");
        }
    }

    /** The first month still kept at {@code now}: every month before it may go. */
    public YearMonth firstKeptMonth(Instant now) {
        return YearMonth.from(now.atOffset(ZoneOffset.UTC)).minusMonths(months);
    }

    /** Entries strictly before this instant may be removed. */
    public Instant cutoff(Instant now) {
        return firstKeptMonth(now).atDay(1).atStartOfDay().toInstant(ZoneOffset.UTC);
    }
}
