-- Additional users (issue 14) sign in with their own web password and, once they enrolled it, a TOTP code.
-- The secret is sealed as the holders' one (SealedSecrets); last_step: a code works once. Portable SQL.
ALTER TABLE mailbox_user ADD COLUMN totp_secret VARCHAR(128);
ALTER TABLE mailbox_user ADD COLUMN totp_last_step BIGINT;
