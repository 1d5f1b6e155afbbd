#!/usr/bin/env bash
# Mailbox search at scale on PostgreSQL: GET /api/admin/mailboxes, the service method the console's mailbox list
# calls (MailboxService.searchMailboxes), over N mailboxes put straight into the tables.
#   bench/console/search.sh [mailboxes (1000000)]
# Each query runs 7 times against the real server (./pec run); the median and the slowest of the last 5 are reported
# (curl's total time: HTTP on loopback, JSON included), then PostgreSQL's plan of the same SQL.
# Env: BENCH_WORK (scratch dir, default /tmp/pec-bench-search, wiped), BENCH_PORT_BASE (default 18000).
# Results: bench/results/console-search-<time>.txt.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
# shellcheck source=../lifecycle/common.sh
source "$root/bench/lifecycle/common.sh"
n="${1:-1000000}"
work="${BENCH_WORK:-/tmp/pec-bench-search}"
pg_port=$((BENCH_PORT_BASE + 432))
stamp=$(date -u +%Y%m%d-%H%M%S)
out="$root/bench/results/console-search-$stamp.txt"
pg() { "$root/bench/lifecycle/postgres.sh" psql "$work/pg" "$pg_port" "$@"; }
cleanup() { stop_server; "$root/bench/lifecycle/postgres.sh" stop "$work/pg"; }
trap cleanup EXIT

[[ -f "$root/pec-web/target/pec-web.war" ]] || (cd "$root" && mvn -B -q -o package -DskipTests -pl pec-web -am)
rm -rf "$work"; mkdir -p "$work" "$root/bench/results"
echo "== mailbox search: $n mailboxes on PostgreSQL ($stamp)" | tee "$out"
"$root/bench/lifecycle/postgres.sh" start "$work/pg" "$pg_port"
pg -c "CREATE ROLE pec LOGIN PASSWORD 'pec'" -c "CREATE DATABASE pec OWNER pec"
export PEC_DB_URL="jdbc:postgresql://127.0.0.1:$pg_port/pec" PEC_DB_USER=pec PEC_DB_PASSWORD=pec
start_server "$work/data" "$work/server.log"   # Flyway creates the schema and the search indexes (V30)

pg -d pec -v n="$n" -f "$here/mailboxes-data.sql"
machine_info "$out"

measure() { # measure LABEL QUERY-STRING
  local label="$1" qs="$2" i t times=() body
  for i in 1 2 3 4 5 6 7; do
    t=$(curl -sS -u "$BENCH_ADMIN" -o "$work/body.json" -w '%{time_total}' "$BENCH_URL/api/admin/mailboxes?$qs")
    times+=("$t")
  done
  body=$(head -c 160 "$work/body.json")
  # the first two runs warm the JIT and the statement cache: median and max of the last five
  printf '%s\n' "${times[@]:2}" | sort -n | awk -v l="$label" -v q="$qs" -v b="$body" \
    '{a[NR]=$1} END {printf "%-34s %-44s median %6.1f ms, max %6.1f ms  %s\n", l, q, a[3]*1000, a[5]*1000, b}' \
    | tee -a "$out"
}
measure "first page" "limit=50"
measure "a page deep in the list" "after=m500000@bench.example&limit=50"
measure "address prefix (11 matches)" "q=m12345&limit=50"
measure "holder surname (1 in 8)" "q=rossi&limit=50"
measure "holder surname, next page" "q=rossi&after=m500000@bench.example&limit=50"
measure "holder, rare" "q=verdi%20giulia%20123&limit=50"
measure "no match" "q=zzz&limit=50"

echo "-- plans (the SQL EclipseLink sends, with the values of the rare holder query)" | tee -a "$out"
pg -d pec <<'SQL' | tee -a "$out"
EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) SELECT address, holder_name, status, plan, created_at, expires_at FROM mailbox
 WHERE address > '' AND LOWER(holder_name) LIKE 'verdi giulia 123%' ESCAPE '\' ORDER BY address LIMIT 51;
EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) SELECT address, holder_name, status, plan, created_at, expires_at FROM mailbox
 WHERE address > '' AND address LIKE 'm12345%' ESCAPE '\' ORDER BY address LIMIT 51;
SQL
