-- Additional users get recovery codes with their TOTP, as holders do: the Argon2id hashes of the unused ones,
-- one a line; NULL when no TOTP is enrolled. Portable SQL.
ALTER TABLE mailbox_user ADD COLUMN totp_recovery_hashes VARCHAR(2000);
