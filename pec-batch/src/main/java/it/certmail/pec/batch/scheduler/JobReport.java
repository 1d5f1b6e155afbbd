package it.certmail.pec.batch.scheduler;

/**
 * What a run did: items processed, items that failed (the run still COMPLETED, the failures are counted and
 * told in {@code detail}), and a short text for admins.
 */
public record JobReport(long processed, long errors, String detail) {

    public JobReport {
        if (processed < 0 || errors < 0) {
            throw new IllegalArgumentException("counts cannot be negative: " + processed + ", " + errors);
        }
    }

    public static JobReport of(long processed, String detail) {
        return new JobReport(processed, 0, detail);
    }
}
