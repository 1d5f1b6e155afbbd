#!/usr/bin/env python3
"""IMAP benchmark client (standard library only): populate, fetch, select, idle.

    imap_bench.py populate HOST PORT USER PASS COUNT [CONNS]  APPEND COUNT small messages, pipelined (LITERAL+)
    imap_bench.py fetch HOST PORT USER PASS [REPEAT]      time UID FETCH 1:* of the headers of INBOX
    imap_bench.py select HOST PORT USER PASS [REPEAT]     time SELECT INBOX
    imap_bench.py idle HOST PORT JAVA_PID ACCOUNTS PER_ACCOUNT SMTP_PORT HOLD_SECONDS
        ACCOUNTS: file of "address password" lines; PER_ACCOUNT IDLE connections for each, spread over source
        addresses 127.0.1.x (at most 20 per address, the server's default per-host limit); then the time until
        idling clients see a new message (APPEND from another connection, and a PEC submission over SMTP), and the
        server's RSS (VmRSS of JAVA_PID) while they idle.
    imap_bench.py cross HOST PORT_A PORT_B USER PASS [ROUNDS]
        IDLE on node B, APPEND on node A: the time until B's idling client sees EXISTS (IDLE across nodes)

Every figure is printed as "key: value" lines for bench/results.
"""
import asyncio
import email.utils
import os
import re
import resource
import smtplib
import socket
import ssl
import sys
import threading
import time


def tls_context():
    ctx = ssl.create_default_context()
    # the server's certificate comes from the provider's local CA; the benchmark measures speed, not trust
    ctx.check_hostname = False
    ctx.verify_mode = ssl.CERT_NONE
    return ctx


def message(i, user):
    body = "Messaggio di prova numero %d per il benchmark IMAP.\r\n" % i
    return ("From: Mittente %d <sender%d@example.org>\r\n"
            "To: %s\r\n"
            "Subject: Benchmark %d\r\n"
            "Date: %s\r\n"
            "Message-ID: <bench-%d-%d@example.org>\r\n"
            "MIME-Version: 1.0\r\n"
            "Content-Type: text/plain; charset=utf-8\r\n"
            "\r\n%s" % (i % 97, i % 97, user, i, email.utils.formatdate(time.time() - i, localtime=False),
                        os.getpid(), i, body)).encode()


class Conn:
    """A blocking IMAP connection reading whole responses (literals included)."""

    def __init__(self, host, port, source=None):
        raw = socket.create_connection((host, port), timeout=600, source_address=(source, 0) if source else None)
        raw.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self.sock = tls_context().wrap_socket(raw)
        self.rfile = self.sock.makefile("rb", buffering=1 << 20)
        self.tag = 0
        self.readline()  # greeting

    def readline(self):
        line = self.rfile.readline()
        if not line:
            raise EOFError("server closed the connection")
        m = re.search(rb"\{(\d+)\}\r\n$", line)
        if m:
            line += self.rfile.read(int(m.group(1)))
            line += self.readline()
        return line

    def send(self, data):
        self.sock.sendall(data)

    def command(self, text):
        """Sends one command, returns (untagged lines count, bytes, tagged line)."""
        self.tag += 1
        tag = b"c%d" % self.tag
        self.send(tag + b" " + text.encode() + b"\r\n")
        n = 0
        size = 0
        while True:
            line = self.readline()
            size += len(line)
            if line.startswith(tag + b" "):
                if not line.startswith(tag + b" OK"):
                    raise RuntimeError("%s -> %r" % (text, line))
                return n, size, line
            n += 1

    def login(self, user, password):
        self.command('LOGIN "%s" "%s"' % (user, password))


def populate(host, port, user, password, count, connections=1):
    """APPENDs `count` messages, pipelined (LITERAL+, at most 256 outstanding) on each of `connections`.

    asyncio, not a reader thread: an ssl.SSLSocket must not be read and written by two threads at once."""
    return asyncio.run(populate_async(host, port, user, password, count, connections))


