-- ADR 0003: one delivery state per recipient. The tracking row of each recipient becomes its delivery row: how the
-- message leaves us (filed by our reception point, or queued for the relay with its attempts, next attempt, 24 h
-- limit and lease, then handed on, refused, expired or held) beside what came back for it. The relay works these
-- rows, one per recipient, instead of a work item per domain with its recipients in a string. A message we relay
-- that is not a transmission of ours (a receipt for another provider's user) has rows without a transmission.
ALTER TABLE recipient_tracking RENAME TO delivery;
ALTER TABLE delivery ALTER COLUMN transmission_id DROP NOT NULL;
-- rows of earlier releases left us already (our reception point or the relay work items, moved at start-up by
-- RelayWorkMove into rows QUEUED again when still pending)
ALTER TABLE delivery ADD COLUMN status VARCHAR(16) DEFAULT 'RELAYED' NOT NULL;
ALTER TABLE delivery ADD COLUMN domain VARCHAR(255);
-- the row holds one reference on the blob while QUEUED or HELD (no foreign key, as take_charge_blob_id)
ALTER TABLE delivery ADD COLUMN blob_id BIGINT;
ALTER TABLE delivery ADD COLUMN mail_from VARCHAR(320);
ALTER TABLE delivery ADD COLUMN attempts INTEGER DEFAULT 0 NOT NULL;
ALTER TABLE delivery ADD COLUMN next_attempt_at TIMESTAMP WITH TIME ZONE;
ALTER TABLE delivery ADD COLUMN expire_at TIMESTAMP WITH TIME ZONE;
ALTER TABLE delivery ADD COLUMN lease_owner VARCHAR(128);
ALTER TABLE delivery ADD COLUMN lease_until TIMESTAMP WITH TIME ZONE;
ALTER TABLE delivery ADD COLUMN last_error VARCHAR(4000);
-- the relay's claim: the due rows of status QUEUED, the next due first
CREATE INDEX ix_delivery_relay_due ON delivery (status, next_attempt_at);
-- a relay attempt takes the due rows of one (message, domain)
CREATE INDEX ix_delivery_blob ON delivery (blob_id, domain);
