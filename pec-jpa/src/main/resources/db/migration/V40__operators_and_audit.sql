-- Operator accounts of the console and the admin API (issue 12), and the audit trail of their changes.
-- Portable SQL (H2 2.2, PostgreSQL 15). The append-only guard of audit_record is vendor-specific (V41).

-- One row per operator, the built-in admin included: its password stays pec.admin.password (or the generated hash
-- in the data directory), but its TOTP secret and recovery codes live here, so every node agrees on them.
-- password_hash NULL = the built-in admin (its password is not kept in the database).
CREATE TABLE operator_account (
    username        VARCHAR(64)   NOT NULL,
    role            VARCHAR(16)   NOT NULL,
    password_hash   VARCHAR(200),
    disabled        BOOLEAN       DEFAULT FALSE NOT NULL,
    -- Base32 TOTP secret; NULL until the operator enrols at the first sign-in
    totp_secret     VARCHAR(64),
    -- a code works once: time steps up to this one are spent, on every node
    totp_last_step  BIGINT        DEFAULT 0 NOT NULL,
    -- Argon2id hashes of the unused recovery codes, one per line
    recovery_hashes VARCHAR(2000),
    created_at      TIMESTAMP WITH TIME ZONE NOT NULL,
    created_by      VARCHAR(64)   NOT NULL,
    CONSTRAINT pk_operator_account PRIMARY KEY (username),
    CONSTRAINT ck_operator_role CHECK (role IN ('ADMIN', 'OPERATOR', 'AUDITOR'))
);

-- Registro delle modifiche: who changed what, when, from where. Rows are only ever inserted.
CREATE SEQUENCE audit_record_seq START WITH 50 INCREMENT BY 50;

CREATE TABLE audit_record (
    id            BIGINT        NOT NULL PRIMARY KEY,
    recorded_at   TIMESTAMP WITH TIME ZONE NOT NULL,
    actor         VARCHAR(64)   NOT NULL,
    actor_role    VARCHAR(16)   NOT NULL,
    -- the client's address as the server saw it
    address       VARCHAR(64)   NOT NULL,
    -- 'console' or 'api'
    channel       VARCHAR(16)   NOT NULL,
    action        VARCHAR(100)  NOT NULL,
    target        VARCHAR(320)  NOT NULL,
    before_value  VARCHAR(4000),
    after_value   VARCHAR(4000)
);

CREATE INDEX ix_audit_recorded_at ON audit_record (recorded_at);
CREATE INDEX ix_audit_actor ON audit_record (actor, id);
CREATE INDEX ix_audit_target ON audit_record (target, id);
