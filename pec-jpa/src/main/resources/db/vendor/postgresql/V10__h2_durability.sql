-- Nothing to do on PostgreSQL (synchronous_commit is the server's setting); kept so both vendors share versions.
SELECT 1;
