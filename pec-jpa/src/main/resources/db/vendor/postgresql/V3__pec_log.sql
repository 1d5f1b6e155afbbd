-- Registro dei messaggi (RFC 6109 §2.3), kept 30 months, partitioned by month so that retention drops a
-- whole partition. Monthly partitions are created ahead by the platform (LogPartitions); the default
-- partition catches anything outside them.
CREATE SEQUENCE pec_log_seq START WITH 50 INCREMENT BY 50;

CREATE TABLE pec_log (
    id               BIGINT        NOT NULL,
    event_time       TIMESTAMP WITH TIME ZONE NOT NULL,
    event_type       VARCHAR(40)   NOT NULL,
    msgid            VARCHAR(998),
    client_msgid     VARCHAR(998),
    sender           VARCHAR(320),
    recipients       TEXT,
    subject          VARCHAR(2000),
    generated_ids    TEXT,
    sending_provider VARCHAR(255),
    detail           VARCHAR(4000),
    PRIMARY KEY (id, event_time)
) PARTITION BY RANGE (event_time);

CREATE TABLE pec_log_default PARTITION OF pec_log DEFAULT;

CREATE INDEX ix_pec_log_time ON pec_log (event_time);
CREATE INDEX ix_pec_log_msgid ON pec_log (msgid);
CREATE INDEX ix_pec_log_sender ON pec_log (sender);