async def populate_async(host, port, user, password, count, connections):
    t0 = time.time()
    progress = [0] * connections
    failures = []
    ctx = tls_context()

    async def one(k, first, n):
        reader, writer = await asyncio.open_connection(host, port, ssl=ctx)
        await reader.readline()
        writer.write(b'l LOGIN "%s" "%s"\r\n' % (user.encode(), password.encode()))
        line = await reader.readline()
        if not line.startswith(b"l OK"):
            raise RuntimeError("login: %r" % line)
        window = asyncio.Semaphore(256)

        async def read_answers():
            done = 0
            while done < n:
                line = await reader.readline()
                if not line:
                    raise EOFError("server closed the connection after %d appends" % done)
                if line.startswith(b"a"):
                    if b" OK" not in line[:12]:
                        failures.append(line)
                    done += 1
                    progress[k] = done
                    window.release()

        answers = asyncio.ensure_future(read_answers())
        for i in range(first, first + n):
            await window.acquire()
            if answers.done():
                break
            msg = message(i, user)
            writer.write(b"a%d APPEND INBOX {%d+}\r\n" % (i, len(msg)) + msg + b"\r\n")
            await writer.drain()
        await answers
        writer.write(b"z LOGOUT\r\n")
        writer.close()

    async def report():
        while True:
            await asyncio.sleep(30)
            done = sum(progress)
            print("  appended %d (%.0f/s)" % (done, done / (time.time() - t0)), file=sys.stderr, flush=True)

    per = count // connections
    reporter = asyncio.ensure_future(report())
    results = await asyncio.gather(*(one(k, k * per, per if k < connections - 1 else count - k * per)
                                     for k in range(connections)), return_exceptions=True)
    reporter.cancel()
    dt = time.time() - t0
    done = sum(progress)
    print("appended: %d of %d over %d connection(s)" % (done, count, connections))
    print("append seconds: %.1f" % dt)
    print("append rate per second: %.0f" % (done / dt))
    print("append failures: %d%s" % (len(failures), (" first " + repr(failures[0])) if failures else ""))
    for r in results:
        if isinstance(r, BaseException):
            print("append connection failed: %r" % r)


def fetch(host, port, user, password, repeat):
    c = Conn(host, port)
    c.login(user, password)
    t0 = time.time()
    n, _, line = c.command("SELECT INBOX")
    print("select seconds: %.3f" % (time.time() - t0))
    for r in range(repeat):
        t0 = time.time()
        n, size, _ = c.command("UID FETCH 1:* (UID FLAGS RFC822.SIZE BODY.PEEK[HEADER.FIELDS "
                               "(FROM TO SUBJECT DATE MESSAGE-ID)])")
        dt = time.time() - t0
        print("fetch %d: %d messages, %d bytes, %.3f s" % (r + 1, n, size, dt))


def select(host, port, user, password, repeat):
    c = Conn(host, port)
    c.login(user, password)
    for r in range(repeat):
        t0 = time.time()
        n, size, line = c.command("SELECT INBOX")
        dt = time.time() - t0
        print("select %d: %.3f s (%d untagged, %s)" % (r + 1, dt, n, line.strip().decode(errors="replace")))
        c.command("CLOSE")
    t0 = time.time()
    n, size, line = c.command("EXAMINE INBOX")
    print("examine: %.3f s" % (time.time() - t0))
    t0 = time.time()
    n, size, line = c.command("STATUS INBOX (MESSAGES UIDNEXT UNSEEN)")
    print("status: %.3f s" % (time.time() - t0))


