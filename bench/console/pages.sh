#!/usr/bin/env bash
# Every console page at scale on PostgreSQL: 1,000,000 mailboxes and 10,000,000 official-log entries put straight
# into the tables, the real server (./pec run), and pages.py signing in as the built-in admin (password + TOTP) and
# timing each page and each search form as the browser asks for it (issue 12's target: under 300 ms each).
#   bench/console/pages.sh [mailboxes (1000000)] [log entries: the data file makes 10,000,000]
# Env: BENCH_WORK (scratch dir, default /tmp/pec-bench-pages, wiped), BENCH_PORT_BASE (default 18000),
#      BENCH_SKIP_LOG=1 leaves the log empty (a quick run), BENCH_REUSE=1 times the pages again on the data of
#      the last run (kept in BENCH_WORK; generating it takes about 15 minutes).
# Results: bench/results/console-pages-<time>.txt.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
# shellcheck source=../lifecycle/common.sh
source "$root/bench/lifecycle/common.sh"
n="${1:-1000000}"
work="${BENCH_WORK:-/tmp/pec-bench-pages}"
pg_port=$((BENCH_PORT_BASE + 432))
stamp=$(date -u +%Y%m%d-%H%M%S)
out="$root/bench/results/console-pages-$stamp.txt"
pg() { "$root/bench/lifecycle/postgres.sh" psql "$work/pg" "$pg_port" "$@"; }
cleanup() { stop_server; "$root/bench/lifecycle/postgres.sh" stop "$work/pg"; }
trap cleanup EXIT

[[ -f "$root/pec-web/target/pec-web.war" ]] || (cd "$root" && mvn -B -q -o package -DskipTests -pl pec-web -am)
mkdir -p "$root/bench/results"
if [[ -n "${BENCH_REUSE:-}" && -d "$work/pg" ]]; then
  # the data of an earlier run (its server data directory too, so the admin's TOTP is enrolled afresh below)
  echo "== console pages: the data of the earlier run in $work ($stamp)" | tee "$out"
  "$root/bench/lifecycle/postgres.sh" start "$work/pg" "$pg_port"
  pg -d pec -c "UPDATE operator_account SET totp_secret = NULL, recovery_hashes = NULL, totp_last_step = 0 WHERE username = 'admin'" >/dev/null
  export PEC_DB_URL="jdbc:postgresql://127.0.0.1:$pg_port/pec" PEC_DB_USER=pec PEC_DB_PASSWORD=pec
else
  rm -rf "$work"; mkdir -p "$work"
  echo "== console pages: $n mailboxes and the official log on PostgreSQL ($stamp)" | tee "$out"
  "$root/bench/lifecycle/postgres.sh" start "$work/pg" "$pg_port"
  pg -c "CREATE ROLE pec LOGIN PASSWORD 'pec'" -c "CREATE DATABASE pec OWNER pec"
  export PEC_DB_URL="jdbc:postgresql://127.0.0.1:$pg_port/pec" PEC_DB_USER=pec PEC_DB_PASSWORD=pec
  start_server "$work/data" "$work/server.log"   # Flyway creates the schema
  stop_server                                     # the data goes in with nobody else on the tables
  pg -d pec -v n="$n" -f "$here/mailboxes-data.sql" | tee -a "$out"
  if [[ -z "${BENCH_SKIP_LOG:-}" ]]; then
    pg -d pec -f "$here/log-search-data.sql" | tee -a "$out"
  fi
fi
pg -d pec -c "SELECT (SELECT count(*) FROM mailbox) AS mailboxes, (SELECT count(*) FROM pec_log) AS log_entries" \
  | tee -a "$out"
start_server "$work/data" "$work/server.log"
machine_info "$out"
python3 "$here/pages.py" "https://127.0.0.1:$BENCH_HTTPS_PORT" "$BENCH_ADMIN_PASSWORD" "$out"
echo "results: $out"
