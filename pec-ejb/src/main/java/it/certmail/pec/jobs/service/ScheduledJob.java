package it.certmail.pec.jobs.service;

/** A scheduled job as admins see it (pec-batch's jobs are these). */
public interface ScheduledJob {

    /** Unique, stable, lower-case with dashes ({@code log-retention}): the scheduler's key and the REST path. */
    String name();

    /** One line for admins. */
    String description();

    /** When it fires. */
    Timing schedule();

    /** When a job fires, in words for admins. */
    interface Timing {

        /** {@code every PT5M} or {@code cron 0 15 3 * * ? Europe/Rome}. */
        String describe();
    }
}
