#!/usr/bin/env bash
# The registro's hash chain: cost of a log write before (V43) and after (V71), chaining and sealing costs.
#   bench/logchain/run.sh [entries]                   H2 (file, WRITE_DELAY=0 as ./pec run)
#   PEC_BENCH_PG_URL=jdbc:postgresql://host:port/db PEC_BENCH_PG_USER=postgres bench/logchain/run.sh [entries]
#   bench/logchain/run.sh verify [days] [entries-per-day]   with PEC_BENCH_PG_URL: verification time, whole registro
#                                                           against a range of days (VerifyBench.java)
# Results: bench/results/logchain-<date>.txt
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"
mode=write
if [[ "${1:-}" == verify ]]; then
  mode=verify
  shift
fi
n="${1:-20000}"
mkdir -p bench/target bench/results
if [[ ! -f pec-ejb/target/classes/it/certmail/pec/log/infra/LogChainStore.class ]]; then
  mvn -B -q -o -DskipTests -pl pec-ejb -am package
fi
# -am with test-compile: pec-ejb's test dependency on pec-jpa's test classes resolves inside the reactor (alone it
# looks for a pec-jpa tests jar that is never installed); pec-ejb writes the file last
mvn -B -q -o -pl pec-ejb -am test-compile dependency:build-classpath -Dmdep.outputFile="$root/bench/target/logchain.cp" >/dev/null
cp="pec-ejb/target/classes:pec-jpa/target/classes:$(cat bench/target/logchain.cp)"
out="bench/results/logchain-$(date -u +%Y%m%d-%H%M%S).txt"
if [[ "$mode" == verify ]]; then
  : "${PEC_BENCH_PG_URL:?verify runs on PostgreSQL: set PEC_BENCH_PG_URL}"
  out="bench/results/logchain-verify-$(date -u +%Y%m%d-%H%M%S).txt"
  {
    echo "# $(date -u +%FT%TZ) $(nproc) cores, $(awk '/MemTotal/ {print int($2/1024) " MB"}' /proc/meminfo), load $(cut -d' ' -f1-3 /proc/loadavg)"
    echo "# $(java -version 2>&1 | head -1)"
    java -Djava.util.logging.config.file=/dev/null -cp "$cp" bench/logchain/VerifyBench.java "${1:-60}" "${2:-5000}" \
      "$PEC_BENCH_PG_URL" "${PEC_BENCH_PG_USER:-postgres}" "${PEC_BENCH_PG_PASSWORD:-}"
  } | tee "$out"
  exit 0
fi
{
  echo "# $(date -u +%FT%TZ) $(nproc) cores, $(awk '/MemTotal/ {print int($2/1024) " MB"}' /proc/meminfo), load $(cut -d' ' -f1-3 /proc/loadavg)"
  echo "# $(java -version 2>&1 | head -1)"
  # Flyway logs through java.util.logging: an empty configuration keeps them out of the figures
  java -Djava.util.logging.config.file=/dev/null -cp "$cp" bench/logchain/LogChainBench.java h2 "$n"
  if [[ -n "${PEC_BENCH_PG_URL:-}" ]]; then
    java -Djava.util.logging.config.file=/dev/null -cp "$cp" bench/logchain/LogChainBench.java postgres "$n" "$PEC_BENCH_PG_URL" "${PEC_BENCH_PG_USER:-postgres}" "${PEC_BENCH_PG_PASSWORD:-}"
  fi
} | tee "$out"
