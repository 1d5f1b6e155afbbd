#!/usr/bin/env python3
"""Times every console page as an operator's browser asks for it: the built-in admin signs in through the forms
(password, then TOTP enrolment with the secret the page shows), then each page is fetched RUNS times, and the search
forms are posted the way the page posts them (every field of the form, the view state, the button).

    pages.py BASE_URL ADMIN_PASSWORD OUT_FILE

Times are the whole request on loopback (TLS, HTML, no static resources): the server's time plus a little. The first
two runs of each page warm the JIT and the statement cache; the median and the max of the rest are reported."""
import base64, hashlib, hmac, html.parser, http.cookiejar, re, ssl, statistics, struct, sys, time, urllib.parse, urllib.request

RUNS = 7
base, admin_password, out_path = sys.argv[1], sys.argv[2], sys.argv[3]

ctx = ssl.create_default_context()
ctx.check_hostname = False
ctx.verify_mode = ssl.CERT_NONE  # the provider's local CA: the bench trusts the loopback server it started
jar = http.cookiejar.CookieJar()
opener = urllib.request.build_opener(urllib.request.HTTPSHandler(context=ctx), urllib.request.HTTPCookieProcessor(jar))


class Forms(html.parser.HTMLParser):
    """The forms of a page: action, and every field's default value as the browser would post it."""

    def __init__(self):
        super().__init__()
        self.forms, self.current, self.select, self.texts, self.capture = {}, None, None, {}, None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == 'form':
            self.current = a.get('id')
            self.forms[self.current] = {'action': a.get('action'), 'fields': {}}
        elif self.current and tag == 'input' and a.get('name'):
            kind = a.get('type', 'text')
            if kind in ('checkbox', 'radio') and 'checked' not in a:
                return
            if kind not in ('submit', 'button', 'file'):
                self.forms[self.current]['fields'][a['name']] = a.get('value') or ''
        elif self.current and tag == 'select' and a.get('name'):
            self.select = a['name']
            self.forms[self.current]['fields'].setdefault(self.select, None)
        elif self.select and tag == 'option':
            fields = self.forms[self.current]['fields']
            if fields.get(self.select) is None or 'selected' in a:
                fields[self.select] = a.get('value', '')
        if a.get('id') in ('secret',):
            self.capture = a['id']

    def handle_endtag(self, tag):
        if tag == 'span':
            self.capture = None
        if tag == 'form':
            self.current = None
        elif tag == 'select':
            self.select = None

    def handle_data(self, data):
        if self.capture:
            self.texts[self.capture] = self.texts.get(self.capture, '') + data.strip()

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)


def fetch(path, data=None):
    url = path if path.startswith('http') else base + path
    body = None if data is None else urllib.parse.urlencode(data).encode()
    t0 = time.perf_counter()
    with opener.open(urllib.request.Request(url, data=body)) as r:
        page = r.read().decode('utf-8', 'replace')
        final = r.geturl()
    return page, final, time.perf_counter() - t0


def parse(page):
    p = Forms()
    p.feed(page)
    return p


def post(page, form_id, button, values):
    f = parse(page).forms[form_id]
    fields = {k: v for k, v in f['fields'].items() if v is not None}
    fields.update(values)
    fields[form_id + ':' + button] = ''
    # PrimeFaces' CSP mode: its script adds the page's nonce to every form it submits, and the server checks it
    nonce = re.search(r"PrimeFaces\.csp\.init\('([^']+)'\)", page)
    if nonce:
        fields['primefaces.nonce'] = nonce.group(1)
    action = urllib.parse.urljoin(base + '/console/', f['action'])
    return fetch(action, fields)


