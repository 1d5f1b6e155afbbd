package it.certmail.pec.jobs.model;

/** Where a job run stands: RUNNING until it ends COMPLETED (possibly with errors counted) or FAILED (it threw). */
public enum JobRunStatus {
    RUNNING,
    COMPLETED,
    FAILED
}
