#!/usr/bin/env python3
"""EJB business calls per message from an ejb-calls-PID.txt dump: summary.py FILE MESSAGES."""
import sys

path, messages = sys.argv[1], int(sys.argv[2])
rows = []
for line in open(path):
    n, name = line.split(None, 1)
    rows.append((int(n), name.strip()))
rows.sort(reverse=True)
total = sum(n for n, _ in rows)
for n, name in rows:
    if n / messages >= 0.01:
        print(f"{n / messages:8.2f}  {n:9d}  {name}")
print(f"{total / messages:8.2f}  {total:9d}  total ({messages} messages)")
