#!/usr/bin/env bash
# One large PEC message through a server with a small heap: accepted, enveloped, delivered and receipted?
#   bench/transport/big-message.sh [BYTES] [HEAP]      defaults: 100000000 bytes, 512m
# Env: BENCH_DB=h2 (default, ./pec run's embedded H2) or postgres (a throw-away PostgreSQL, bench/lifecycle/postgres.sh);
#      BENCH_RECEIPT=completa (default: the delivery receipt carries the original) or breve (attachments hashed).
# Starts a fresh ./pec run on free ports, submits one message of BYTES over SMTP (implicit TLS),
# follows the log until its delivery receipt is filed, samples the server's RSS, and reports any
# OutOfMemoryError in the server log. See bench/README.md.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
bytes="${1:-100000000}" heap="${2:-512m}"
stamp="$(date +%Y-%m-%dT%H%M)"
work="$root/bench/target/big-$stamp"
mkdir -p "$work" "$root/bench/results"
war="$root/pec-web/target/pec-web.war"
if [[ ! -f "$war" || ! -f "$root/pec-web/target/runtime/payara-micro.jar" ]]; then
  (cd "$root" && { mvn -B -q -o package -DskipTests -pl pec-web -am || mvn -B -q package -DskipTests -pl pec-web -am; })
fi
read -r http_port sub_port tls_port in_port imap_port pop_port https_port < <(python3 "$here/pecbench.py" ports 7)
db="${BENCH_DB:-h2}"
env_db=()
if [[ "$db" == postgres ]]; then
  pg_port="$(python3 "$here/pecbench.py" ports 1)"
  "$root/bench/lifecycle/postgres.sh" start "$work/pg" "$pg_port"
  "$root/bench/lifecycle/postgres.sh" psql "$work/pg" "$pg_port" -c "CREATE ROLE pec LOGIN PASSWORD 'pec'" \
    -c "CREATE DATABASE pec OWNER pec"
  env_db=(PEC_DB_URL="jdbc:postgresql://127.0.0.1:$pg_port/pec" PEC_DB_USER=pec PEC_DB_PASSWORD=pec)
fi
admin_password="bench-$(od -An -N8 -tx8 /dev/urandom | tr -d ' ')"
(
  cd "$root"
  export PEC_DATA_DIR="$work/data" PEC_HTTP_PORT="$http_port" PEC_HTTPS_PORT="$https_port" PEC_ADMIN_PASSWORD="$admin_password" \
    PEC_DOMAIN=pec.bench.test PEC_SMTP_BIND=127.0.0.1 PEC_SMTP_SUBMISSION_PORT="$sub_port" \
    PEC_SMTP_STARTTLS_PORT="$tls_port" PEC_SMTP_INBOUND_PORT="$in_port" PEC_IMAP_PORT="$imap_port" \
    PEC_POP3_PORT="$pop_port" PEC_NODE_NAME=pec-big PEC_JAVA_OPTS="-Xmx$heap"
  exec env ${env_db[@]+"${env_db[@]}"} ./pec run
) > "$work/server.log" 2>&1 &
launcher=$!
cleanup() {
  kill -TERM "$launcher" 2>/dev/null || true; sleep 3; kill -KILL "$launcher" 2>/dev/null || true
  [[ "$db" == postgres ]] && "$root/bench/lifecycle/postgres.sh" stop "$work/pg"; true
}
trap cleanup EXIT
api="http://127.0.0.1:$http_port"
for i in $(seq 1 300); do
  curl -sf "$api/health" 2>/dev/null | grep -q '"UP"' && break
  kill -0 "$launcher" 2>/dev/null || { tail -30 "$work/server.log"; exit 1; }
  [[ $i == 300 ]] && { echo "server not UP after 300 s" >&2; exit 1; }
  sleep 1
done
python3 "$here/bigmsg.py" --api "$api" --admin-password "$admin_password" --port "$sub_port" --pid "$launcher" \
  --bytes "$bytes" --receipt "${BENCH_RECEIPT:-completa}" --out "$work/result.json" | tee "$work/summary.txt"
oom="$(grep -c 'OutOfMemoryError' "$work/server.log" || true)"
echo "OutOfMemoryError lines in the server log: $oom" | tee -a "$work/summary.txt"
{
  echo "# big-message $stamp: $bytes bytes, -Xmx$heap, $db, ricevuta ${BENCH_RECEIPT:-completa}"
  echo "machine: $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg), $(java -version 2>&1 | head -1)"
  echo '```'; cat "$work/summary.txt"; echo '```'
} > "$root/bench/results/big-$stamp.md"
echo "written bench/results/big-$stamp.md"
