-- The console's and the API's mailbox search (GET /api/admin/mailboxes?q=): address and holder-name prefixes
-- served by range scans of these indexes, not by reading a million rows. text_pattern_ops lets LIKE 'prefix%'
-- use the index whatever the database collation; the holder is matched case-insensitively.
CREATE INDEX ix_mailbox_address_pattern ON mailbox (address text_pattern_ops);
CREATE INDEX ix_mailbox_holder_lower ON mailbox (lower(holder_name) text_pattern_ops);
