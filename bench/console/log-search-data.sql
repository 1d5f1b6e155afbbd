\timing on
-- 10,000,000 log entries over 30 months (about 11,000 a day), 1,000 senders, each transmission 3 entries
INSERT INTO pec_log (id, event_time, event_type, msgid, client_msgid, sender, recipients, subject, generated_ids, sending_provider, detail)
SELECT 1000000 + g,
       now() - (g::double precision / 10000000) * interval '912 days',
       (ARRAY['ACCETTAZIONE','BUSTA_TRASPORTO','CONSEGNA','PRESA_IN_CARICO','RICEZIONE_RICEVUTA'])[1 + g % 5],
       'opec1.bench.' || (g / 3) || '@pec.bench.test',
       '<client.' || (g / 3) || '@example.org>',
       'sender' || (g % 1000) || '@bench.test',
       'rcpt' || (g % 5000) || '@other.test rcpt' || ((g + 7) % 5000) || '@other.test',
       'Oggetto ' || g, '<r.' || g || '@pec.bench.test>', 'Bench', null
FROM generate_series(1, 10000000) g;
ANALYZE pec_log;
