#!/usr/bin/env python3
"""CPU time of a JVM's threads by kind (GC, JIT compilers, the work loops, SMTP, HTTP, ...) over a benchmark's
measured run, from /proc/<pid>/task/*/stat: what a JFR execution sample cannot see (GC and compiler threads are not
Java threads).

  threadcpu.py watch <pid> <out.jsonl>          # a snapshot every 2 s until the process ends
  threadcpu.py window <out.jsonl> <pec-max.json> # CPU seconds per thread kind between the run's first submission
                                                 # and its last delivery receipt (the snapshots that bracket it)
"""
import json
import os
import re
import sys
import time
from datetime import datetime

TICK = os.sysconf("SC_CLK_TCK")
KINDS = [("GC", r"^(GC Thread|G1 |VM Periodic|GC )"), ("JIT compilers", r"^(C1 |C2 |Compiler)"),
         ("VM other", r"^(VM Thread|Service Thread|Sweeper|Common-Cleaner|Signal|Finalizer|Reference)"),
         ("JFR", r"^(JFR|jfr)"), ("reception loops", r"^pec-reception"), ("relay loops", r"^pec-relay"),
         ("SMTP sessions (submission)", r"^concurrent/"), ("HTTP (REST polling of the log)", r"^http-"),
         ("other", r".")]


def snapshot(pid):
    out = {}
    for tid in os.listdir(f"/proc/{pid}/task"):
        try:
            with open(f"/proc/{pid}/task/{tid}/stat") as f:
                s = f.read()
            name = s[s.index("(") + 1:s.rindex(")")]
            fields = s[s.rindex(")") + 2:].split()
            out[tid] = (name, (int(fields[11]) + int(fields[12])) / TICK)
        except (OSError, ValueError):
            pass
    return out


def watch(pid, path):
    with open(path, "w") as f:
        while os.path.exists(f"/proc/{pid}"):
            f.write(json.dumps({"t": time.time(), "threads": snapshot(pid)}) + "\n")
            f.flush()
            time.sleep(2)


def kind(name):
    return next(k for k, rx in KINDS if re.search(rx, name))


def window(path, run):
    r = json.load(open(run))
    start = datetime.fromisoformat(r["first_submit"].replace("Z", "+00:00")).timestamp()
    end = start + r["e2e_seconds"]
    snaps = [json.loads(line) for line in open(path)]
    a = max((s for s in snaps if s["t"] <= start), key=lambda s: s["t"])
    b = min((s for s in snaps if s["t"] >= end), key=lambda s: s["t"], default=snaps[-1])
    # a thread that ended inside the window (an SMTP session closed) counts with the last value seen of it;
    # one born inside it from zero
    last = {}
    for s in snaps:
        if a["t"] <= s["t"] <= b["t"]:
            last.update(s["threads"])
    totals = {}
    for tid, (name, cpu) in last.items():
        before = a["threads"].get(tid, (name, 0.0))[1]
        totals[kind(name)] = totals.get(kind(name), 0.0) + cpu - before
    all_cpu = sum(totals.values())
    n = r.get("delivery_receipts_filed") or r["count"]
    print(f"window {b['t'] - a['t']:.0f} s, {n} messages, server CPU {all_cpu:.1f} s = {1000 * all_cpu / n:.1f} ms/message")
    for k, v in sorted(totals.items(), key=lambda x: -x[1]):
        print(f"{100 * v / all_cpu:6.1f}%  {1000 * v / n:6.1f} ms/msg  {k}")


if __name__ == "__main__":
    {"watch": lambda: watch(int(sys.argv[2]), sys.argv[3]), "window": lambda: window(sys.argv[2], sys.argv[3])}[sys.argv[1]]()
