#!/usr/bin/env bash
# IDLE across nodes: two servers on one PostgreSQL, clustered by Payara's Hazelcast (tcpip on 127.0.0.1, a
# cluster name of their own); an APPEND on node A must wake an IDLE client on node B within a second.
#   bench/imap/two-nodes.sh [rounds (5)]
# Env: BENCH_PORT_BASE (node A; node B at +100, Hazelcast at +600, PostgreSQL at +433), BENCH_WORK, PEC_JAVA_OPTS.
# Results: bench/results/imap-two-nodes-<time>.txt.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
# shellcheck source=../lifecycle/common.sh
source "$root/bench/lifecycle/common.sh"
rounds="${1:-5}"
work="${BENCH_WORK:-/tmp/pec-bench-two-nodes}"
base_a=$BENCH_PORT_BASE; base_b=$((BENCH_PORT_BASE + 100)); hz=$((BENCH_PORT_BASE + 600)); pg_port=$((BENCH_PORT_BASE + 433))
stamp=$(date -u +%Y%m%d-%H%M%S)
out="$root/bench/results/imap-two-nodes-$stamp.txt"
mkdir -p "$root/bench/results"
pids=()
cleanup() {
  local p; for p in ${pids[@]+"${pids[@]}"}; do SERVER_PID=$p; stop_server; done
  "$root/bench/lifecycle/postgres.sh" stop "$work/pg"; true
}
trap cleanup EXIT

ports() { # ports BASE: the BENCH_* ports of one node
  BENCH_PORT_BASE=$1; BENCH_HTTP_PORT=$(($1 + 80)); BENCH_HTTPS_PORT=$(($1 + 443)); BENCH_IMAP_PORT=$(($1 + 993)); BENCH_POP3_PORT=$(($1 + 995))
  BENCH_SUBMISSION_PORT=$(($1 + 465)); BENCH_STARTTLS_PORT=$(($1 + 587)); BENCH_INBOUND_PORT=$(($1 + 25))
  BENCH_URL="http://127.0.0.1:$BENCH_HTTP_PORT"
}

[[ -f "$root/pec-web/target/pec-web.war" ]] || (cd "$root" && mvn -B -q -o package -DskipTests -pl pec-web -am)
rm -rf "$work"; mkdir -p "$work"
echo "== IMAP IDLE across two nodes ($stamp)" | tee "$out"
"$root/bench/lifecycle/postgres.sh" start "$work/pg" "$pg_port"
"$root/bench/lifecycle/postgres.sh" psql "$work/pg" "$pg_port" -c "CREATE ROLE pec LOGIN PASSWORD 'pec'" \
  -c "CREATE DATABASE pec OWNER pec"
cluster=(PEC_CLUSTER_MODE="tcpip:127.0.0.1:$hz,127.0.0.1:$((hz + 1))" PEC_CLUSTER_NAME="pec-bench-$stamp"
  PEC_CLUSTER_START_PORT="$hz" PEC_DB_URL="jdbc:postgresql://127.0.0.1:$pg_port/pec" PEC_DB_USER=pec
  PEC_DB_PASSWORD=pec PEC_DOMAIN=bench.localhost PEC_JAVA_OPTS="${PEC_JAVA_OPTS:--Xmx512m}")
ports "$base_a"
start_server "$work/a" "$work/a.log" "${cluster[@]}" PEC_NODE_NAME=node-a
pids+=("$SERVER_PID"); imap_a=$BENCH_IMAP_PORT
api POST /api/admin/domains '{"name":"bench.localhost"}' >/dev/null 2>&1 || true
api POST /api/admin/mailboxes '{"address":"cross@bench.localhost","password":"web-password-cross","holderName":"Cross","referenceEmail":"cross@example.org"}' >/dev/null
pw=$(api POST "/api/admin/mailboxes/cross@bench.localhost/client-password" | sed -E 's/.*"password":"([^"]+)".*/\1/')
ports "$base_b"
start_server "$work/b" "$work/b.log" "${cluster[@]}" PEC_NODE_NAME=node-b
pids+=("$SERVER_PID"); imap_b=$BENCH_IMAP_PORT
machine_info "$out"
echo "hazelcast on node b: $(grep -o 'DG Size: [0-9]*' "$work/b.log" | head -1 || true) (members of the data grid)" | tee -a "$out"
python3 "$here/imap_bench.py" cross 127.0.0.1 "$imap_a" "$imap_b" cross@bench.localhost "$pw" "$rounds" | tee -a "$out"
# the notifier connects on first use: after the rounds both nodes have said how
grep -h -o 'mailbox changes [a-z ]*[a-z.]*' "$work/a.log" "$work/b.log" | sed 's/^/notifier: /' | tee -a "$out" || true
echo "results: $out"
