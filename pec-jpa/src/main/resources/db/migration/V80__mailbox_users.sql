-- Additional users of a mailbox (issue 14, the USER_SEAT add-on): people the holder invites to the same mailbox's
-- webmail, each with an own login and web password; and the trail of what the webmail sent, and as whom.
-- Portable SQL (H2 2.2 and PostgreSQL 15); ids from sequences stepping by 50 as in V1.
CREATE SEQUENCE mailbox_user_seq START WITH 50 INCREMENT BY 50;
CREATE SEQUENCE webmail_send_record_seq START WITH 50 INCREMENT BY 50;

-- A login is never given twice (not even after a revocation): the trail names users by it.
CREATE TABLE mailbox_user (
    id            BIGINT       NOT NULL PRIMARY KEY,
    mailbox_id    BIGINT       NOT NULL,
    login         VARCHAR(320) NOT NULL,
    -- Argon2id PHC string, as the web passwords
    password_hash VARCHAR(200) NOT NULL,
    created_at    TIMESTAMP WITH TIME ZONE NOT NULL,
    -- NULL while the user may sign in
    revoked_at    TIMESTAMP WITH TIME ZONE,
    CONSTRAINT uq_mailbox_user_login UNIQUE (login),
    CONSTRAINT fk_mailbox_user_mailbox FOREIGN KEY (mailbox_id) REFERENCES mailbox (id) ON DELETE CASCADE
);
CREATE INDEX ix_mailbox_user_mailbox ON mailbox_user (mailbox_id);

-- One row per message the webmail sent: the holder (sent_by = the mailbox's address) or a user (their login).
CREATE TABLE webmail_send_record (
    id          BIGINT        NOT NULL PRIMARY KEY,
    mailbox_id  BIGINT        NOT NULL,
    sent_by     VARCHAR(320)  NOT NULL,
    sent_at     TIMESTAMP WITH TIME ZONE NOT NULL,
    message_id  VARCHAR(998)  NOT NULL,
    -- To and Cc, comma separated
    recipients  VARCHAR(4000) NOT NULL,
    CONSTRAINT fk_webmail_send_record_mailbox FOREIGN KEY (mailbox_id) REFERENCES mailbox (id) ON DELETE CASCADE
);
CREATE INDEX ix_webmail_send_record_mailbox ON webmail_send_record (mailbox_id, sent_at);
