-- The presa in carico of our own transmissions (our reception point taking in an envelope our access point sent)
-- is kept with the recipient's delivery state instead of being filed in the service mailbox's INBOX: the signed
-- receipt stays a blob (one reference per row that names it), so it can still be produced as evidence.
-- No foreign key: the blob's reference count keeps it, and a key check would cost a statement per update.
ALTER TABLE recipient_tracking ADD COLUMN take_charge_blob_id BIGINT;
