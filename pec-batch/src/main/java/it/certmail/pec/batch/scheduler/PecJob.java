package it.certmail.pec.batch.scheduler;

import it.certmail.pec.jobs.service.ScheduledJob;

/**
 * Job pianificato: one scheduled job of the platform. Adding a job is one class: an {@code @ApplicationScoped} CDI
 * bean implementing this interface, in pec-batch. At start the {@link JobScheduler} registers every such bean with
 * Quartz under its {@link #name()} (clustered: one node runs each firing), and admins can run it at once with
 * {@code POST /api/admin/jobs/{name}/run}. Every run is recorded in {@code job_run}.
 *
 * <p>A run must stay short: it finds what is due and calls {@code @Stateless} services, each call its own
 * transaction (the run itself has none). It takes its time from {@link JobContext#now()}, never from
 * {@code Instant.now()}. Runs of one job never overlap in the cluster when scheduled, nor on one node when
 * started by hand.
 */
public interface PecJob extends ScheduledJob {

    /** Unique, stable, lower-case with dashes ({@code log-retention}): the Quartz key and the REST path. */
    @Override
    String name();

    /** One line for admins. */
    @Override
    String description();

    /** When Quartz fires it. A missed firing (all nodes down) runs once as soon as a node is back. */
    @Override
    JobSchedule schedule();

    /**
     * Does the work due at {@code context.now()}.
     *
     * @return what it did; an exception marks the run FAILED with the exception's message
     */
    JobReport run(JobContext context) throws Exception;
}
