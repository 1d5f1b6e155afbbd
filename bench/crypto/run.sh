#!/usr/bin/env bash
# JMH: CMS sign and verify of a 4 KB PEC envelope, native RSA (Amazon Corretto Crypto Provider) against the JDK.
# Usage: bench/crypto/run.sh [JMH options, e.g. -f 2 -wi 5 -i 10 or a benchmark regex]
#        bench/crypto/run.sh --cpu [warm-up ops] [ops per round] [rounds]   (CPU time per operation, CpuTimePerOp)
#        bench/crypto/run.sh --reception [warm-up ops] [ops per round] [rounds]   (reading an envelope at reception:
#                                                          verified against our own, ReceptionCostPerOp)
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$root"
cp_file="bench/crypto/target/classpath.txt"
# one invocation: the modules resolve to this work tree's freshly packaged jars (never a stale SNAPSHOT in ~/.m2);
# bench/crypto, last in the reactor, writes the file last
mvn -B -q -o -Pbench -pl bench/crypto -am package dependency:build-classpath -DskipTests \
  -Dmdep.outputFile="$root/$cp_file" -Dmdep.includeScope=runtime
if grep -q '\.m2/repository/it/certmail' "$cp_file"; then
  echo "the classpath took a pec module from ~/.m2, not from this work tree" >&2; exit 1
fi
mkdir -p bench/results
stamp="$(date -u +%Y-%m-%dT%H%M%SZ)"
out="bench/results/crypto-$stamp.txt"
{
  echo "# bench/crypto/run.sh $*  ($stamp)"
  echo "# cpu: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | xargs), $(nproc) cores; $(java -version 2>&1 | head -1)"
  echo "# load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
  if [ "${1:-}" = "--cpu" ]; then
    shift
    java -cp "bench/crypto/target/classes:$(cat "$cp_file")" it.certmail.pec.bench.crypto.CpuTimePerOp "$@"
  elif [ "${1:-}" = "--reception" ]; then
    shift
    java -cp "bench/crypto/target/classes:$(cat "$cp_file")" it.certmail.pec.bench.crypto.ReceptionCostPerOp "$@"
  else
    java -cp "bench/crypto/target/classes:$(cat "$cp_file")" org.openjdk.jmh.Main "$@"
  fi
  echo "# load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
} 2>&1 | tee "$out"
echo "written: $out"
