-- The console's and the API's mailbox search (GET /api/admin/mailboxes?q=). H2 has no expression indexes: the
-- address prefix uses the unique address index; the holder prefix is a scan (the embedded default is small).
CREATE INDEX ix_mailbox_holder ON mailbox (holder_name);
