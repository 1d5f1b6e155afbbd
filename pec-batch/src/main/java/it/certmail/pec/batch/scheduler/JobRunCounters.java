package it.certmail.pec.batch.scheduler;

import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Runs of each job finished on this node since it started, by outcome, and the time they took: the metrics'
 * counters (Prometheus sums the nodes). In memory: the job_run table keeps the history.
 */
public final class JobRunCounters {

    /** One job's totals; {@code seconds} over completed and failed runs together. */
    public record Totals(long completed, long failed, double seconds) {
    }

    private record Adders(LongAdder completed, LongAdder failed, LongAdder millis) {
    }

    private final Map<String, Adders> byJob = new ConcurrentHashMap<>();

    public void finished(String job, boolean completed, Duration took) {
        Adders a = byJob.computeIfAbsent(job, k -> new Adders(new LongAdder(), new LongAdder(), new LongAdder()));
        (completed ? a.completed() : a.failed()).increment();
        a.millis().add(Math.max(0, took.toMillis()));
    }

    /** By job name, sorted. */
    public Map<String, Totals> snapshot() {
        Map<String, Totals> out = new TreeMap<>();
        byJob.forEach((job, a) -> out.put(job, new Totals(a.completed().sum(), a.failed().sum(),
                a.millis().sum() / 1000.0)));
        return out;
    }
}