def cross(host, port_a, port_b, user, password, rounds):
    """APPEND on node A while a client idles on node B; B must say EXISTS within a second (Hazelcast topic)."""
    a = Conn(host, port_a)
    a.login(user, password)
    b = Conn(host, port_b)
    b.login(user, password)
    times = []
    for r in range(rounds):
        b.command("SELECT INBOX")
        b.send(b"i IDLE\r\n")
        if not b.readline().startswith(b"+"):
            raise RuntimeError("no IDLE continuation")
        time.sleep(0.5)
        raw = message(r, user)
        t0 = time.time()
        a.command("APPEND INBOX {%d+}\r\n%s" % (len(raw), raw.decode()))
        appended = time.time() - t0
        while True:
            line = b.readline()
            if line.endswith(b" EXISTS\r\n"):
                break
        dt = time.time() - t0
        times.append(dt)
        print("round %d: APPEND on A took %.3f s, EXISTS on B after %.3f s" % (r + 1, appended, dt))
        b.send(b"DONE\r\n")
        while not b.readline().startswith(b"i "):
            pass
    print("cross-node APPEND -> EXISTS seconds: min %.3f max %.3f" % (min(times), max(times)))


def rss_mib(pid):
    with open("/proc/%d/status" % pid) as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024.0
    return -1


def cpu_seconds(pid):
    with open("/proc/%d/stat" % pid) as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def threads(pid):
    with open("/proc/%d/status" % pid) as f:
        for line in f:
            if line.startswith("Threads:"):
                return int(line.split()[1])


class Idler:
    def __init__(self, user, password, source):
        self.user, self.password, self.source = user, password, source
        self.exists_at = None
        self.exists_seen = asyncio.Event()
        self.writer = None

    async def start(self, host, port, ctx, sem):
        async with sem:
            reader, writer = await asyncio.open_connection(host, port, ssl=ctx, local_addr=(self.source, 0))
            self.reader, self.writer = reader, writer
            await reader.readline()
            writer.write(b'a LOGIN "%s" "%s"\r\n' % (self.user.encode(), self.password.encode()))
            await self.until(b"a ")
            writer.write(b"b SELECT INBOX\r\n")
            await self.until(b"b ")
            writer.write(b"c IDLE\r\n")
            await self.until(b"+")
        self.task = asyncio.ensure_future(self.listen())

    async def until(self, prefix):
        while True:
            line = await self.reader.readline()
            if not line:
                raise EOFError("closed")
            if line.startswith(prefix):
                if prefix != b"+" and b" OK" not in line[:6]:
                    raise RuntimeError(line)
                return line

    async def listen(self):
        while True:
            line = await self.reader.readline()
            if not line:
                return
            if line.endswith(b"EXISTS\r\n") and self.exists_at is None:
                self.exists_at = time.time()
                self.exists_seen.set()


