-- The console's and the API's mailbox search (GET /api/admin/mailboxes?q=): address and holder-name prefixes
-- served by range scans of these indexes, not by reading a million rows. text_pattern_ops lets LIKE 'prefix%'
-- use the index whatever the database collation; the holder is matched case-insensitively.
-- Keyset pages merge two ordered queries in Java (address and holder matches) and continue after the last address:
-- the database must order addresses as Java does (code points), not by a locale's rules that skip '.', '-', '_'.
ALTER TABLE mailbox ALTER COLUMN address TYPE VARCHAR(320) COLLATE "C";
CREATE INDEX ix_mailbox_address_pattern ON mailbox (address text_pattern_ops);
CREATE INDEX ix_mailbox_holder_lower ON mailbox (lower(holder_name) text_pattern_ops);
