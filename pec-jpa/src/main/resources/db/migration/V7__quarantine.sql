-- Messages in which a virus was found, kept apart for 30 months (RFC 6109 §2.2.4, DPR 68/2005 art. 12) by
-- whichever point detected it. Each row holds one reference on its blob.
CREATE SEQUENCE quarantine_seq START WITH 50 INCREMENT BY 50;

CREATE TABLE quarantine (
    id          BIGINT        NOT NULL PRIMARY KEY,
    blob_id     BIGINT        NOT NULL,
    detected_at TIMESTAMP WITH TIME ZONE NOT NULL,
    keep_until  TIMESTAMP WITH TIME ZONE NOT NULL,
    virus       VARCHAR(255)  NOT NULL,
    -- ACCESS_POINT (a submission), RECEPTION_POINT (an envelope from another provider), ORDINARY (ordinary mail)
    origin      VARCHAR(32)   NOT NULL,
    msgid       VARCHAR(998),
    sender      VARCHAR(320)
);

CREATE INDEX ix_quarantine_keep_until ON quarantine (keep_until);
