package it.certmail.pec.batch.jobs;

import java.util.List;
import java.util.Objects;
import java.util.logging.Logger;

import it.certmail.pec.batch.scheduler.JobReport;

/**
 * One run of a job that works through due items in batches, each batch one transaction: a batch that fails
 * commits nothing and is redone one item per transaction, so a broken item costs only itself. It is held (the
 * service decides for how long), counted as an error and named in the report; the others go on.
 */
final class OneByOneOnFailure {

    private static final Logger LOG = Logger.getLogger(OneByOneOnFailure.class.getName());
    private static final int MAX_DETAIL = 1000;

    /** What the job does; {@link #process} and {@link #hold} each in a transaction of their own. */
    interface Items {

        /** The next due items, at most {@code max}; an item processed or held is no longer due. */
        List<Long> due(int max);

        /** Processes these items in one transaction, all or nothing; returns how many acts it performed. */
        int process(List<Long> ids);

        /** Sets aside an item that failed on its own, with why. */
        void hold(long id, String error);
    }

    private final Items items;
    private final int batch;
    private final String unit;

    /** @param unit what the report counts, in the plural ("notices sent") */
    OneByOneOnFailure(Items items, int batch, String unit) {
        this.items = Objects.requireNonNull(items, "items");
        this.batch = Math.max(1, batch);
        this.unit = Objects.requireNonNull(unit, "unit");
    }

    JobReport run() {
        long done = 0;
        long held = 0;
        StringBuilder detail = new StringBuilder();
        List<Long> due = List.of();
        do {
            List<Long> previous = due;
            due = items.due(batch);
            // the same items due again means the service left them due: stop rather than loop on them
            if (due.isEmpty() || due.equals(previous)) {
                break;
            }
            try {
                done += items.process(due);
            } catch (RuntimeException batchFailed) {
                LOG.warning(() -> "a batch of " + unit + " failed, redone one by one: " + batchFailed);
                for (Long id : due) {
                    try {
                        done += items.process(List.of(id));
                    } catch (RuntimeException e) {
                        held++;
                        if (detail.length() < MAX_DETAIL) {
                            detail.append("; item ").append(id).append(" held: ").append(e.getMessage());
                        }
                        try {
                            items.hold(id, String.valueOf(e.getMessage()));
                        } catch (RuntimeException holdFailed) {
                            // the item stays due and is tried again next run; the rest of this batch goes on
                            LOG.warning(() -> "item " + id + " could not be held: " + holdFailed);
                        }
                    }
                }
            }
        } while (due.size() == batch);
        return new JobReport(done, held, done + " " + unit + detail);
    }
}
