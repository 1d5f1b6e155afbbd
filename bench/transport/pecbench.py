#!/usr/bin/env python3
"""Transport benchmark of the PEC platform: load generator, log reader, Postfix reference, report.

Standard library only. Subcommands (run.sh calls them in this order):
  ports N                     print N free loopback TCP ports
  setup                       create the bench domain and N sender/recipient mailbox pairs
  pec                         drive the PEC submission port, wait for the receipts in the log, write stats JSON
  postfix                     throwaway Postfix relay -> smtp-sink, same generator, write stats JSON
  report                      markdown summary of the JSON results
Times are wall-clock (time.time()), the same clock the server stamps its log with: both run on this machine.
"""
import argparse
import base64
import datetime
import email.utils
import json
import os
import shutil
import signal
import smtplib
import socket
import ssl
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request


# ---------------------------------------------------------------- helpers

def free_ports(n):
    socks, ports = [], []
    for _ in range(n):
        s = socket.socket()
        s.bind(("127.0.0.1", 0))
        socks.append(s)
        ports.append(s.getsockname()[1])
    for s in socks:
        s.close()
    return ports


def parse_instant(text):
    """ISO-8601 instant as the server writes it ('...T..:..:..[.fffffffff]Z') -> epoch seconds."""
    t = text.strip()
    if t.endswith("Z"):
        t = t[:-1] + "+00:00"
    main, sep, rest = t.partition(".")
    if sep:
        digits = ""
        i = 0
        while i < len(rest) and rest[i].isdigit():
            digits += rest[i]
            i += 1
        t = main + "." + (digits[:6].ljust(6, "0")) + rest[i:]
    return datetime.datetime.fromisoformat(t).timestamp()


