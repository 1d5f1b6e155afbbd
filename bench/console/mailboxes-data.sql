-- N mailboxes (psql -v n=N) in one domain, holders "<surname> <name> <n>" over eight surnames, so one surname
-- prefix matches an eighth of them. Used by search.sh and pages.sh.
\timing on
INSERT INTO mail_domain (id, name, created_at) VALUES (100000000, 'bench.example', now());
INSERT INTO mailbox (id, address, domain_id, holder_name, reference_email, web_password_hash, status, created_at)
SELECT 100000000 + g, 'm' || g || '@bench.example', 100000000,
       (ARRAY['Rossi','Bianchi','Verdi','Russo','Ferrari','Esposito','Romano','Colombo'])[1 + g % 8]
         || ' ' || (ARRAY['Mario','Anna','Luca','Giulia','Marco','Sara','Paolo'])[1 + g % 7] || ' ' || g,
       'holder' || g || '@example.org',
       '$argon2id$v=19$m=19456,t=2,p=1$YmVuY2hzYWx0$YmVuY2hoYXNoYmVuY2hoYXNoYmVuY2hoYXNo', 'ACTIVE', now()
FROM generate_series(1, :n) g;
ANALYZE mailbox;
