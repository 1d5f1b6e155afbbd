-- Official Log extracts as recorded requests (holder-extract-job): a large extract is queued and made by the
-- holder-extracts job, which records its progress (entries done of total) and keeps the result (PDF and detached
-- signature in pdf/signature) until expires_at. Extracts made on the spot so far are READY and never expire.
-- Same statements on H2 and PostgreSQL.
ALTER TABLE holder_log_extract ADD COLUMN status VARCHAR(10) DEFAULT 'READY' NOT NULL;
ALTER TABLE holder_log_extract ADD CONSTRAINT ck_holder_log_extract_status
    CHECK (status IN ('QUEUED', 'RUNNING', 'READY', 'FAILED'));
-- who asked: the signed-in user (the holder or a delegated user of the mailbox)
ALTER TABLE holder_log_extract ADD COLUMN requester VARCHAR(320);
ALTER TABLE holder_log_extract ADD COLUMN doc_format VARCHAR(8) DEFAULT 'PDF' NOT NULL;
ALTER TABLE holder_log_extract ADD COLUMN doc_language VARCHAR(2) DEFAULT 'it' NOT NULL;
ALTER TABLE holder_log_extract ADD COLUMN entries_total INTEGER DEFAULT 0 NOT NULL;
ALTER TABLE holder_log_extract ADD COLUMN entries_done INTEGER DEFAULT 0 NOT NULL;
-- last sign of life of the worker: a RUNNING row without one for a while is taken up again
ALTER TABLE holder_log_extract ADD COLUMN progress_at TIMESTAMP WITH TIME ZONE;
ALTER TABLE holder_log_extract ADD COLUMN finished_at TIMESTAMP WITH TIME ZONE;
ALTER TABLE holder_log_extract ADD COLUMN expires_at TIMESTAMP WITH TIME ZONE;
ALTER TABLE holder_log_extract ADD COLUMN error VARCHAR(500);
UPDATE holder_log_extract SET entries_total = entries, entries_done = entries, finished_at = requested_at;
CREATE INDEX ix_holder_log_extract_status ON holder_log_extract (status, progress_at);