def iso(epoch):
    return datetime.datetime.fromtimestamp(epoch, datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def percentile(sorted_values, p):
    """Nearest-rank percentile of an ascending list (p in 0..100)."""
    if not sorted_values:
        return None
    rank = max(1, int(-(-p * len(sorted_values) // 100)))
    return sorted_values[min(rank, len(sorted_values)) - 1]


def dist(values):
    v = sorted(values)
    if not v:
        return {"n": 0}
    return {"n": len(v), "p50": percentile(v, 50), "p99": percentile(v, 99), "max": v[-1],
            "mean": sum(v) / len(v)}


class Api:
    def __init__(self, base, password):
        self.base = base.rstrip("/")
        self.auth = "Basic " + base64.b64encode(("admin:" + password).encode()).decode()

    def call(self, method, path, body=None, ok=(200, 201, 204)):
        data = None if body is None else json.dumps(body).encode()
        req = urllib.request.Request(self.base + path, data=data, method=method)
        req.add_header("Authorization", self.auth)
        req.add_header("Accept", "application/json")
        if data is not None:
            req.add_header("Content-Type", "application/json")
        try:
            with urllib.request.urlopen(req, timeout=120) as resp:
                text = resp.read().decode()
                status = resp.status
        except urllib.error.HTTPError as e:
            text = e.read().decode(errors="replace")
            status = e.code
        if status not in ok:
            raise RuntimeError(f"{method} {path} -> {status}: {text[:500]}")
        return json.loads(text) if text.strip() else None

    def log(self, frm, to=None):
        """Every log entry with frm <= time < to, paged by time and de-duplicated by id."""
        entries = {}
        cursor = frm
        while True:
            q = {"from": iso(cursor), "limit": "1000"}
            if to is not None:
                q["to"] = iso(to)
            page = self.call("GET", "/api/admin/log?" + urllib.parse.urlencode(q))
            new = 0
            for e in page:
                if e["id"] not in entries:
                    entries[e["id"]] = e
                    new += 1
            if len(page) < 1000:
                return list(entries.values())
            last = parse_instant(page[-1]["time"])
            if new == 0:
                # a full page of one instant: step past it (microsecond resolution of the query)
                last += 1e-6
            cursor = last


# ---------------------------------------------------------------- the generator

def build_message(sender, rcpt, msgid, subject, size):
    head = (f"From: {sender}\r\nTo: {rcpt}\r\nSubject: {subject}\r\n"
            f"Date: {email.utils.formatdate(localtime=True)}\r\nMessage-ID: {msgid}\r\n"
            "MIME-Version: 1.0\r\nContent-Type: text/plain; charset=us-ascii\r\n"
            "Content-Transfer-Encoding: 7bit\r\n\r\n")
    line = "Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod tem\r\n"
    body_len = max(0, size - len(head))
    body = (line * (body_len // len(line) + 1))[:body_len]
    if not body.endswith("\r\n"):
        body = body[:-2] + "\r\n" if len(body) >= 2 else "\r\n"
    return (head + body).encode("ascii")


class Load:
    """count messages through `concurrency` persistent SMTP sessions; worker w always uses pair w."""

    def __init__(self, connect, pairs, count, concurrency, size, rate, run_id, reply_ok):
        self.connect = connect          # (pair) -> logged-in smtplib client
        self.pairs = pairs
        self.count = count
        self.concurrency = concurrency
        self.size = size
        self.rate = rate                # None = as fast as possible
        self.run_id = run_id
        self.reply_ok = reply_ok        # (code, text) -> bool
        self.next = 0
        self.lock = threading.Lock()
        self.records = []
        self.errors = []
        self.t0 = None

    def take(self):
        with self.lock:
            if self.next >= self.count:
                return None
            i = self.next
            self.next += 1
            return i

    def worker(self, w):
        pair = self.pairs[w % len(self.pairs)]
        client = None
        while True:
            i = self.take()
            if i is None:
                break
            if self.rate:
                delay = self.t0 + i / self.rate - time.time()
                if delay > 0:
                    time.sleep(delay)
            msgid = f"<bench-{self.run_id}-{i}@{pair['sender'].split('@')[1]}>"
            raw = build_message(pair["sender"], pair["recipient"], msgid, f"bench {self.run_id} {i}", self.size)
            rec = {"i": i, "msgid": msgid, "sender": pair["sender"]}
            try:
                if client is None:
                    client = self.connect(pair)
                rec["start"] = time.time()
                code, text = client.mail(pair["sender"])
                if code != 250:
                    raise smtplib.SMTPResponseException(code, text)
                code, text = client.rcpt(pair["recipient"])
                if code not in (250, 251):
                    raise smtplib.SMTPResponseException(code, text)
                code, text = client.data(raw)
                rec["end"] = time.time()
                rec["reply"] = text.decode(errors="replace")
                rec["ok"] = code == 250 and self.reply_ok(code, rec["reply"])
            except (smtplib.SMTPException, OSError) as e:
                rec["end"] = time.time()
                rec["ok"] = False
                rec["reply"] = repr(e)
                try:
                    if client is not None:
                        client.close()
                except Exception:
                    pass
                client = None
            with self.lock:
                self.records.append(rec)
                if not rec["ok"]:
                    self.errors.append(rec)
                    if len(self.errors) <= 5:
                        print(f"  message {i} not accepted: {rec['reply'][:200]}", file=sys.stderr)
        if client is not None:
            try:
                client.quit()
            except Exception:
                pass

    def run(self):
        # log in every session before the clock starts: the figure is for persistent sessions
        self.t0 = time.time() + 0.5
        threads = [threading.Thread(target=self.worker, args=(w,), daemon=True) for w in range(self.concurrency)]
        for t in threads:
            t.start()
        last_report = time.time()
        while any(t.is_alive() for t in threads):
            time.sleep(0.5)
            if time.time() - last_report >= 10:
                last_report = time.time()
                print(f"  submitted {len(self.records)}/{self.count}", file=sys.stderr)
        self.records.sort(key=lambda r: r["i"])
        return self.records


def submission_stats(records):
    ok = [r for r in records if r.get("ok")]
    out = {"submitted": len(records), "accepted_by_smtp": len(ok), "smtp_errors": len(records) - len(ok)}
    if ok:
        first = min(r["start"] for r in ok)
        last = max(r["end"] for r in ok)
        out["first_submit"] = iso(first)
        out["submit_seconds"] = last - first
        out["smtp_rate"] = len(ok) / (last - first) if last > first else None
        out["smtp_250_latency"] = dist([r["end"] - r["start"] for r in ok])
    return out


# ---------------------------------------------------------------- PEC

def cmd_setup(a):
    api = Api(a.api, a.admin_password)
    api.call("POST", "/api/admin/domains", {"name": a.domain}, ok=(200, 201, 204, 409))
    pairs = []
    for n in range(a.pairs):
        pair = {}
        for role in ("sender", "recipient"):
            address = f"{'s' if role == 'sender' else 'r'}{n:03d}@{a.domain}"
            api.call("POST", "/api/admin/mailboxes", {
                "address": address, "password": "Bench-web-Passw0rd!", "holderName": f"Bench {role} {n}",
                "referenceEmail": f"bench{n}@example.org"})
            pair[role] = address
            if role == "sender":
                pair["password"] = api.call("POST", f"/api/admin/mailboxes/{address}/client-password")["password"]
        pairs.append(pair)
    with open(a.out, "w") as f:
        json.dump(pairs, f, indent=1)
    print(f"created domain {a.domain} and {2 * a.pairs} mailboxes", file=sys.stderr)


def pec_connect(host, port):
    ctx = ssl.create_default_context()
    ctx.check_hostname = False
    ctx.verify_mode = ssl.CERT_NONE     # the server's generated local CA

    def connect(pair):
        c = smtplib.SMTP_SSL(host, port, context=ctx, timeout=120)
        c.ehlo("bench.localhost")
        c.login(pair["sender"], pair["password"])
        return c
    return connect


class CpuSamples:
    """The server's CPU time (utime + stime of its process) and the machine's load, sampled along a run."""

    def __init__(self, pid):
        self.pid = pid
        self.samples = []
        self.load_start = os.getloadavg()[0]
        self.sample()

    def sample(self):
        if not self.pid:
            return
        try:
            with open(f"/proc/{self.pid}/stat") as f:
                fields = f.read().rsplit(")", 1)[1].split()
            self.samples.append((time.time(), (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")))
        except (OSError, ValueError, IndexError):
            pass

    def window(self, start, end, messages):
        """CPU seconds from the first sample to the first one at or after `end` (the samples bracket the run)."""
        out = {"load_avg_1min_start": round(self.load_start, 2), "load_avg_1min_end": round(os.getloadavg()[0], 2)}
        if end is None or len(self.samples) < 2 or not messages:
            return out
        after = next((s for s in self.samples if s[0] >= end), self.samples[-1])
        seconds = after[1] - self.samples[0][1]
        wall = after[0] - self.samples[0][0]
        out.update({"server_cpu_seconds": round(seconds, 1),
                    "server_cpu_ms_per_message": round(1000 * seconds / messages, 1),
                    "server_cores_busy": round(seconds / wall, 2) if wall > 0 else None})
        return out


def cmd_pec(a):
    with open(a.accounts) as f:
        pairs = json.load(f)
    api = Api(a.api, a.admin_password)
    rate = None if a.rate in (None, "", "max") else float(a.rate)
    run_id = f"{a.label}-{int(time.time())}"
    print(f"PEC run '{a.label}': {a.count} messages of {a.size} bytes, concurrency {a.concurrency}, "
          f"rate {'max' if rate is None else f'{rate:.1f}/s'}", file=sys.stderr)
    load = Load(pec_connect(a.host, a.port), pairs, a.count, a.concurrency, a.size, rate, run_id,
                lambda code, text: "non accettato" not in text)
    log_from = time.time() - 1
    cpu = CpuSamples(a.server_pid)
    records = load.run()
    cpu.sample()
    stats = submission_stats(records)
    ok = {r["msgid"]: r for r in records if r.get("ok")}

    # wait until every delivery receipt is filed in its sender's mailbox
    deadline = time.time() + a.drain_timeout
    seen = {}
    watermark = log_from
    delivered = set()
    progress_at, last_full, last_count = time.time(), time.time(), -1
    while True:
        # incremental read for progress; entries commit out of time order, so re-read a margin
        for e in api.log(watermark):
            seen[e["id"]] = e
        if seen:
            watermark = max(log_from, max(parse_instant(e["time"]) for e in seen.values()) - 5)
        delivered = {e["clientMsgid"] for e in seen.values()
                     if e["event"] == "RICEZIONE_RICEVUTA" and (e.get("detail") or "").startswith("DELIVERY")
                     and e.get("clientMsgid") in ok}
        if len(delivered) != last_count:
            last_count, progress_at = len(delivered), time.time()
            print(f"  delivery receipts filed: {len(delivered)}/{len(ok)}", file=sys.stderr)
        if len(delivered) >= len(ok):
            break
        if time.time() > deadline:
            print(f"  gave up waiting after {a.drain_timeout}s", file=sys.stderr)
            break
        if time.time() - progress_at > 10 and time.time() - last_full > 30:
            # no progress: maybe the margin was too small; a full read settles it (and reports a stall)
            last_full = time.time()
            seen = {e["id"]: e for e in api.log(log_from)}
            print(f"  no new delivery receipt for {time.time() - progress_at:.0f}s", file=sys.stderr)
            continue
        time.sleep(2)
        cpu.sample()

    # one consistent read of everything once it has settled
    entries = api.log(log_from)
    by_client = {}
    for e in entries:
        cm = e.get("clientMsgid")
        if cm in ok:
            by_client.setdefault(cm, []).append(e)

    def first_time(es, event, detail=None):
        times = [parse_instant(e["time"]) for e in es
                 if e["event"] == event and (detail is None or (e.get("detail") or "").startswith(detail))]
        return min(times) if times else None

    acc_lat, acc_log_lat, del_lat, del_times, consegna_lat = [], [], [], [], []
    missing_acc, missing_del = 0, 0
    for cm, r in ok.items():
        es = by_client.get(cm, [])
        t_acc = first_time(es, "RICEZIONE_RICEVUTA", "ACCEPTANCE")
        t_accl = first_time(es, "ACCETTAZIONE")
        t_cons = first_time(es, "CONSEGNA")
        t_del = first_time(es, "RICEZIONE_RICEVUTA", "DELIVERY")
        if t_acc is None:
            missing_acc += 1
        else:
            acc_lat.append(t_acc - r["start"])
        if t_accl is not None:
            acc_log_lat.append(t_accl - r["start"])
        if t_cons is not None:
            consegna_lat.append(t_cons - r["start"])
        if t_del is None:
            missing_del += 1
        else:
            del_lat.append(t_del - r["start"])
            del_times.append(t_del)
    first = min(r["start"] for r in ok.values()) if ok else None
    stats.update({
        "label": a.label, "kind": "pec", "count": a.count, "size": a.size, "concurrency": a.concurrency,
        "rate_target": rate,
        "delivery_receipts_filed": len(del_times), "missing_acceptance_receipts": missing_acc,
        "missing_delivery_receipts": missing_del,
        "e2e_seconds": (max(del_times) - first) if del_times else None,
        "e2e_rate": (len(del_times) / (max(del_times) - first)) if del_times else None,
        "acceptance_receipt_latency": dist(acc_lat),
        "accettazione_logged_latency": dist(acc_log_lat),
        "consegna_logged_latency": dist(consegna_lat),
        "delivery_receipt_latency": dist(del_lat),
        "log_entries_read": len(entries),
    })
    stats.update(cpu.window(first, max(del_times) if del_times else None, len(del_times)))
    with open(a.out, "w") as f:
        json.dump(stats, f, indent=1)
    print_summary(stats)


# ---------------------------------------------------------------- Postfix reference

MAIN_CF = """\
compatibility_level = 3.6
queue_directory = {dir}/spool
data_directory = {dir}/data
maillog_file = {dir}/maillog
maillog_file_prefixes = {dir}
mail_owner = postfix
setgid_group = postdrop
myhostname = relay.bench.localhost
mydomain = bench.localhost
myorigin = $myhostname
mydestination =
local_recipient_maps =
local_transport = error:local delivery is disabled
alias_maps =
alias_database =
relay_domains =
mynetworks = 127.0.0.0/8
smtpd_relay_restrictions = permit_mynetworks, reject
inet_interfaces = 127.0.0.1
inet_protocols = ipv4
relayhost = [127.0.0.1]:{sink_port}
smtp_dns_support_level = disabled
smtp_host_lookup = native
smtpd_tls_security_level = none
smtp_tls_security_level = none
smtpd_sasl_auth_enable = no
biff = no
default_process_limit = 100
"""

MASTER_CF = """\
127.0.0.1:{port} inet n - n - - smtpd
pickup    unix  n - n 60 1 pickup
cleanup   unix  n - n -  0 cleanup
qmgr      unix  n - n 300 1 qmgr
rewrite   unix  - - n -  - trivial-rewrite
bounce    unix  - - n -  0 bounce
defer     unix  - - n -  0 bounce
trace     unix  - - n -  0 bounce
verify    unix  - - n -  1 verify
flush     unix  n - n 1000? 0 flush
proxymap  unix  - - n -  - proxymap
smtp      unix  - - n -  - smtp
relay     unix  - - n -  - smtp
showq     unix  n - n -  - showq
error     unix  - - n -  - error
retry     unix  - - n -  - error
discard   unix  - - n -  - discard
anvil     unix  - - n -  1 anvil
scache    unix  - - n -  1 scache
postlog   unix-dgram n - n - 1 postlogd
"""


def cmd_postfix(a):
    missing = [b for b in ("postfix", "smtp-sink") if shutil.which(b) is None]
    if missing:
        print(f"Postfix reference skipped: {', '.join(missing)} not installed "
              "(Debian: apt-get install postfix)", file=sys.stderr)
        with open(a.out, "w") as f:
            json.dump({"kind": "postfix", "skipped": f"{', '.join(missing)} not installed"}, f)
        return
    if os.geteuid() != 0:
        print("Postfix reference skipped: a private Postfix instance needs root", file=sys.stderr)
        with open(a.out, "w") as f:
            json.dump({"kind": "postfix", "skipped": "not root"}, f)
        return
    port, sink_port = free_ports(2)
    base = tempfile.mkdtemp(prefix="pec-bench-postfix-")
    os.chmod(base, 0o755)
    conf = os.path.join(base, "conf")
    os.makedirs(conf)
    os.makedirs(os.path.join(base, "data"))
    os.makedirs(os.path.join(base, "spool"))     # postfix start creates the queue directories below it
    shutil.chown(os.path.join(base, "data"), "postfix")
    with open(os.path.join(conf, "main.cf"), "w") as f:
        f.write(MAIN_CF.format(dir=base, sink_port=sink_port))
    with open(os.path.join(conf, "master.cf"), "w") as f:
        f.write(MASTER_CF.format(port=port))
    sink = None
    started = False
    counts = []      # (time, messages received by the sink)
    try:
        sink = subprocess.Popen(["smtp-sink", "-c", "-u", "postfix", f"127.0.0.1:{sink_port}", "256"],
                                stdout=subprocess.PIPE, stderr=subprocess.STDOUT, start_new_session=True)

        def read_sink():
            buf = b""
            while True:
                ch = sink.stdout.read1(4096) if hasattr(sink.stdout, "read1") else sink.stdout.read(1)
                if not ch:
                    return
                now = time.time()
                buf += ch
                *parts, buf = buf.split(b"\r")
                for p in parts:
                    for field in p.decode(errors="replace").split():
                        if field.startswith("mesg="):
                            counts.append((now, int(field[5:])))
        threading.Thread(target=read_sink, daemon=True).start()
        env = dict(os.environ, MAIL_CONFIG=conf)
        r = subprocess.run(["postfix", "-c", conf, "start"], env=env, capture_output=True, text=True, timeout=60)
        if r.returncode != 0:
            raise RuntimeError("postfix start failed: " + r.stdout + r.stderr + tail(os.path.join(base, "maillog")))
        started = True
        wait_port(port, 30)
        pairs = [{"sender": f"s{n:03d}@bench.test", "recipient": f"r{n:03d}@bench.test"}
                 for n in range(a.concurrency)]
        print(f"Postfix reference: relay 127.0.0.1:{port} -> smtp-sink 127.0.0.1:{sink_port}, {a.count} messages "
              f"of {a.size} bytes, concurrency {a.concurrency}", file=sys.stderr)

        def connect(pair):
            c = smtplib.SMTP("127.0.0.1", port, timeout=120)
            c.ehlo("bench.localhost")
            return c
        load = Load(connect, pairs, a.count, a.concurrency, a.size, None, f"postfix-{int(time.time())}",
                    lambda code, text: True)
        records = load.run()
        stats = submission_stats(records)
        accepted = stats["accepted_by_smtp"]
        deadline = time.time() + a.drain_timeout
        while (not counts or counts[-1][1] < accepted) and time.time() < deadline:
            time.sleep(0.2)
        relayed = counts[-1][1] if counts else 0
        first = min(r["start"] for r in records if r.get("ok"))
        t_last = next((t for t, n in counts if n >= accepted), counts[-1][0] if counts else None)
        stats.update({"label": "postfix", "kind": "postfix", "count": a.count, "size": a.size,
                      "concurrency": a.concurrency, "relayed_to_sink": relayed,
                      "e2e_seconds": (t_last - first) if t_last else None,
                      "e2e_rate": (relayed / (t_last - first)) if t_last else None,
                      "postfix_version": subprocess.run(["postconf", "-d", "-h", "mail_version"], capture_output=True,
                                                        text=True).stdout.strip()})
        with open(a.out, "w") as f:
            json.dump(stats, f, indent=1)
        print_summary(stats)
    finally:
        if started:
            subprocess.run(["postfix", "-c", conf, "stop"], env=dict(os.environ, MAIL_CONFIG=conf),
                           capture_output=True, timeout=60)
            # postfix stop returns before every daemon has exited
            for _ in range(50):
                pid_file = os.path.join(base, "spool", "pid", "master.pid")
                if not os.path.exists(pid_file):
                    break
                time.sleep(0.2)
        if sink is not None:
            os.killpg(sink.pid, signal.SIGTERM)
            sink.wait(timeout=10)
        shutil.rmtree(base, ignore_errors=True)


def tail(path, n=20):
    try:
        with open(path, errors="replace") as f:
            return "".join(f.readlines()[-n:])
    except OSError:
        return ""


def wait_port(port, seconds):
    deadline = time.time() + seconds
    while time.time() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"nothing listens on 127.0.0.1:{port} after {seconds}s")


# ---------------------------------------------------------------- output

def ms(d, key):
    v = d.get(key) if d else None
    return "-" if v is None else f"{v * 1000:.0f}"


def rate_fmt(v):
    return "-" if v is None else f"{v:.1f}"


def print_summary(s):
    print(f"[{s['label']}] submitted {s['submitted']}, accepted {s['accepted_by_smtp']}, "
          f"SMTP rate {rate_fmt(s.get('smtp_rate'))}/s, end-to-end rate {rate_fmt(s.get('e2e_rate'))}/s")
    for key in ("smtp_250_latency", "acceptance_receipt_latency", "delivery_receipt_latency"):
        if key in s:
            d = s[key]
            print(f"    {key:28s} n={d.get('n')} p50={ms(d, 'p50')} ms p99={ms(d, 'p99')} ms max={ms(d, 'max')} ms")


def cmd_report(a):
    results = []
    for path in a.results:
        if os.path.exists(path):
            with open(path) as f:
                results.append(json.load(f))
    pec = [r for r in results if r.get("kind") == "pec"]
    pf = next((r for r in results if r.get("kind") == "postfix"), None)
    lines = [f"# Transport benchmark, {a.date}", ""]
    lines += ["## Machine", "", "```", a.machine.strip(), "```", ""]
    lines += ["## Command", "", "```", a.command, "```", ""]
    lines += ["## Results", "",
              "Rates in messages/s. PEC end-to-end = from the first submission to the last delivery receipt "
              "filed in its sender's mailbox; Postfix end-to-end = from the first submission to the last message "
              "received by smtp-sink. Latencies in ms from the start of each submission (MAIL FROM).", "",
              "| run | messages | target rate | SMTP accept rate | end-to-end rate | 250 p50 / p99 | acceptance receipt "
              "p50 / p99 / max | delivery receipt p50 / p99 / max |",
              "|---|---|---|---|---|---|---|---|"]
    for r in pec:
        acc = r["acceptance_receipt_latency"]
        dl = r["delivery_receipt_latency"]
        sm = r.get("smtp_250_latency", {})
        lines.append(f"| PEC {r['label']} | {r['accepted_by_smtp']}/{r['submitted']} (receipts {r['delivery_receipts_filed']}) "
                     f"| {'max' if not r.get('rate_target') else rate_fmt(r['rate_target'])} "
                     f"| {rate_fmt(r.get('smtp_rate'))} | {rate_fmt(r.get('e2e_rate'))} "
                     f"| {ms(sm, 'p50')} / {ms(sm, 'p99')} "
                     f"| {ms(acc, 'p50')} / {ms(acc, 'p99')} / {ms(acc, 'max')} "
                     f"| {ms(dl, 'p50')} / {ms(dl, 'p99')} / {ms(dl, 'max')} |")
    if pf and not pf.get("skipped"):
        sm = pf.get("smtp_250_latency", {})
        lines.append(f"| Postfix {pf.get('postfix_version', '')} relay -> smtp-sink | {pf['accepted_by_smtp']}/{pf['submitted']} "
                     f"(sink {pf['relayed_to_sink']}) | max | {rate_fmt(pf.get('smtp_rate'))} "
                     f"| {rate_fmt(pf.get('e2e_rate'))} | {ms(sm, 'p50')} / {ms(sm, 'p99')} | - | - |")
    lines.append("")
    for r in pec:
        if r.get("server_cpu_ms_per_message") is not None:
            lines.append(f"- PEC {r['label']}: server CPU {r['server_cpu_ms_per_message']} ms per message "
                         f"({r.get('server_cores_busy')} cores busy on average); load average (1 min) "
                         f"{r.get('load_avg_1min_start')} at the start, {r.get('load_avg_1min_end')} at the end")
    lines.append("")
    if pf and pf.get("skipped"):
        lines += [f"Postfix reference skipped: {pf['skipped']}.", ""]
    # the targets
    lines += ["## Targets (transport issue)", ""]
    mx = next((r for r in pec if not r.get("rate_target")), None)
    half = next((r for r in pec if r.get("rate_target")), None)
    if mx and pf and not pf.get("skipped") and mx.get("e2e_rate") and pf.get("e2e_rate"):
        ratio = mx["e2e_rate"] / pf["e2e_rate"]
        verdict = ("met, and the stretch (1/2)" if ratio >= 0.5 else "met" if ratio >= 0.25 else "NOT met")
        lines.append(f"- end-to-end rate at least a quarter of the Postfix relay's (stretch a half, aim the whole): "
                     f"PEC {rate_fmt(mx['e2e_rate'])}/s vs Postfix {rate_fmt(pf['e2e_rate'])}/s, ratio "
                     f"{ratio:.3f} (1/{1 / ratio:.1f}): **{verdict}**")
    if mx and mx.get("server_cpu_ms_per_message") is not None:
        cpu = mx["server_cpu_ms_per_message"]
        verdict = "met, and the stretch (6 ms)" if cpu <= 6 else "met" if cpu <= 12 else "NOT met"
        lines.append(f"- server CPU per end-to-end message at max load 12 ms or less (stretch 6 ms): {cpu} ms: "
                     f"**{verdict}**")
    if half:
        acc99 = half["acceptance_receipt_latency"].get("p99")
        del99 = half["delivery_receipt_latency"].get("p99")
        lines.append(f"- at half load ({rate_fmt(half['rate_target'])}/s): acceptance receipt p99 "
                     f"{ms(half['acceptance_receipt_latency'], 'p99')} ms (< 200: "
                     f"**{'met' if acc99 is not None and acc99 < 0.2 else 'NOT met'}**), delivery receipt p99 "
                     f"{ms(half['delivery_receipt_latency'], 'p99')} ms (< 1000: "
                     f"**{'met' if del99 is not None and del99 < 1.0 else 'NOT met'}**)")
    if a.note:
        lines += ["", a.note]
    lines += ["", "## Raw figures", "", "```json", json.dumps(results, indent=1), "```", ""]
    with open(a.md, "w") as f:
        f.write("\n".join(lines))


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = p.add_subparsers(dest="cmd", required=True)
    s = sub.add_parser("ports")
    s.add_argument("n", type=int)
    s = sub.add_parser("setup")
    s.add_argument("--api", required=True)
    s.add_argument("--admin-password", required=True)
    s.add_argument("--domain", default="bench.test")
    s.add_argument("--pairs", type=int, default=20)
    s.add_argument("--out", required=True)
    for name in ("pec", "postfix"):
        s = sub.add_parser(name)
        if name == "pec":
            s.add_argument("--accounts", required=True)
        s.add_argument("--count", type=int, default=2000)
        s.add_argument("--concurrency", type=int, default=20)
        s.add_argument("--size", type=int, default=4096)
        s.add_argument("--drain-timeout", type=int, default=900)
        s.add_argument("--out", required=True)
        if name == "pec":
            s.add_argument("--api", required=True)
            s.add_argument("--admin-password", required=True)
            s.add_argument("--host", default="127.0.0.1")
            s.add_argument("--port", type=int, required=True)
            s.add_argument("--rate", default="max")
            s.add_argument("--label", default="max")
            s.add_argument("--server-pid", type=int, help="the server process, for its CPU time per message")
    s = sub.add_parser("report")
    s.add_argument("--md", required=True)
    s.add_argument("--date", required=True)
    s.add_argument("--machine", required=True)
    s.add_argument("--command", required=True)
    s.add_argument("--note", default="")
    s.add_argument("results", nargs="+")
    a = p.parse_args()
    if a.cmd == "ports":
        print(" ".join(str(x) for x in free_ports(a.n)))
    elif a.cmd == "setup":
        cmd_setup(a)
    elif a.cmd == "pec":
        cmd_pec(a)
    elif a.cmd == "postfix":
        cmd_postfix(a)
    elif a.cmd == "report":
        cmd_report(a)


if __name__ == "__main__":
    main()
