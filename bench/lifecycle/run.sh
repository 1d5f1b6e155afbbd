#!/usr/bin/env bash
# Lifecycle and log-retention benchmark on PostgreSQL.
#   bench/lifecycle/run.sh [mailboxes (1000000)] [log rows (1000000)]
# Puts N mailboxes with their subscriptions straight into the tables (SQL generate_series), one in ten due for a
# lifecycle step, and LOG_ROWS log entries 31 months old; then times POST /api/admin/jobs/lifecycle/run and
# POST /api/admin/jobs/log-retention/run against the real server (./pec run). Results: bench/results/lifecycle-*.txt.
# Env: BENCH_WORK (scratch dir, default /tmp/pec-bench-lifecycle, wiped), BENCH_PORT_BASE, PG_FSYNC=off,
#      BENCH_DUE_EVERY (10), BENCH_WAIT_QUIET (seconds to wait for load < 2, default 300).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
# shellcheck source=common.sh
source "$here/common.sh"
n="${1:-1000000}"; log_rows="${2:-1000000}"; every="${BENCH_DUE_EVERY:-10}"
work="${BENCH_WORK:-/tmp/pec-bench-lifecycle}"
pg_port=$((BENCH_PORT_BASE + 432))
stamp=$(date -u +%Y%m%d-%H%M%S)
out="$root/bench/results/lifecycle-$stamp.txt"
mkdir -p "$root/bench/results"
pg() { "$here/postgres.sh" psql "$work/pg" "$pg_port" "$@"; }

cleanup() { stop_server; "$here/postgres.sh" stop "$work/pg"; }
trap cleanup EXIT

if [[ ! -f "$root/pec-web/target/pec-web.war" ]]; then
  (cd "$root" && mvn -B -q -o package -DskipTests -pl pec-web -am)
fi
rm -rf "$work"; mkdir -p "$work"
echo "== lifecycle benchmark: $n mailboxes, 1 in $every due, $log_rows log rows ($stamp)" | tee "$out"
"$here/postgres.sh" start "$work/pg" "$pg_port"
pg -c "CREATE ROLE pec LOGIN PASSWORD 'pec'" -c "CREATE DATABASE pec OWNER pec"
export PEC_DB_URL="jdbc:postgresql://127.0.0.1:$pg_port/pec" PEC_DB_USER=pec PEC_DB_PASSWORD=pec

# 1. first start: Flyway creates the schema, the jobs register (and fire once on the empty tables)
start_server "$work/data" "$work/server.log"
sleep 10
stop_server

# 2. the data
now_month=$(date -u +%Y-%m-01)
old_month=$(date -u -d "$now_month -31 months" +%Y-%m-01)
kept_month=$(date -u -d "$now_month -29 months" +%Y-%m-01)
echo "-- populate (psql timings)" >> "$out"
t0=$(date +%s)
PG_USER=pec PGOPTIONS='-c client_min_messages=warning' pg -d pec -v n="$n" -v every="$every" -v log_rows="$log_rows" \
  -v old_month="$old_month" -v kept_month="$kept_month" -f "$here/populate.sql" | grep -i 'time' >> "$out"
echo "populate total: $(( $(date +%s) - t0 )) s" | tee -a "$out"
pg -d pec -A -t -c "SELECT 'due for lifecycle: ' || count(*) FROM subscription WHERE next_step_at <= now()
  AND next_step IN ('EXPIRE','DISABLE','PURGE','START_CESSATION','FINAL_NOTICE','DELETE')" | tee -a "$out"
pg -d pec -A -t -c "SELECT 'database size: ' || pg_size_pretty(pg_database_size('pec'))" | tee -a "$out"

# 3. second start and the runs
start_server "$work/data" "$work/server.log" PEC_JAVA_OPTS="${PEC_JAVA_OPTS:--Xmx1g}"
sleep 20
wait_quiet
machine_info "$out"
echo "postgres: $(pg -A -t -c 'SHOW server_version'), fsync ${PG_FSYNC:-on}" >> "$out"
echo "server RSS before: $(( $(rss_kib "$SERVER_PID") / 1024 )) MiB" | tee -a "$out"

run_job() {
  local name="$1" t0 t1 body
  t0=$(date +%s.%N)
  body=$(curl -sS -u "$BENCH_ADMIN" -X POST -w ' HTTP %{http_code}' "$BENCH_URL/api/admin/jobs/$name/run")
  t1=$(date +%s.%N)
  echo "$name: $(echo "$t1 - $t0" | bc) s wall (curl), $body" | tee -a "$out"
}
pg -d pec -c "CREATE EXTENSION IF NOT EXISTS pg_stat_statements" -c "SELECT pg_stat_statements_reset()" >/dev/null
run_job lifecycle
echo "-- top statements during the lifecycle run (pg_stat_statements)" >> "$out"
pg -d pec -c "SELECT calls, round(total_exec_time::numeric, 0) AS total_ms, round(mean_exec_time::numeric, 3) AS mean_ms,
  left(regexp_replace(query, '\s+', ' ', 'g'), 150) AS query FROM pg_stat_statements
  WHERE dbid = (SELECT oid FROM pg_database WHERE datname = 'pec') ORDER BY calls DESC LIMIT 25" >> "$out"
echo "load after lifecycle: $(cut -d' ' -f1-3 /proc/loadavg)" >> "$out"
echo "server RSS after lifecycle: $(( $(rss_kib "$SERVER_PID") / 1024 )) MiB" | tee -a "$out"
pg -d pec -c "SELECT phase, next_step, count(*) FROM subscription GROUP BY 1, 2 ORDER BY 1, 2" | tee -a "$out"
pg -d pec -A -t -c "SELECT 'lifecycle_step rows: ' || count(*) FROM lifecycle_step" \
  -c "SELECT 'notice rows: ' || count(*) FROM notice" \
  -c "SELECT 'still due: ' || count(*) FROM subscription WHERE next_step_at <= now() AND next_step <> 'CHARGE'" \
  -c "SELECT 'mailbox status: ' || string_agg(status || '=' || c, ', ') FROM (SELECT status, count(*) c FROM mailbox GROUP BY 1) s" \
  | tee -a "$out"

pg -d pec -A -t -c "SELECT 'log partitions before: ' || string_agg(c.relname || '=' || c.reltuples::bigint, ', ' ORDER BY c.relname)
  FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid WHERE i.inhparent = 'pec_log'::regclass" | tee -a "$out"
run_job log-retention
pg -d pec -A -t -c "SELECT 'log partitions after: ' || string_agg(c.relname, ', ' ORDER BY c.relname)
  FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid WHERE i.inhparent = 'pec_log'::regclass" \
  -c "SELECT 'log rows left: ' || count(*) FROM pec_log" | tee -a "$out"
echo "-- server log: warnings and errors during the runs" >> "$out"
grep -E 'SEVERE|WARNING' "$work/server.log" | grep -v -e 'antivirus' -e 'Boot Command' -e 'NCLS-SECURITY-05054' -e 'ports seem occupied' -e 'failed to remove it when the web application was stopped' | tail -20 >> "$out" || true
echo "results: $out"
