-- Holder's area (issue 13): the optional TOTP second factor of a mailbox's web sign-in. One row per mailbox that
-- enrolled; the recovery codes are kept as Argon2id hashes, one a line, a used one removed.
CREATE TABLE holder_second_factor (
    mailbox_id      BIGINT        NOT NULL PRIMARY KEY,
    -- Base32, as the holder's app was given it
    totp_secret     VARCHAR(64)   NOT NULL,
    -- a code works once: steps up to this one are spent
    last_step       BIGINT        NOT NULL,
    recovery_hashes VARCHAR(2000) NOT NULL,
    enrolled_at     TIMESTAMP WITH TIME ZONE NOT NULL,
    version         BIGINT        NOT NULL,
    CONSTRAINT fk_holder_second_factor_mailbox FOREIGN KEY (mailbox_id) REFERENCES mailbox (id) ON DELETE CASCADE
);
