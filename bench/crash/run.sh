#!/usr/bin/env bash
# kill -9 under load, the full run: CrashRecoveryE2E with ten kills of provider A in a row (by default), on H2
# and with A on PostgreSQL, and the figures (acknowledged, lost, doubled) kept in bench/results/crash-<time>.txt.
#   bench/crash/run.sh            # 10 kills, both databases
#   bench/crash/run.sh 5 h2       # 5 kills, H2 only (h2 | postgres | both)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
kills="${1:-10}"
db="${2:-both}"
mkdir -p "$root/bench/results" "$root/bench/target"
out="$root/bench/results/crash-$(date -u +%Y-%m-%dT%H%M).txt"
log="$root/bench/target/crash-maven.log"
cd "$root"
started=$(date +%s)
set +e
mvn -B -pl arquillian-tests -am verify -DskipWiringITs=true -Dit.test=CrashRecoveryE2E -Dtest=NONE \
  -Dsurefire.failIfNoSpecifiedTests=false -Dpec.e2e.crash.kills="$kills" -Dpec.e2e.crash.db="$db" > "$log" 2>&1
status=$?
set -e
{
  echo "# CrashRecoveryE2E, $kills kills of provider A per database ($db), $(date -u +%Y-%m-%dT%H:%MZ)"
  echo "# machine: $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB, $(uname -r); maven exit $status, $(( $(date +%s) - started )) s"
  grep -E "Tests run:.*CrashRecovery" "$log" || true
  # the test's own lines (failsafe keeps a test's standard output in its report folder)
  grep -E "^crash|^  [a-z]" "$root/arquillian-tests/target/failsafe-reports-e2e/it.certmail.pec.e2e.CrashRecoveryE2E-output.txt" || true
} > "$out"
cat "$out"
exit $status
