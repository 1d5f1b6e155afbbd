#!/usr/bin/env bash
# The chaos suite: CrashRecoveryE2E (the test CI runs with 3 kills) at full size, with reception load.
#   bench/chaos/run.sh                     # kill -9 of A ten times, on H2 and with A on PostgreSQL
#   bench/chaos/run.sh kill 10 h2          # (kill | pg-restart) [times] [h2 | postgres | both]
#   bench/chaos/run.sh pg-restart 5        # A's PostgreSQL stopped 5 times for 20 s (PG_DOWN=20), A never restarted
#   bench/chaos/run.sh disk-full 4         # as root: A's data dir on a 400 MB tmpfs, filled 4 times for 20 s until
#                                          # DISK_LEAVE_MB (32) are left (pec.storage.min-free-mb=64); A on H2
#   bench/chaos/run.sh two-nodes 3         # A as two nodes on one PostgreSQL, both loaded; the second killed and
#                                          # restarted 3 times, then killed for good: the first finishes its work
# HEALTH_SECONDS (400): how long a (re)start of a server may take before the test gives up (longer on a loaded machine).
# SETTLE_SECONDS (3600): how long the census may wait for the backlog (B's items for A behind their retry back-off) to drain.
# INBOUND_PAUSE_MS (100): the reception load's pause after each message B takes for A.
# Both modes keep four clients submitting to A (half to B, half to A's own mailboxes) and one client submitting to B
# for alice@a.test, whose messages B's relay keeps offering to A's reception point. Figures (acknowledged,
# delivered, receipts, incomplete, doubled) go to bench/results/chaos-<mode>-<time>.txt.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
mode="${1:-kill}"
times="${2:-10}"
db="${3:-both}"
[ "$mode" = pg-restart ] && db=postgres
[ "$mode" = two-nodes ] && db=postgres
[ "$mode" = disk-full ] && db="${3:-h2}"
mkdir -p "$root/bench/results" "$root/bench/target"
out="$root/bench/results/chaos-$mode-$(date -u +%Y-%m-%dT%H%M).txt"
log="$root/bench/target/chaos-maven.log"
cd "$root"
rm -rf arquillian-tests/target/failsafe-reports-*
started=$(date +%s)
load_before=$(cut -d' ' -f1-3 /proc/loadavg)
set +e
mvn -B -o -pl arquillian-tests -am verify -DskipWiringITs=true -DskipFullServers=true -Dit.test=CrashRecoveryE2E \
  -Dtest=NONE -Dsurefire.failIfNoSpecifiedTests=false -Dpec.e2e.health.seconds="${HEALTH_SECONDS:-400}" \
  -Dpec.e2e.crash.kills="$times" -Dpec.e2e.crash.db="$db" -Dpec.e2e.crash.inbound=true \
  -Dpec.e2e.crash.fault="$mode" -Dpec.e2e.crash.pgDownSeconds="${PG_DOWN:-20}" \
  -Dpec.e2e.crash.diskLeaveMb="${DISK_LEAVE_MB:-32}" -Dpec.e2e.crash.settleSeconds="${SETTLE_SECONDS:-3600}" -Dpec.e2e.crash.inboundPauseMs="${INBOUND_PAUSE_MS:-100}" > "$log" 2>&1
status=$?
set -e
{
  echo "# chaos: CrashRecoveryE2E, $mode x $times ($db), reception load from B, $(date -u +%Y-%m-%dT%H:%MZ)"
  echo "# command: bench/chaos/run.sh $mode $times $db${DISK_LEAVE_MB:+ (DISK_LEAVE_MB=$DISK_LEAVE_MB)}${INBOUND_PAUSE_MS:+ (INBOUND_PAUSE_MS=$INBOUND_PAUSE_MS)}; commit $(git rev-parse --short HEAD)"
  echo "# machine: $(nproc) cores $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(free -g | awk '/Mem:/{print $2}') GiB," \
       "$(java -version 2>&1 | head -1); load average before $load_before, after $(cut -d' ' -f1-3 /proc/loadavg); maven exit $status, $(( $(date +%s) - started )) s"
  grep -E "Tests run:.*CrashRecovery" "$log" || true
  grep -hE "^crash|^  [a-z]" arquillian-tests/target/failsafe-reports-*/it.certmail.pec.e2e.CrashRecoveryE2E-output.txt || true
} > "$out"
cat "$out"
exit $status
