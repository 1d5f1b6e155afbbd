-- The registro keeps the whole detail of an event: a refusal that names a hundred recipients with their
-- reasons runs past 4,000 characters, and the official log must not keep only the start of it.
ALTER TABLE pec_log ALTER COLUMN detail SET DATA TYPE CHARACTER LARGE OBJECT;
