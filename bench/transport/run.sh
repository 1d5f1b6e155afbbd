#!/usr/bin/env bash
# Transport benchmark: end-to-end PEC messages per second and receipt latencies, with a Postfix relay
# on the same machine as the reference. See bench/README.md.
#
#   bench/transport/run.sh [--size BYTES] [--count N] [--concurrency C] [--rate max|half|max+half|<msgs/s>]
#                          [--warmup N] [--no-postfix] [--keep]
#   BENCH_DB=postgres    the server on a throw-away PostgreSQL (bench/lifecycle/postgres.sh, fsync on) instead of H2
#   BENCH_START_SECONDS  how long to wait for the server to be UP (default 300)
#
#   --rate max        as fast as the server takes them
#   --rate half       measure max first, then run again at half the end-to-end rate measured (both reported)
#   --rate max+half   the same as half (default)
#   --rate 12.5       only a run at a fixed 12.5 messages/s
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
py="$here/pecbench.py"

# warm-up: with 3000 messages the JIT compilers still took a fifth of the measured window, with 10000 up to a quarter
# (C2 compilations of per-message methods still queued); with 30000 about a tenth (bench/README.md, 2026-12-07)
size=4096 count=2000 concurrency=20 rate=max+half warmup=30000 postfix=yes keep=no
command_line="bench/transport/run.sh $*"
while [[ $# -gt 0 ]]; do
  case "$1" in
    --size) size="$2"; shift 2 ;;
    --count) count="$2"; shift 2 ;;
    --concurrency) concurrency="$2"; shift 2 ;;
    --rate) rate="$2"; shift 2 ;;
    --warmup) warmup="$2"; shift 2 ;;
    --no-postfix) postfix=no; shift ;;
    --keep) keep=yes; shift ;;
    -h|--help) sed -n '2,14p' "$0"; exit 0 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done
[[ "$rate" == half ]] && rate=max+half

stamp="$(date +%Y-%m-%dT%H%M)"
work="$root/bench/target/transport-$stamp"
mkdir -p "$work" "$root/bench/results"
exec > >(tee -a "$work/run.log") 2>&1
results=()
say() { printf '\n== %s\n' "$*" >&2; }

# machine facts first, while nothing of ours runs: other builds may be sharing the cores
machine="$(
  echo "nproc: $(nproc)"
  echo "CPU: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')"
  free -h
  echo "JDK: $(java -version 2>&1 | head -1)"
  echo "Python: $(python3 --version 2>&1)"
  echo "load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
  echo "busiest other processes at start (%CPU since their start):"
  ps -eo pcpu,comm --sort=-pcpu | sed -n '2,6p'
)"

# ---- build
war="$root/pec-web/target/pec-web.war"
if [[ ! -f "$war" || ! -f "$root/pec-web/target/runtime/payara-micro.jar" ]]; then
  say "building the server (mvn package, tests skipped)"
  (cd "$root" && { mvn -B -q -o package -DskipTests -pl pec-web -am || mvn -B -q package -DskipTests -pl pec-web -am; })
fi

# ---- Postfix reference, alone on the machine
if [[ "$postfix" == yes ]]; then
  say "Postfix reference"
  python3 "$py" postfix --count "$count" --concurrency "$concurrency" --size "$size" --drain-timeout 300 \
    --out "$work/postfix.json" || echo "Postfix reference failed, continuing without it" >&2
  results+=("$work/postfix.json")
fi

# ---- a fresh server, on the embedded H2 or (BENCH_DB=postgres) a throw-away PostgreSQL, fsync on
read -r http_port sub_port tls_port in_port imap_port pop_port https_port < <(python3 "$py" ports 7)
db="${BENCH_DB:-h2}"
env_db=()
if [[ "$db" == postgres ]]; then
  pg_port="$(python3 "$py" ports 1)"
  "$root/bench/lifecycle/postgres.sh" start "$work/pg" "$pg_port"
  "$root/bench/lifecycle/postgres.sh" psql "$work/pg" "$pg_port" -c "CREATE ROLE pec LOGIN PASSWORD 'pec'" \
    -c "CREATE DATABASE pec OWNER pec" >/dev/null
  env_db=(PEC_DB_URL="jdbc:postgresql://127.0.0.1:$pg_port/pec" PEC_DB_USER=pec PEC_DB_PASSWORD=pec)
