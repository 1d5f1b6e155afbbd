-- The hash chain of the registro (LogChainStore): each entry's position in its UTC day's chain and its hash,
-- written once by the chaining step. Null until then. Added to every partition, present and future.
ALTER TABLE pec_log ADD COLUMN chain_seq BIGINT;
ALTER TABLE pec_log ADD COLUMN entry_hash VARCHAR(64);
-- the chainer looks for the entries not chained yet, in time order: only those are in this index
CREATE INDEX ix_pec_log_unchained ON pec_log (event_time, id) WHERE chain_seq IS NULL;
