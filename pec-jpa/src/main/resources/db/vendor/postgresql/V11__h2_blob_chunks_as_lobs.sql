-- Nothing to do on PostgreSQL (bytea chunk rows stream through the WAL); kept so both vendors share versions.
SELECT 1;
