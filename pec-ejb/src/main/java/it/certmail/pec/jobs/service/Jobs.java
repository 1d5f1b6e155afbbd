package it.certmail.pec.jobs.service;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import it.certmail.pec.jobs.model.JobRun;
import it.certmail.pec.jobs.model.JobTrigger;

/**
 * The scheduled jobs as the console, the REST API and the metrics see them: what there is, when it fires, whether it
 * runs, what its runs did, and a run by hand. A port: pec-batch implements it (Quartz and its job runner), so the web
 * layer never depends on the scheduler's internals (docs/layering.md).
 */
public interface Jobs {

    /** Every job, in no particular order. */
    List<ScheduledJob> jobs();

    Optional<ScheduledJob> job(String name);

    /** Whether the job runs on this node now. */
    boolean isRunning(String name);

    /**
     * Runs the job now on this node and waits for it.
     *
     * @return the finished record: COMPLETED with the job's counts, or FAILED with the error
     * @throws UnknownJobException when no job has this name
     * @throws JobAlreadyRunningException when the job is running on this node
     */
    JobRun run(String name, JobTrigger trigger);

    /**
     * Has the scheduler fire the job once now, on whichever node takes it.
     *
     * @throws UnknownJobException when no job has this name
     */
    void fireNow(String name);

    /** The job's next scheduled firing, if the scheduler has one. */
    Optional<Instant> nextFireTime(String name);

    /** The job's latest run, from any node. */
    Optional<JobRun> last(String name);

    /** The job's latest runs, newest first. */
    List<JobRun> recent(String name, int limit);

    /** Runs finished on this node since it started, by job name, sorted. */
    Map<String, RunTotals> runTotals();

    /** Whether the scheduler is up on this node. */
    boolean isStarted();

    /** This node's scheduler instance (the cluster's name for it). */
    String instanceId();

    /** One job's runs on this node: {@code seconds} over completed and failed runs together. */
    record RunTotals(long completed, long failed, double seconds) {
    }
}
