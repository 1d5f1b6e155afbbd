-- The PEC transport's durable work (architecture.md §3): what the access point accepted, per-recipient
-- tracking for the 12 h / 24 h notices, and the two work queues (reception, SMTP relay). Rows are claimed
-- with a lease, so any node can take over the work of a crashed one. Portable SQL (H2 2.2, PostgreSQL 15).
CREATE SEQUENCE transmission_seq START WITH 50 INCREMENT BY 50;
CREATE SEQUENCE recipient_tracking_seq START WITH 50 INCREMENT BY 50;
CREATE SEQUENCE work_item_seq START WITH 50 INCREMENT BY 50;

-- One busta di trasporto issued by our access point.
CREATE TABLE transmission (
    id              BIGINT        NOT NULL PRIMARY KEY,
    pec_msgid       VARCHAR(998)  NOT NULL,
    client_msgid    VARCHAR(998),
    sender          VARCHAR(320)  NOT NULL,
    subject         VARCHAR(2000),
    accepted_at     TIMESTAMP WITH TIME ZONE NOT NULL,
    envelope_blob   BIGINT        NOT NULL,
    -- daticert of the envelope, the facts every later receipt repeats
    daticert        BYTEA         NOT NULL,
    CONSTRAINT uk_transmission_msgid UNIQUE (pec_msgid)
);

-- One recipient of a transmission: what came back for it, and the notices already sent.
CREATE TABLE recipient_tracking (
    id              BIGINT        NOT NULL PRIMARY KEY,
    transmission_id BIGINT        NOT NULL,
    recipient       VARCHAR(320)  NOT NULL,
    certified       BOOLEAN       NOT NULL,
    dispatched_at   TIMESTAMP WITH TIME ZONE NOT NULL,
    taken_charge_at TIMESTAMP WITH TIME ZONE,
    delivered_at    TIMESTAMP WITH TIME ZONE,
    failed_at       TIMESTAMP WITH TIME ZONE,
    warning_sent    BOOLEAN       DEFAULT FALSE NOT NULL,
    final_sent      BOOLEAN       DEFAULT FALSE NOT NULL,
    -- when the timeouts job must look again; NULL when tracking is over
    next_check_at   TIMESTAMP WITH TIME ZONE,
    version         BIGINT        DEFAULT 0 NOT NULL,
    CONSTRAINT uk_recipient_tracking UNIQUE (transmission_id, recipient),
    CONSTRAINT fk_recipient_tracking_transmission FOREIGN KEY (transmission_id) REFERENCES transmission (id)
);

CREATE INDEX ix_recipient_tracking_next_check ON recipient_tracking (next_check_at);

-- A unit of work: a message for the reception point (queue RECEPTION: local deliveries and what came in over
-- SMTP) or for another host (queue RELAY). The bytes are a blob; the envelope is MAIL FROM + RCPT TO.
CREATE TABLE work_item (
    id              BIGINT        NOT NULL PRIMARY KEY,
    queue           VARCHAR(16)   NOT NULL,
    state           VARCHAR(16)   NOT NULL,
    blob_id         BIGINT        NOT NULL,
    mail_from       VARCHAR(320)  NOT NULL,
    -- space separated
    recipients      VARCHAR(100000) NOT NULL,
    -- RELAY: the destination domain (route key); RECEPTION: the SMTP client or 'local'
    target          VARCHAR(255)  NOT NULL,
    tls             BOOLEAN       DEFAULT FALSE NOT NULL,
    created_at      TIMESTAMP WITH TIME ZONE NOT NULL,
    next_attempt_at TIMESTAMP WITH TIME ZONE NOT NULL,
    expires_at      TIMESTAMP WITH TIME ZONE NOT NULL,
    attempts        INTEGER       DEFAULT 0 NOT NULL,
    lease_owner     VARCHAR(128),
    lease_until     TIMESTAMP WITH TIME ZONE,
    last_error      VARCHAR(4000),
    version         BIGINT        DEFAULT 0 NOT NULL
);

CREATE INDEX ix_work_item_due ON work_item (queue, state, next_attempt_at);
