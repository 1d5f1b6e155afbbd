-- pec_log is created per vendor (V3), so its indexes are too
-- The console's message trace finds a transaction by the client's Message-ID as well as by its PEC msgid
-- (MessageTraceService.search): without this index that search would read the whole registro (10,000,000 entries).
-- On PostgreSQL an index on the partitioned table is created on every partition, present and future.
CREATE INDEX ix_pec_log_client_msgid ON pec_log (client_msgid);
