#!/usr/bin/env bash
# The holder's area on PostgreSQL against the real server (./pec run): the dashboard's time (GET /my/index.xhtml,
# signed in) and the time until a signed Official Log extract of 10,000 entries is ready (the reports page's
# "signed extract" post; above pec.holder.extract.async-above, 2,000 by default, the request is queued for the
# holder-extracts job and the time runs until the reports page lists it READY: parts read, PDF, CMS signature, stored).
#   bench/holder/run.sh [entries (10000)]
# Env: BENCH_WORK (scratch dir, default /tmp/pec-bench-holder, wiped), BENCH_PORT_BASE (default 18000).
# Results: bench/results/holder-<time>.txt. Targets (issue 13): dashboard < 300 ms, extract < 10 s.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
# shellcheck source=../lifecycle/common.sh
source "$root/bench/lifecycle/common.sh"
n="${1:-10000}"
work="${BENCH_WORK:-/tmp/pec-bench-holder}"
pg_port=$((BENCH_PORT_BASE + 432))
stamp=$(date -u +%Y%m%d-%H%M%S)
out="$root/bench/results/holder-$stamp.txt"
pg() { "$root/bench/lifecycle/postgres.sh" psql "$work/pg" "$pg_port" "$@"; }
cleanup() { stop_server; "$root/bench/lifecycle/postgres.sh" stop "$work/pg"; }
trap cleanup EXIT

[[ -f "$root/pec-web/target/pec-web.war" ]] || (cd "$root" && mvn -B -q -o package -DskipTests -pl pec-web -am)
rm -rf "$work"; mkdir -p "$work" "$root/bench/results"
echo "== holder's area: dashboard and a signed log extract of $n entries, PostgreSQL ($stamp)" | tee "$out"
"$root/bench/lifecycle/postgres.sh" start "$work/pg" "$pg_port"
pg -c "CREATE ROLE pec LOGIN PASSWORD 'pec'" -c "CREATE DATABASE pec OWNER pec"
export PEC_DB_URL="jdbc:postgresql://127.0.0.1:$pg_port/pec" PEC_DB_USER=pec PEC_DB_PASSWORD=pec
start_server "$work/data" "$work/server.log" PEC_DOMAIN=pec.bench.test
api POST /api/admin/domains '{"name":"titolari.bench"}' > /dev/null
api POST /api/admin/mailboxes '{"address":"anna@titolari.bench","password":"Web-Password-1!","holderName":"Anna Bench","referenceEmail":"anna@example.org","plan":"pro","termYears":1,"paymentToken":"tok-visa-4242"}' > /dev/null

# n entries of the holder's own transmissions over the last 30 days (3 per transmission), amid other holders' ones
pg -d pec -v n="$n" <<'SQL'
\timing on
INSERT INTO pec_log (id, event_time, event_type, msgid, client_msgid, sender, recipients, subject, generated_ids, sending_provider, detail)
SELECT 5000000 + g,
       now() - ((:n - g)::double precision / :n) * interval '30 days',
       (ARRAY['ACCETTAZIONE','CONSEGNA','RICEZIONE_RICEVUTA'])[1 + g % 3],
       CASE WHEN g < :n THEN 'opec1.bench.' ELSE 'opec2.bench.' END || (g / 3) || '@pec.bench.test',
       '<client.' || (g / 3) || '@example.org>',
       CASE WHEN g < :n THEN 'anna@titolari.bench' ELSE 'other' || g || '@titolari.bench' END,
       'rcpt' || (g % 500) || '@pec.other.test',
       'Oggetto di prova numero ' || (g / 3), '<r.' || g || '@pec.bench.test>', 'pec.bench.test', null
FROM generate_series(0, :n * 3 - 1) g;
ANALYZE pec_log;
SQL
machine_info "$out"
python3 "$here/holder_bench.py" "https://127.0.0.1:$BENCH_HTTPS_PORT" anna@titolari.bench 'Web-Password-1!' "$n" | tee -a "$out"