async def idle(host, port, pid, accounts, per_account, smtp_port, hold):
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    print("client nofile limit: %d" % soft)
    ctx = tls_context()
    idlers = []
    k = 0
    for user, password in accounts:
        for _ in range(per_account):
            idlers.append(Idler(user, password, "127.0.1.%d" % (1 + k // 20)))
            k += 1
    rss0 = rss_mib(pid)
    thr0 = threads(pid)
    print("server rss before MiB: %.0f" % rss0)
    print("server threads before: %d" % thr0)
    sem = asyncio.Semaphore(64)
    t0 = time.time()
    results = await asyncio.gather(*(i.start(host, port, ctx, sem) for i in idlers), return_exceptions=True)
    failed = [r for r in results if isinstance(r, BaseException)]
    idling = [i for i, r in zip(idlers, results) if not isinstance(r, BaseException)]
    print("connections idling: %d of %d (%d accounts) in %.1f s" % (len(idling), len(idlers), len(accounts),
                                                                     time.time() - t0))
    if failed:
        print("connection failures: %d, first: %r" % (len(failed), failed[0]))
    await asyncio.sleep(5)
    cpu0 = cpu_seconds(pid)
    t_cpu = time.time()
    samples = []
    for s in range(max(1, hold // 5)):
        samples.append(rss_mib(pid))
        await asyncio.sleep(5)
    cpu_idle = (cpu_seconds(pid) - cpu0) / (time.time() - t_cpu)
    print("server rss while idling MiB: max %.0f, last %.0f (samples every 5 s over %d s)" % (
        max(samples), samples[-1], hold))
    print("server threads while idling: %d" % threads(pid))
    print("server cpu while idling: %.2f cores" % cpu_idle)

    # a message APPENDed by another connection: how soon do that mailbox's idlers see EXISTS
    user, password = accounts[0]
    watchers = [i for i in idling if i.user == user]
    loop = asyncio.get_running_loop()

    def append_one():
        c = Conn(host, port, "127.0.2.1")
        c.login(user, password)
        msg = message(999999, user)
        t = time.time()
        c.command("APPEND INBOX {%d+}\r\n%s" % (len(msg), msg.decode()))
        return t

    t_append = await loop.run_in_executor(None, append_one)
    await asyncio.wait_for(asyncio.gather(*(w.exists_seen.wait() for w in watchers)), 60)
    lat = sorted(w.exists_at - t_append for w in watchers)
    print("append -> EXISTS on %d idling connections: first %.3f s, last %.3f s" % (len(lat), lat[0], lat[-1]))

    # a PEC submission from the second account to the third: accepted, relayed to our own reception point,
    # delivered; the recipient's idlers see it
    sender, spw = accounts[1]
    rcpt, _ = accounts[2]
    watchers = [i for i in idling if i.user == rcpt]

    def submit():
        s = smtplib.SMTP_SSL(host, smtp_port, context=tls_context(), timeout=120)
        s.login(sender, spw)
        msg = ("From: %s\r\nTo: %s\r\nSubject: consegna sotto IDLE\r\nDate: %s\r\nMessage-ID: <idle-%d@bench>\r\n"
               "MIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nprova\r\n") % (
            sender, rcpt, email.utils.formatdate(), time.time_ns())
        t = time.time()
        s.sendmail(sender, [rcpt], msg.encode())
        accepted = time.time()
        s.quit()
        return t, accepted

    t_submit, t_accepted = await loop.run_in_executor(None, submit)
    try:
        await asyncio.wait_for(asyncio.gather(*(w.exists_seen.wait() for w in watchers)), 120)
        lat = sorted(w.exists_at - t_submit for w in watchers)
        print("smtp submission accepted (250 after DATA) in %.3f s" % (t_accepted - t_submit))
        print("submission -> EXISTS at the recipient on %d idling connections: first %.3f s, last %.3f s" % (
            len(lat), lat[0], lat[-1]))
    except asyncio.TimeoutError:
        print("submission -> EXISTS: not seen within 120 s")
    print("server rss after deliveries MiB: %.0f" % rss_mib(pid))
    for i in idling:
        i.writer.write(b"DONE\r\nz LOGOUT\r\n")
    await asyncio.sleep(2)
    for i in idling:
        i.writer.close()


def main():
    cmd = sys.argv[1]
    if cmd == "populate":
        populate(sys.argv[2], int(sys.argv[3]), sys.argv[4], sys.argv[5], int(sys.argv[6]),
                 int(sys.argv[7]) if len(sys.argv) > 7 else 1)
    elif cmd == "fetch":
        fetch(sys.argv[2], int(sys.argv[3]), sys.argv[4], sys.argv[5], int(sys.argv[6]) if len(sys.argv) > 6 else 3)
    elif cmd == "select":
        select(sys.argv[2], int(sys.argv[3]), sys.argv[4], sys.argv[5], int(sys.argv[6]) if len(sys.argv) > 6 else 3)
    elif cmd == "idle":
        host, port, pid = sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
        with open(sys.argv[5]) as f:
            accounts = [tuple(l.split()) for l in f if l.strip()]
        asyncio.run(idle(host, port, pid, accounts, int(sys.argv[6]), int(sys.argv[7]), int(sys.argv[8])))
    elif cmd == "cross":
        cross(sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), sys.argv[5], sys.argv[6],
              int(sys.argv[7]) if len(sys.argv) > 7 else 5)
    else:
        print(__doc__, file=sys.stderr)
        sys.exit(2)


if __name__ == "__main__":
    main()
