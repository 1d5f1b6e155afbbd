package it.certmail.pec.documents.domain;

/**
 * How far a queued extract is: {@code done} entries read of {@code total} counted. The total is the count at request
 * time (capped at the most an extract holds); entries logged since may make {@code done} pass it, so the
 * percentage is capped at 100.
 */
public record ExtractProgress(int done, int total) implements java.io.Serializable {

    public ExtractProgress {
        if (done < 0 || total < 0) {
            throw new IllegalArgumentException("negative progress");
        }
    }

    /** Whole percent done, 0 to 100 (100 for an empty extract). */
    public int percent() {
        if (total == 0 || done >= total) {
            return 100;
        }
        return (int) (100L * done / total);
    }

    /** The {@code max} of a {@code <progress>} element: never below {@code done} (nor zero, which it refuses). */
    public int max() {
        return Math.max(1, Math.max(done, total));
    }

    /** The {@code value} of a {@code <progress>} element, within {@link #max()}. */
    public int value() {
        return Math.min(done, max());
    }
}
