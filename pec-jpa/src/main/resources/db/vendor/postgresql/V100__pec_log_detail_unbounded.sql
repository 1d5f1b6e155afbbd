-- The registro keeps the whole detail of an event: a refusal that names a hundred recipients with their
-- reasons runs past 4,000 characters, and the official log must not keep only the start of it.
-- VARCHAR to TEXT is binary compatible: no partition is rewritten.
ALTER TABLE pec_log ALTER COLUMN detail TYPE TEXT;