fi
admin_password="bench-$(od -An -N8 -tx8 /dev/urandom | tr -d ' ')"
server_pid=""
stop_server() {
  if [[ -n "$server_pid" ]] && kill -0 "$server_pid" 2>/dev/null; then
    say "stopping the server (pid $server_pid)"
    kill -TERM "$server_pid" 2>/dev/null || true
    for _ in $(seq 1 60); do kill -0 "$server_pid" 2>/dev/null || break; sleep 0.5; done
    kill -KILL "$server_pid" 2>/dev/null || true
  fi
  server_pid=""
}
cleanup() {
  stop_server
  if [[ "${db:-h2}" == postgres ]]; then "$root/bench/lifecycle/postgres.sh" stop "$work/pg" || true; fi
  # a failed run keeps the server's data for a look
  if [[ "$keep" == no && -z "${failures:-}" ]]; then rm -rf "$work/data"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

say "starting the server: http $http_port, submission $sub_port, data $work/data"
(
  cd "$root"
  export PEC_DATA_DIR="$work/data" PEC_HTTP_PORT="$http_port" PEC_HTTPS_PORT="$https_port" PEC_ADMIN_PASSWORD="$admin_password" \
    PEC_DOMAIN=pec.bench.test PEC_SMTP_BIND=127.0.0.1 PEC_SMTP_SUBMISSION_PORT="$sub_port" \
    PEC_SMTP_STARTTLS_PORT="$tls_port" PEC_SMTP_INBOUND_PORT="$in_port" PEC_IMAP_PORT="$imap_port" \
    PEC_POP3_PORT="$pop_port" PEC_NODE_NAME=pec-bench PEC_JAVA_OPTS="${PEC_JAVA_OPTS:--Xmx1g}"
  exec env ${env_db[@]+"${env_db[@]}"} ./pec run
) > "$work/server.log" 2>&1 &
server_pid=$!
api="http://127.0.0.1:$http_port"
# BENCH_START_SECONDS: how long to wait for the server (a machine shared with other builds starts it slowly)
start_wait="${BENCH_START_SECONDS:-300}"
for i in $(seq 1 "$start_wait"); do
  if curl -sf "$api/health" 2>/dev/null | grep -q '"UP"'; then break; fi
  if ! kill -0 "$server_pid" 2>/dev/null; then echo "the server died; see $work/server.log" >&2; tail -30 "$work/server.log" >&2; exit 1; fi
  [[ $i == "$start_wait" ]] && { echo "the server is not UP after $start_wait s; see $work/server.log" >&2; exit 1; }
  sleep 1
done
# a probe every 10 s, to tell afterwards whether the HTTP side stayed up during the runs
( while kill -0 "$server_pid" 2>/dev/null; do
    echo "$(date -u +%H:%M:%S) $(curl -s -m 5 -o /dev/null -w '%{http_code} %{time_total}s' "$api/health" 2>&1)"
    sleep 10
  done ) > "$work/health.log" 2>&1 &
say "server UP; creating $concurrency sender/recipient mailbox pairs"
python3 "$py" setup --api "$api" --admin-password "$admin_password" --pairs "$concurrency" --out "$work/accounts.json"

failures=""
pec_run() {  # label rate count; a failed run is reported, not fatal
  python3 "$py" pec --api "$api" --admin-password "$admin_password" --port "$sub_port" \
    --accounts "$work/accounts.json" --count "$3" --concurrency "$concurrency" --size "$size" \
    --rate "$2" --label "$1" --server-pid "$server_pid" --out "$work/pec-$1.json" && return 0
  failures="$failures The $1 run failed (see $work/run.log and server.log; health probes in health.log)."
  return 1
}

if [[ "$warmup" -gt 0 ]]; then
  say "warm-up: $warmup messages (not reported)"
  pec_run warmup max "$warmup" >/dev/null
fi
pg() { "$root/bench/lifecycle/postgres.sh" psql "$work/pg" "$pg_port" -d pec "$@"; }
if [[ "$db" == postgres ]]; then
  # the statements of the measured runs only: how many per message, and which
  pg -c "CREATE EXTENSION IF NOT EXISTS pg_stat_statements" -c "SELECT pg_stat_statements_reset()" >/dev/null
fi
case "$rate" in
  max) say "PEC at max rate"; pec_run max max "$count" || true; results+=("$work/pec-max.json") ;;
  max+half)
    say "PEC at max rate"
    if pec_run max max "$count"; then
      results+=("$work/pec-max.json")
      half="$(python3 -c 'import json,sys; r=json.load(open(sys.argv[1]))["e2e_rate"]; print(f"{r/2:.2f}")' "$work/pec-max.json")"
      say "PEC at half load: $half messages/s"
      pec_run half "$half" "$count" || true; results+=("$work/pec-half.json")
    fi ;;
  *) say "PEC at $rate messages/s"; pec_run fixed "$rate" "$count" || true; results+=("$work/pec-fixed.json") ;;
esac
if [[ "$db" == postgres ]]; then
  messages=$(( count * ${#results[@]} ))
  [[ "$postfix" == yes ]] && messages=$(( count * (${#results[@]} - 1) ))
  { echo "-- statements during the measured runs ($messages PEC messages), by calls (pg_stat_statements)"
    pg -c "SELECT sum(calls) AS statements, round(sum(calls)::numeric / $messages, 1) AS per_message,
      round(sum(total_exec_time)::numeric / $messages, 2) AS exec_ms_per_message FROM pg_stat_statements
      WHERE dbid = (SELECT oid FROM pg_database WHERE datname = 'pec')"
    pg -c "SELECT calls, round(calls::numeric / $messages, 2) AS per_message, round(mean_exec_time::numeric, 3) AS mean_ms,
      left(regexp_replace(query, '\s+', ' ', 'g'), 140) AS query FROM pg_stat_statements
      WHERE dbid = (SELECT oid FROM pg_database WHERE datname = 'pec') ORDER BY calls DESC LIMIT 40"
  } > "$work/pg_stat_statements.txt" 2>&1 || true
fi
stop_server

machine="$machine
load average at end: $(cut -d' ' -f1-3 /proc/loadavg)"
out="$root/bench/results/transport-$stamp.md"
python3 "$py" report --md "$out" --date "$stamp" --machine "$machine" --command "$command_line" \
  --note "Server: ./pec run on $([[ "$db" == postgres ]] && echo 'PostgreSQL (throw-away, fsync on)' || echo 'H2 (embedded)'), PEC_JAVA_OPTS=${PEC_JAVA_OPTS:--Xmx1g}; the generator (Python, same machine) shares the cores. Warm-up of $warmup messages before the measured runs.$failures" \
  "${results[@]}"
say "results written to ${out#"$root"/}"
sed -n '/^## Results/,/^## Raw/p' "$out" | sed '$d'
