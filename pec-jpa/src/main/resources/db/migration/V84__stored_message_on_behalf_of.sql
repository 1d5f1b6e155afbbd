-- The sender a PEC envelope names in its From display name ("Per conto di: mario@pec.it"), kept at deposit so the
-- webmail's sender search finds envelopes by their real sender, not only by the provider's address. NULL for
-- other messages, and for those stored before this column (the search then matches their From address only).
ALTER TABLE stored_message ADD COLUMN on_behalf_of VARCHAR(320);
