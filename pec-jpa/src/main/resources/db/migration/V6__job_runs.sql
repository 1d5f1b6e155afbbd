-- One row per run of a scheduled job (scheduled by Quartz or started by an admin): written RUNNING when the run
-- starts, in its own transaction, then COMPLETED or FAILED with the counts, so a failed job leaves its record.
-- Portable SQL (H2 2.2, PostgreSQL 15). The trigger column is triggered_by: TRIGGER is an SQL reserved word.
CREATE SEQUENCE job_run_seq START WITH 50 INCREMENT BY 50;

CREATE TABLE job_run (
    id           BIGINT        NOT NULL PRIMARY KEY,
    job_name     VARCHAR(100)  NOT NULL,
    triggered_by VARCHAR(16)   NOT NULL,
    started_at   TIMESTAMP WITH TIME ZONE NOT NULL,
    finished_at  TIMESTAMP WITH TIME ZONE,
    status       VARCHAR(16)   NOT NULL,
    processed    BIGINT        DEFAULT 0 NOT NULL,
    errors       BIGINT        DEFAULT 0 NOT NULL,
    detail       VARCHAR(4000),
    -- the node (Quartz instance or host) that ran it
    node         VARCHAR(200)  NOT NULL,
    CONSTRAINT ck_job_run_trigger CHECK (triggered_by IN ('schedule', 'manual')),
    CONSTRAINT ck_job_run_status CHECK (status IN ('RUNNING', 'COMPLETED', 'FAILED'))
);

CREATE INDEX ix_job_run_job_started ON job_run (job_name, started_at);
