-- Lifecycle benchmark data, straight into the tables (psql variables: n = mailboxes, every = one due in `every`,
-- log_rows = log entries in the month to remove, old_month / kept_month = 'YYYY-MM-01').
-- Rows are what MailboxService + JpaBilling.activate would write: 5 default folders per mailbox, one subscription,
-- next_step / next_step_at as LifecycleMachine.next computes them. Ids sit far above what JPA has handed out, and
-- the sequences are moved past them.
--   due (1 in `every`), not renewing automatically, expired 1..600 hours ago:
--     5/10 standard (super reception)  -> EXPIRE -> GRACE
--     3/10 classic-1y (reception only) -> EXPIRE -> RECEPTION_ONLY (archive deleted, add-ons ended)
--     2/10 monthly (cessation)         -> START_CESSATION -> CESSATION
--   the others: standard, renewing automatically, expiring in 30..364 days -> CHARGE (billing job) not yet due
\timing on
BEGIN;
INSERT INTO mail_domain (id, name, created_at) VALUES (100000000, 'bench.example', now());

CREATE TEMP TABLE bench_plan AS
SELECT g,
       (g % :every = 0) AS due,
       CASE WHEN g % :every <> 0 THEN 'standard'
            WHEN (g / :every) % 10 < 5 THEN 'standard'
            WHEN (g / :every) % 10 < 8 THEN 'classic-1y'
            ELSE 'monthly' END AS plan,
       CASE WHEN g % :every = 0 THEN date_trunc('second', now()) - make_interval(hours => 1 + g % 600)
            ELSE date_trunc('second', now()) + make_interval(days => 30 + g % 335) END AS expires
FROM generate_series(1, :n) g;

INSERT INTO mailbox (id, address, domain_id, holder_name, reference_email, web_password_hash, status, quota_bytes,
                     plan, created_at, expires_at)
SELECT 100000000 + g, 'm' || g || '@bench.example', 100000000, 'Titolare ' || g, 'holder' || g || '@example.org',
       '$argon2id$v=19$m=19456,t=2,p=1$YmVuY2hzYWx0$YmVuY2hoYXNoYmVuY2hoYXNoYmVuY2hoYXNo', 'ACTIVE',
       CASE plan WHEN 'classic-1y' THEN 2147483648 WHEN 'monthly' THEN 2147483648 ELSE 1073741824 END,
       plan, expires - CASE plan WHEN 'monthly' THEN interval '1 month' ELSE interval '1 year' END, expires
FROM bench_plan;

INSERT INTO mail_folder (id, mailbox_id, name, special_use, uid_validity)
SELECT 200000000 + g * 8 + k, 100000000 + g, f.name, f.special_use, 1700000000 + g
FROM bench_plan
CROSS JOIN (VALUES (0, 'INBOX', NULL), (1, 'Sent', 'SENT'), (2, 'Drafts', 'DRAFTS'), (3, 'Trash', 'TRASH'),
                   (4, 'Archive', 'ARCHIVE')) AS f(k, name, special_use);

INSERT INTO subscription (id, mailbox_id, plan_code, term_years, auto_renew, payment_token, activated_at, anchor_at,
                          paid_months, phase, expires_at, phase_since, next_step, next_step_at)
SELECT 100000000 + g, 100000000 + g, plan, 1, NOT due, CASE WHEN due THEN NULL ELSE 'tok_bench' END,
       expires - CASE plan WHEN 'monthly' THEN interval '1 month' ELSE interval '1 year' END,
       expires - CASE plan WHEN 'monthly' THEN interval '1 month' ELSE interval '1 year' END,
       CASE plan WHEN 'monthly' THEN 1 ELSE 12 END, 'ACTIVE', expires,
       expires - CASE plan WHEN 'monthly' THEN interval '1 month' ELSE interval '1 year' END,
       CASE WHEN NOT due THEN 'CHARGE' WHEN plan = 'monthly' THEN 'START_CESSATION' ELSE 'EXPIRE' END,
       CASE WHEN due THEN expires ELSE expires - interval '7 days' END
FROM bench_plan;

SELECT setval('mailbox_seq', 2000000000), setval('mail_folder_seq', 2000000000),
       setval('subscription_seq', 2000000000), setval('mail_domain_seq', 2000000000);
COMMIT;

-- the registro: one month past retention, in its monthly partition (as LogPartitions creates them), and one kept month
SELECT format('CREATE TABLE pec_log_y%sm%s PARTITION OF pec_log FOR VALUES FROM (%L) TO (%L)',
              to_char(d, 'YYYY'), to_char(d, 'MM'), d, d + interval '1 month')
FROM (VALUES (:'old_month'::timestamptz), (:'kept_month'::timestamptz)) AS m(d) \gexec

INSERT INTO pec_log (id, event_time, event_type, msgid, client_msgid, sender, recipients, subject, detail)
SELECT 100000000 + g, :'old_month'::timestamptz + make_interval(secs => g % (28 * 86400)), 'ACCETTAZIONE',
       'opec' || g || '.20240401000000.00001.01.1.01@pec.localhost', '<' || g || '@client.example>',
       'm' || (g % 100000) || '@bench.example', 'r' || (g % 5000) || '@other.example', 'Oggetto ' || g, NULL
FROM generate_series(1, :log_rows) g;

INSERT INTO pec_log (id, event_time, event_type, msgid, client_msgid, sender, recipients, subject, detail)
SELECT 300000000 + g, :'kept_month'::timestamptz + make_interval(secs => g % (28 * 86400)), 'CONSEGNA',
       'kept' || g || '@pec.localhost', NULL, 'm' || (g % 100000) || '@bench.example', 'r@other.example',
       'Oggetto ' || g, NULL
FROM generate_series(1, 100000) g;

ANALYZE mail_domain; ANALYZE mailbox; ANALYZE mail_folder; ANALYZE subscription; ANALYZE pec_log;
