-- The operators' mailbox list filtered by status or plan and sorted by address or creation date (issue 12): each
-- page is a range of one of these indexes (keyset paging on the sort key plus the address), not a scan of the table.
CREATE INDEX ix_mailbox_status_address ON mailbox (status, address);
CREATE INDEX ix_mailbox_plan_address ON mailbox (plan, address);
CREATE INDEX ix_mailbox_created_address ON mailbox (created_at, address);
