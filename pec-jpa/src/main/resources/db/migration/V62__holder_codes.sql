-- Holder's area (issue 13): one-time codes (password recovery, a new reference e-mail) and recovery grants in the
-- database, so that a code asked for on one node works on another and after a restart. Only hashes are kept; a
-- row whose code expired and whose issue times are older than an hour is deleted at the next issue.
CREATE TABLE holder_code (
    purpose_key    VARCHAR(400)  NOT NULL PRIMARY KEY,
    -- SHA-256 (hex) of the key and the live code or grant token; NULL when none is live
    code_hash      VARCHAR(64),
    expires_at     TIMESTAMP WITH TIME ZONE,
    wrong_guesses  INTEGER       NOT NULL,
    -- issue times within the last hour, epoch milliseconds, comma-separated (the rate limit)
    issued_at      VARCHAR(200)  NOT NULL,
    last_issued_at TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX ix_holder_code_last_issued ON holder_code (last_issued_at);
