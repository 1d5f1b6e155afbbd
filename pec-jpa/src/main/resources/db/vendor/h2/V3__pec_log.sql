-- Registro dei messaggi (RFC 6109 §2.3), kept 30 months. H2 has no partitions: retention deletes by time.
CREATE SEQUENCE pec_log_seq START WITH 50 INCREMENT BY 50;

CREATE TABLE pec_log (
    id               BIGINT        NOT NULL PRIMARY KEY,
    event_time       TIMESTAMP WITH TIME ZONE NOT NULL,
    event_type       VARCHAR(40)   NOT NULL,
    msgid            VARCHAR(998),
    client_msgid     VARCHAR(998),
    sender           VARCHAR(320),
    recipients       CHARACTER LARGE OBJECT,
    subject          VARCHAR(2000),
    generated_ids    CHARACTER LARGE OBJECT,
    sending_provider VARCHAR(255),
    detail           VARCHAR(4000)
);

CREATE INDEX ix_pec_log_time ON pec_log (event_time);
CREATE INDEX ix_pec_log_msgid ON pec_log (msgid);
CREATE INDEX ix_pec_log_sender ON pec_log (sender);
