#!/usr/bin/env python3
"""Submits one large PEC message and follows it to its delivery receipt, sampling the server's memory.

Used by big-message.sh (see bench/README.md, "Transport: one 100 MB message"). Standard library only."""
import argparse
import base64
import email.utils
import hashlib
import json
import os
import smtplib
import ssl
import subprocess
import sys
import threading
import time
import urllib.parse
import urllib.request

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from pecbench import Api, iso  # noqa: E402


def open_spool_files(pid):
    """Spool files (pec-*.spool) the server still has open, deleted or not: a leak if any stays after the work."""
    n = 0
    try:
        for fd in os.listdir(f"/proc/{pid}/fd"):
            try:
                if "pec-" in os.readlink(f"/proc/{pid}/fd/{fd}") and ".spool" in os.readlink(f"/proc/{pid}/fd/{fd}"):
                    n += 1
            except OSError:
                pass
    except OSError:
        return None
    return n


def rss_mib(pid):
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        return None
    return None


def build(sender, rcpt, msgid, total_bytes, receipt_form):
    """A multipart/mixed message of about total_bytes: a short text and a base64 attachment of random bytes."""
    boundary = "big-boundary-4c1f"
    head = (f"From: {sender}\r\nTo: {rcpt}\r\nSubject: big message {total_bytes} bytes\r\n"
            f"Date: {email.utils.formatdate(localtime=True)}\r\nMessage-ID: {msgid}\r\nMIME-Version: 1.0\r\n"
            f"X-TipoRicevuta: {receipt_form}\r\n"
            f"Content-Type: multipart/mixed; boundary=\"{boundary}\"\r\n\r\n"
            f"--{boundary}\r\nContent-Type: text/plain; charset=us-ascii\r\n\r\nAllegato grande.\r\n"
            f"--{boundary}\r\nContent-Type: application/octet-stream; name=\"big.bin\"\r\n"
            "Content-Transfer-Encoding: base64\r\nContent-Disposition: attachment; filename=\"big.bin\"\r\n\r\n")
    tail = f"\r\n--{boundary}--\r\n"
    room = total_bytes - len(head) - len(tail)
    raw_len = (room // 78) * 57           # 76 base64 chars + CRLF per 57 bytes
    data = base64.encodebytes(os.urandom(raw_len)).replace(b"\n", b"\r\n")
    return head.encode() + data + tail.encode()


def owner_get(api_base, address, password, path):
    """GET as a mailbox owner (HTTP Basic with the client password); bytes of the answer."""
    req = urllib.request.Request(api_base.rstrip("/") + path)
    req.add_header("Authorization", "Basic " + base64.b64encode(f"{address}:{password}".encode()).decode())
    with urllib.request.urlopen(req, timeout=300) as resp:
        return resp.read()


def fetch_first(api_base, address, password, subject_prefix, workdir, name):
    """Downloads the first INBOX message whose subject starts with subject_prefix; its path, or None."""
    listing = json.loads(owner_get(api_base, address, password, "/api/mailbox/messages?folder=INBOX"))
    for m in listing:
        if (m.get("subject") or "").startswith(subject_prefix):
            path = os.path.join(workdir, name)
            with open(path, "wb") as f:
                f.write(owner_get(api_base, address, password, f"/api/mailbox/messages/{m['id']}/raw"))
            return path
    return None


def check_delivered(api, api_base, sender, sender_pw, rcpt, rcpt_pw, original_body, workdir, receipt_form):
    """What the recipient and the sender got: sizes, the original's body carried byte for byte, openssl verify."""
    ca = os.path.join(workdir, "ca.pem")
    req = urllib.request.Request(api_base.rstrip("/") + "/api/admin/provider/ca")
    req.add_header("Authorization", api.auth)
    with urllib.request.urlopen(req, timeout=60) as resp, open(ca, "wb") as f:
        f.write(resp.read())
    out = {}
    body_sha = hashlib.sha256(original_body).hexdigest()
    for who, address, pw, prefix, name in (("envelope", rcpt, rcpt_pw, "POSTA CERTIFICATA:", "envelope.eml"),
                                           ("delivery_receipt", sender, sender_pw, "CONSEGNA:", "consegna.eml")):
        path = fetch_first(api_base, address, pw, prefix, workdir, name)
        if path is None:
            out[who] = {"found": False}
            continue
        with open(path, "rb") as f:
            data = f.read()
        r = subprocess.run(["openssl", "smime", "-verify", "-in", path, "-CAfile", ca, "-purpose", "any",
                            "-out", "/dev/null"], capture_output=True, text=True)
        out[who] = {"found": True, "bytes": len(data),
                    "openssl_verify": r.returncode == 0 and "Verification successful" in (r.stdout + r.stderr)}
        if who == "delivery_receipt" and receipt_form == "breve":
            # the brief form: big.bin replaced by the SHA-1 of its body as transmitted (RFC 6109 §3.3.2.2)
            start = original_body.index(b"\r\n\r\n", original_body.index(b'filename="big.bin"')) + 4
            end = original_body.index(b"\r\n--big-boundary-4c1f--", start)
            sha1 = hashlib.sha1(original_body[start:end]).hexdigest().encode()
            out[who]["attachment_hash_carried"] = b"big.bin.hash" in data and sha1 in data
        else:
            out[who]["original_body_carried"] = original_body in data
        del data
        os.remove(path)
    out["original_body_sha256"] = body_sha
    return out


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--api", required=True)
    p.add_argument("--admin-password", required=True)
    p.add_argument("--port", type=int, required=True)
    p.add_argument("--pid", type=int, required=True)
    p.add_argument("--bytes", type=int, default=100_000_000)
    p.add_argument("--timeout", type=int, default=900)
    p.add_argument("--out", required=True)
    p.add_argument("--receipt", default="completa", choices=("completa", "breve"),
                   help="X-TipoRicevuta: the complete receipt carries the original, the brief one hashes big.bin")
    a = p.parse_args()
    api = Api(a.api, a.admin_password)
    domain = "pec.bench.test"
    api.call("POST", "/api/admin/domains", {"name": domain}, ok=(200, 201, 204, 409))
    sender, rcpt = f"big-s@{domain}", f"big-r@{domain}"
    for address in (sender, rcpt):
        api.call("POST", "/api/admin/mailboxes", {"address": address, "password": "Bench-web-Passw0rd!",
                                                  "holderName": "Bench big", "referenceEmail": "big@example.org"})
    password = api.call("POST", f"/api/admin/mailboxes/{sender}/client-password")["password"]
    rcpt_password = api.call("POST", f"/api/admin/mailboxes/{rcpt}/client-password")["password"]

    samples = []
    stop = threading.Event()

    def sample():
        while not stop.is_set():
            samples.append((time.time(), rss_mib(a.pid)))
            time.sleep(0.5)
    threading.Thread(target=sample, daemon=True).start()

    msgid = f"<big-{int(time.time())}@bench.localhost>"
    message = build(sender, rcpt, msgid, a.bytes, a.receipt)
    ctx = ssl.create_default_context()
    ctx.check_hostname = False
    ctx.verify_mode = ssl.CERT_NONE
    t0 = time.time()
    result = {"bytes": len(message), "msgid": msgid}
    try:
        with smtplib.SMTP_SSL("127.0.0.1", a.port, context=ctx, timeout=a.timeout) as c:
            c.login(sender, password)
            c.ehlo("bench.localhost")
            code, text = c.docmd("MAIL FROM:<%s> SIZE=%d" % (sender, len(message)))
            if code != 250:
                raise RuntimeError(f"MAIL FROM: {code} {text}")
            c.rcpt(rcpt)
            code, text = c.data(message)
            result["smtp_reply"] = f"{code} {text.decode(errors='replace')}"
    except Exception as e:  # the server's answer is the result
        result["smtp_error"] = repr(e)
    result["smtp_seconds"] = time.time() - t0
    original_body = message[message.index(b"\r\n\r\n") + 4:]
    del message

    deadline = time.time() + a.timeout
    kinds = {}
    accepted = result.get("smtp_reply", "").startswith("250")
    while accepted and time.time() < deadline:
        for e in api.log(t0 - 5):
            if e.get("clientMsgid") in (msgid, msgid.strip("<>")) or e.get("msgid") == msgid:
                kinds[f"{e['event']}/{e.get('detail') or ''}"] = e.get("time")
        if any(k.startswith("NON_ACCETTAZIONE") for k in kinds):
            result["refused"] = True
            break
        if any(k.startswith("RICEZIONE_RICEVUTA/DELIVERY") for k in kinds):
            result["delivery_receipt_seconds"] = time.time() - t0
            break
        if rss_mib(a.pid) is None:
            result["server_died"] = True
            break
        time.sleep(1)
    if "delivery_receipt_seconds" in result:
        # sampled meanwhile too: the server streams both messages out of its store
        result["delivered"] = check_delivered(api, a.api, sender, password, rcpt, rcpt_password, original_body,
                                              os.path.dirname(os.path.abspath(a.out)), a.receipt)
    stop.set()
    time.sleep(2)
    result["open_spool_files_after"] = open_spool_files(a.pid)
    result["log"] = kinds
    rss = [m for _, m in samples if m is not None]
    result["rss_peak_mib"] = max(rss) if rss else None
    result["rss_samples"] = len(rss)
    with open(a.out, "w") as f:
        json.dump(result, f, indent=1)
    print(json.dumps({k: v for k, v in result.items() if k != "log"}, indent=1))
    print("log entries:", ", ".join(sorted(kinds)))


if __name__ == "__main__":
    main()
