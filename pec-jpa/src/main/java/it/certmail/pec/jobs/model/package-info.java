/**
 * Persistent record of the scheduled jobs' runs ({@link it.certmail.pec.jobs.model.JobRun}, table {@code job_run},
 * {@code db/migration/V6__job_runs.sql}). Quartz keeps its own tables ({@code QRTZ_*}, vendor migration V5).
 */
package it.certmail.pec.jobs.model;
