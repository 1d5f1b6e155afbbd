#!/usr/bin/env bash
# IMAP benchmark: header FETCH of a 10,000-message mailbox, SELECT of a 100,000-message mailbox, 2,000 IDLE
# connections with the server's RSS and the time until an idling client sees a delivery.
#   bench/imap/run.sh [messages for FETCH (10000)] [messages for SELECT (100000)] [IDLE connections (2000)]
# Env: BENCH_DB=postgres (default; a throw-away PostgreSQL, see bench/lifecycle/postgres.sh) or h2 (./pec run's
#      default), BENCH_WORK (scratch, default /tmp/pec-bench-imap, wiped), BENCH_IDLE_ACCOUNTS (200 mailboxes
#      sharing the IDLE connections), BENCH_PARTS (default abc; e.g. c = only the IDLE part, on a server with
#      no big mailbox), BENCH_PORT_BASE, BENCH_WAIT_QUIET, PEC_JAVA_OPTS (default -Xmx1g).
# Results: bench/results/imap-<time>.txt.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
# shellcheck source=../lifecycle/common.sh
source "$root/bench/lifecycle/common.sh"
n_fetch="${1:-10000}"; n_select="${2:-100000}"; n_idle="${3:-2000}"
accounts="${BENCH_IDLE_ACCOUNTS:-200}"
per_account=$(( (n_idle + accounts - 1) / accounts ))
db="${BENCH_DB:-postgres}"
parts="${BENCH_PARTS:-abc}"
work="${BENCH_WORK:-/tmp/pec-bench-imap}"
pg_port=$((BENCH_PORT_BASE + 433))
stamp=$(date -u +%Y%m%d-%H%M%S)
out="$root/bench/results/imap-$stamp.txt"
py="python3 $here/imap_bench.py"
mkdir -p "$root/bench/results"
ulimit -n "$(ulimit -Hn)" 2>/dev/null || ulimit -n 65536 || true

cleanup() { stop_server; [[ "$db" == postgres ]] && "$root/bench/lifecycle/postgres.sh" stop "$work/pg"; true; }
trap cleanup EXIT

if [[ ! -f "$root/pec-web/target/pec-web.war" ]]; then
  (cd "$root" && mvn -B -q -o package -DskipTests -pl pec-web -am)
fi
rm -rf "$work"; mkdir -p "$work"
echo "== IMAP benchmark on $db, parts $parts: FETCH $n_fetch, SELECT $n_select, IDLE $n_idle ($accounts mailboxes x $per_account), ${PEC_JAVA_OPTS:--Xmx1g} ($stamp)" | tee "$out"
env_db=()
if [[ "$db" == postgres ]]; then
  "$root/bench/lifecycle/postgres.sh" start "$work/pg" "$pg_port"
  "$root/bench/lifecycle/postgres.sh" psql "$work/pg" "$pg_port" -c "CREATE ROLE pec LOGIN PASSWORD 'pec'" \
    -c "CREATE DATABASE pec OWNER pec"
  env_db=(PEC_DB_URL="jdbc:postgresql://127.0.0.1:$pg_port/pec" PEC_DB_USER=pec PEC_DB_PASSWORD=pec)
fi
start_server "$work/data" "$work/server.log" ${env_db[@]+"${env_db[@]}"} PEC_DOMAIN=bench.localhost \
  PEC_JAVA_OPTS="${PEC_JAVA_OPTS:--Xmx1g}"

mailbox() { # mailbox LOCALPART -> prints "address client-password"
  local a="$1@bench.localhost"
  api POST /api/admin/mailboxes "{\"address\":\"$a\",\"password\":\"web-password-$1\",\"holderName\":\"Titolare $1\",\"referenceEmail\":\"$1@example.org\"}" >/dev/null
  echo "$a $(api POST "/api/admin/mailboxes/$a/client-password" | sed -E 's/.*"password":"([^"]+)".*/\1/')"
}
api POST /api/admin/domains '{"name":"bench.localhost"}' >/dev/null 2>&1 || true
read -r fetch_user fetch_pw < <(mailbox fetch10k)
read -r select_user select_pw < <(mailbox select100k)
t0=$(date +%s)
: > "$work/accounts"
for i in $(seq 1 "$accounts"); do mailbox "idle$i" >> "$work/accounts"; done
echo "created $accounts IDLE mailboxes in $(( $(date +%s) - t0 )) s (REST, Argon2id hashing each)" | tee -a "$out"

if [[ "$parts" == *a* ]]; then
  echo "-- populate $fetch_user" | tee -a "$out"
  $py populate 127.0.0.1 "$BENCH_IMAP_PORT" "$fetch_user" "$fetch_pw" "$n_fetch" | tee -a "$out"
fi
if [[ "$parts" == *b* ]]; then
  echo "-- populate $select_user" | tee -a "$out"
  $py populate 127.0.0.1 "$BENCH_IMAP_PORT" "$select_user" "$select_pw" "$n_select" | tee -a "$out"
fi

java_pid="$SERVER_PID"
[[ "$(cat "/proc/$java_pid/comm")" == java ]] || java_pid=$(pgrep -P "$SERVER_PID" java | head -1)
wait_quiet
machine_info "$out"
[[ "$db" == postgres ]] && echo "postgres: fsync ${PG_FSYNC:-on}" >> "$out"
echo "server RSS after populating: $(( $(rss_kib "$java_pid") / 1024 )) MiB" | tee -a "$out"

if [[ "$parts" == *a* ]]; then
  echo "-- (a) UID FETCH 1:* headers, $n_fetch messages (target < 2 s)" | tee -a "$out"
  $py fetch 127.0.0.1 "$BENCH_IMAP_PORT" "$fetch_user" "$fetch_pw" 3 | tee -a "$out"
fi
if [[ "$parts" == *b* ]]; then
  echo "-- (b) SELECT INBOX of $n_select messages (target < 1 s)" | tee -a "$out"
  $py select 127.0.0.1 "$BENCH_IMAP_PORT" "$select_user" "$select_pw" 3 | tee -a "$out"
fi
echo "load now: $(cut -d' ' -f1-3 /proc/loadavg)" >> "$out"
[[ "$parts" == *c* ]] || exit 0

echo "-- (c) $n_idle IDLE connections (target: server RSS < 1 GB)" | tee -a "$out"
$py idle 127.0.0.1 "$BENCH_IMAP_PORT" "$java_pid" "$work/accounts" "$per_account" "$BENCH_SUBMISSION_PORT" 60 | tee -a "$out"
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)" >> "$out"
echo "-- server log: warnings and errors" >> "$out"
grep -E 'SEVERE|WARNING' "$work/server.log" | grep -v -e 'antivirus' -e 'Boot Command' -e 'NCLS-SECURITY-05054' \
  -e 'ports seem occupied' -e 'failed to remove it when the web application was stopped' | tail -20 >> "$out" || true
echo "results: $out"
