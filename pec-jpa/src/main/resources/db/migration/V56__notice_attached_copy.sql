-- Webmail rules (issue 14): a notice may carry a copy of a stored message (a rule's "forward a copy"). The notice
-- holds a reference on the blob (message_blob.ref_count) until it is sent or given up, so deleting the message
-- meanwhile loses nothing.
ALTER TABLE notice ADD COLUMN attached_blob_id BIGINT;
