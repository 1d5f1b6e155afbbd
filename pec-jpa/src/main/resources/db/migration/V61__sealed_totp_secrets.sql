-- Holder's area (issue 13): second-factor secrets are sealed at rest (AES-256-GCM, "v1:" and Base64 of nonce,
-- ciphertext and tag; SealedSecrets), longer than the Base32 they replace. Rows written before stay readable as
-- Base32 and are sealed at their next use.
ALTER TABLE operator_account ALTER COLUMN totp_secret SET DATA TYPE VARCHAR(128);
ALTER TABLE holder_second_factor ALTER COLUMN totp_secret SET DATA TYPE VARCHAR(128);
ALTER TABLE holder_second_factor ALTER COLUMN totp_secret SET NOT NULL;
