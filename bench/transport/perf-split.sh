#!/usr/bin/env bash
# The server's CPU split by shared object (JIT-compiled Java, native RSA, kernel, libjvm) during the max run, which JFR
# cannot give (it samples Java code only): starts run.sh on a work tree, waits for the measured max run, records the
# server with perf for 20 s, and prints perf's split (bench/README.md, 2026-12-07, eleventh session). Needs perf and root.
#
#   bench/transport/perf-split.sh <work tree> <tag> [run.sh options...]
#   e.g. BENCH_DB=postgres bench/transport/perf-split.sh /work/main key --count 6000 --rate max --no-postfix
#
# Writes bench/target/perf-<tag>.data and the run's log bench/target/perf-<tag>.log (under the tree it is run from).
set -u
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
out="$(cd "$here/../.." && pwd)/bench/target"
tree="$(cd "${1:?work tree}" && pwd)"
tag="${2:?tag}"
shift 2
mkdir -p "$out"
cd "$tree"
( bench/transport/run.sh "$@" > "$out/perf-$tag.log" 2>&1 ) &
runner=$!
pid=""
for _ in $(seq 1 300); do
  pid=$(pgrep -f "payara-micro.jar.*--deploy $tree/" | head -1)
  [[ -n "$pid" ]] && break
  sleep 1
done
for _ in $(seq 1 1800); do
  grep -q "PEC run 'max'" "$out/perf-$tag.log" 2>/dev/null && break
  sleep 1
done
sleep 3
perf record -F 999 -g -p "$pid" -o "$out/perf-$tag.data" -- sleep 20 > /dev/null 2>&1
wait "$runner"
perf report -i "$out/perf-$tag.data" --no-children --sort dso --stdio -g none 2>/dev/null | grep -v '^#' | grep -v '^$' | head -8
