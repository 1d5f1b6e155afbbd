package it.certmail.pec.batch.scheduler;

import java.time.Instant;

import it.certmail.pec.jobs.model.JobTrigger;

/**
 * One run of a job: its name, who started it, and its one time reference, read once from the service clock when
 * the run starts (so that everything the run writes carries the same time, RFC 6109 §4.1).
 */
public record JobContext(String jobName, JobTrigger trigger, Instant now) {
}