def totp(secret_b32, at):
    secret_b32 = ''.join(secret_b32.split()).upper()  # the page groups it in fours for people
    key = base64.b32decode(secret_b32 + '=' * (-len(secret_b32) % 8))
    mac = hmac.new(key, struct.pack('>Q', int(at) // 30), hashlib.sha1).digest()
    o = mac[-1] & 0x0F
    return '%06d' % ((struct.unpack('>I', mac[o:o + 4])[0] & 0x7FFFFFFF) % 1000000)


def title(page):
    s = page.find('<h1>')
    return page[s + 4:page.find('</h1>', s)].strip() if s >= 0 else '?'


# sign in: password, then TOTP enrolment (the admin's first sign-in on this database)
page, url, _ = fetch('/console/')
page, url, _ = post(page, 'login', 'signIn', {'login:user': 'admin', 'login:password': admin_password})
secret = parse(page).texts.get('secret')
if not secret:
    sys.exit('no TOTP enrolment page after the password (at %s): %s' % (url, title(page)))
page, url, _ = post(page, 'totp', 'verify', {'totp:code': totp(secret, time.time())})
if 'login' in url or 'totp' in url:
    sys.exit('sign-in refused at %s: %s' % (url, title(page)))

results = []


def measure(label, run):
    times, heading = [], ''
    for _ in range(RUNS):
        page, _, t = run()
        times.append(t)
        heading = title(page)
    rest = sorted(times[2:])
    results.append((label, statistics.median(rest), rest[-1], heading))
    line = '%-52s median %7.1f ms, max %7.1f ms   (%s)' % (label, statistics.median(rest) * 1000, rest[-1] * 1000, heading)
    print(line, flush=True)


def get(path):
    return lambda: fetch(path)


def search(path, form, button, values):
    def run():
        page, _, t0 = fetch(path)
        page, url, t1 = post(page, form, button, values)
        return page, url, t1  # the search itself; the GET before it is its own row
    return run


for label, path in [('dashboard', '/console/index.xhtml'), ('domains', '/console/domains.xhtml'),
                    ('mailboxes (first page)', '/console/mailboxes.xhtml'),
                    ('one mailbox', '/console/mailbox.xhtml?address=m500000@bench.example'),
                    ('message trace (empty form)', '/console/trace.xhtml'),
                    ('one transmission', '/console/transmission.xhtml?msgid=opec1.bench.1234567@pec.bench.test'),
                    ('queues', '/console/queues.xhtml'), ('jobs', '/console/jobs.xhtml'),
                    ('provider index', '/console/providers.xhtml'), ('plans', '/console/plans.xhtml'),
                    ('operators', '/console/operators.xhtml'), ('audit trail', '/console/audit.xhtml'),
                    ('verify', '/console/verify.xhtml'), ('my account', '/console/account.xhtml')]:
    measure('GET ' + label, get(path))

measure('POST mailboxes: holder surname "rossi"', search('/console/mailboxes.xhtml', 'searchForm', 'search',
                                                          {'searchForm:q': 'rossi'}))
measure('POST mailboxes: address prefix "m12345"', search('/console/mailboxes.xhtml', 'searchForm', 'search',
                                                           {'searchForm:q': 'm12345'}))
measure('POST trace: msgid', search('/console/trace.xhtml', 'searchForm', 'search',
                                    {'searchForm:msgid': 'opec1.bench.1234567@pec.bench.test'}))
measure('POST trace: sender, default window', search('/console/trace.xhtml', 'searchForm', 'search',
                                                     {'searchForm:sender': 'sender42@bench.test'}))
measure('POST trace: recipient, default window', search('/console/trace.xhtml', 'searchForm', 'search',
                                                        {'searchForm:recipient': 'rcpt42@other.test'}))
measure('POST trace: nobody (whole window read)', search('/console/trace.xhtml', 'searchForm', 'search',
                                                         {'searchForm:recipient': 'nobody@other.test'}))

with open(out_path, 'a') as out:
    for label, median, worst, heading in results:
        out.write('%-52s median %7.1f ms, max %7.1f ms   (%s)\n' % (label, median * 1000, worst * 1000, heading))
    over = [r[0] for r in results if r[1] > 0.3]
    out.write('pages over 300 ms at the median: %s\n' % (', '.join(over) if over else 'none'))
