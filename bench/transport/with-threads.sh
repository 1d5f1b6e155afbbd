#!/usr/bin/env bash
# One benchmark run of a work tree with the server's CPU split by thread kind (threadcpu.py), for A/B runs of two
# trees one after the other (see bench/README.md, 2026-12-07):
#
#   bench/transport/with-threads.sh <work tree> <tag> [run.sh options...]
#   e.g. BENCH_DB=postgres bench/transport/with-threads.sh /work/wt-base base1 --rate max --no-postfix
#
# With PERF=1 it also records the server with perf for 20 s of the max run and prints the CPU split by shared object
# (JIT-compiled Java, native RSA, kernel, libjvm), which JFR cannot give: it samples Java code only (needs perf, root).
#
# Writes the run's log to bench/target/with-threads-<tag>.log and the snapshots to ...-<tag>-threads.jsonl (under
# the tree the script is run from), then prints the rate, run.sh's CPU figure and the split.
set -u
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
out="$(cd "$here/../.." && pwd)/bench/target"
tree="$(cd "${1:?work tree}" && pwd)"
tag="${2:?tag}"
shift 2
mkdir -p "$out"
cd "$tree"
( bench/transport/run.sh "$@" > "$out/with-threads-$tag.log" 2>&1 ) &
runner=$!
pid=""
for _ in $(seq 1 300); do
  pid=$(pgrep -f "payara-micro.jar.*--deploy $tree/" | head -1)
  [[ -n "$pid" ]] && break
  sleep 1
done
[[ -n "$pid" ]] && python3 "$here/threadcpu.py" watch "$pid" "$out/with-threads-$tag-threads.jsonl" &
if [[ -n "${PERF:-}" && -n "$pid" ]]; then
  for _ in $(seq 1 1800); do
    grep -q "PEC run 'max'" "$out/with-threads-$tag.log" 2>/dev/null && break
    sleep 1
  done
  sleep 3
  perf record -F 999 -g -p "$pid" -o "$out/perf-$tag.data" -- sleep 20 > /dev/null 2>&1
fi
wait "$runner"
run="$(ls -d bench/target/transport-* | sort | tail -1)"
echo "$tag: $run"
python3 - "$run/pec-max.json" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
print({k: r.get(k) for k in ["e2e_rate", "server_cpu_ms_per_message", "server_cores_busy", "load_avg_1min_start"]})
PY
python3 "$here/threadcpu.py" window "$out/with-threads-$tag-threads.jsonl" "$run/pec-max.json"
if [[ -n "${PERF:-}" ]]; then
  perf report -i "$out/perf-$tag.data" --no-children --sort dso --stdio -g none 2>/dev/null | grep -v '^#' | grep -v '^$' | head -8
fi
