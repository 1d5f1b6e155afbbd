\timing on
-- the shapes MessageTraceService.search sends (EclipseLink: the columns of LogEntry, LIMIT = page + 1)
EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) SELECT * FROM pec_log WHERE msgid = 'opec1.bench.1234567@pec.bench.test' ORDER BY event_time DESC, id DESC LIMIT 51;
EXPLAIN (ANALYZE, COSTS OFF) SELECT * FROM pec_log WHERE client_msgid IN ('client.1234567@example.org', '<client.1234567@example.org>') ORDER BY event_time DESC, id DESC LIMIT 51;
EXPLAIN (ANALYZE, COSTS OFF) SELECT * FROM pec_log WHERE event_time >= now() - interval '31 days' AND event_time < now() + interval '1 minute' ORDER BY event_time DESC, id DESC LIMIT 51;
EXPLAIN (ANALYZE, COSTS OFF) SELECT * FROM pec_log WHERE LOWER(sender) = 'sender42@bench.test' AND event_time >= now() - interval '31 days' AND event_time < now() + interval '1 minute' ORDER BY event_time DESC, id DESC LIMIT 51;
EXPLAIN (ANALYZE, COSTS OFF) SELECT * FROM pec_log WHERE LOWER(CONCAT(' ', recipients, ' ')) LIKE '% rcpt42@other.test %' ESCAPE '!' AND event_time >= now() - interval '31 days' AND event_time < now() + interval '1 minute' ORDER BY event_time DESC, id DESC LIMIT 51;
-- worst case: nothing matches, the whole 31-day window is read
EXPLAIN (ANALYZE, COSTS OFF) SELECT * FROM pec_log WHERE LOWER(sender) = 'nobody@bench.test' AND event_time >= now() - interval '31 days' AND event_time < now() + interval '1 minute' ORDER BY event_time DESC, id DESC LIMIT 51;
EXPLAIN (ANALYZE, COSTS OFF) SELECT * FROM pec_log WHERE LOWER(CONCAT(' ', recipients, ' ')) LIKE '% nobody@other.test %' ESCAPE '!' AND event_time >= now() - interval '31 days' AND event_time < now() + interval '1 minute' ORDER BY event_time DESC, id DESC LIMIT 51;
-- a deep keyset page of the time-only search (with the redundant upper bound the service adds)
EXPLAIN (ANALYZE, COSTS OFF) SELECT * FROM pec_log WHERE event_time >= now() - interval '31 days' AND event_time < now() AND event_time <= now() - interval '20 days' AND (event_time < now() - interval '20 days' OR (event_time = now() - interval '20 days' AND id < 5000000)) ORDER BY event_time DESC, id DESC LIMIT 51;
