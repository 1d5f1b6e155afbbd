-- Webmail settings (issue 14): the holder's rules on incoming mail, the notices of new PEC and the address book.
-- Portable SQL (H2 2.2 and PostgreSQL 15); ids from sequences stepping by 50 as in V1.
CREATE SEQUENCE mail_rule_seq START WITH 50 INCREMENT BY 50;
CREATE SEQUENCE address_contact_seq START WITH 50 INCREMENT BY 50;

-- A rule runs at delivery into INBOX, in seq_no order; every condition set must hold (all null: every message).
CREATE TABLE mail_rule (
    id               BIGINT       NOT NULL PRIMARY KEY,
    mailbox_id       BIGINT       NOT NULL,
    seq_no           INTEGER      NOT NULL,
    -- case-insensitive substrings; NULL: no condition
    sender_contains  VARCHAR(320),
    subject_contains VARCHAR(255),
    -- a PecMessageKind name or ORDINARY; NULL: any kind
    pec_kind         VARCHAR(32),
    -- actions: a folder of the mailbox, \Seen, \Flagged, and a copy or a notice to an ordinary address
    move_to          VARCHAR(255),
    mark_read        BOOLEAN      DEFAULT FALSE NOT NULL,
    flag             BOOLEAN      DEFAULT FALSE NOT NULL,
    forward_to       VARCHAR(320),
    -- COPY or NOTICE, with forward_to
    forward_mode     VARCHAR(8),
    created_at       TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT fk_mail_rule_mailbox FOREIGN KEY (mailbox_id) REFERENCES mailbox (id) ON DELETE CASCADE
);
CREATE INDEX ix_mail_rule_mailbox ON mail_rule (mailbox_id, seq_no);

-- Notices of new PEC: up to 3 ordinary e-mail addresses and up to 3 Italian mobile numbers, one a line.
CREATE TABLE new_mail_alert (
    mailbox_id    BIGINT        NOT NULL PRIMARY KEY,
    emails        VARCHAR(1000) DEFAULT '' NOT NULL,
    -- +39 numbers, digits only after the plus
    mobiles       VARCHAR(100)  DEFAULT '' NOT NULL,
    version       BIGINT        DEFAULT 0 NOT NULL,
    CONSTRAINT fk_new_mail_alert_mailbox FOREIGN KEY (mailbox_id) REFERENCES mailbox (id) ON DELETE CASCADE
);

-- The address book: one PEC address once per mailbox; groups are names, one a line.
CREATE TABLE address_contact (
    id          BIGINT        NOT NULL PRIMARY KEY,
    mailbox_id  BIGINT        NOT NULL,
    name        VARCHAR(255)  NOT NULL,
    -- lower-case
    address     VARCHAR(320)  NOT NULL,
    group_names VARCHAR(1000) DEFAULT '' NOT NULL,
    created_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT uk_address_contact UNIQUE (mailbox_id, address),
    CONSTRAINT fk_address_contact_mailbox FOREIGN KEY (mailbox_id) REFERENCES mailbox (id) ON DELETE CASCADE
);

-- Automatic archiving: which kinds arriving in INBOX get a copy in the Archive folder (its own quota).
CREATE TABLE auto_archive (
    mailbox_id BIGINT       NOT NULL PRIMARY KEY,
    -- ArchivePolicy.Kind names, one a line
    kinds      VARCHAR(100) DEFAULT '' NOT NULL,
    version    BIGINT       DEFAULT 0 NOT NULL,
    CONSTRAINT fk_auto_archive_mailbox FOREIGN KEY (mailbox_id) REFERENCES mailbox (id) ON DELETE CASCADE
);
