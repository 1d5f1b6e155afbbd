"""Scripted IMAP and POP3 session against the in-process servers (ImapPythonClientTest).

argv: host imap_port pop3_port user password cafile x_riferimento out_dir
Writes receipt-imap.eml and receipt-pop3.eml (the downloaded receipt) to out_dir and prints OK lines.
"""
import email
import email.policy
import imaplib
import poplib
import ssl
import sys
import time

host, imap_port, pop_port, user, password, cafile, rif, out_dir = sys.argv[1:9]
ctx = ssl.create_default_context(cafile=cafile)
ctx.check_hostname = False

M = imaplib.IMAP4_SSL(host, int(imap_port), ssl_context=ctx)
M.login(user, password)
typ, folders = M.list()
assert typ == 'OK', folders
names = b' '.join(folders)
for special in (b'\\Sent', b'\\Drafts', b'\\Trash', b'\\Archive'):
    assert special in names, names
print('OK list', len(folders))

typ, data = M.select('INBOX')
assert typ == 'OK' and int(data[0]) == 2, data
typ, data = M.fetch('1:*', '(UID FLAGS BODY.PEEK[HEADER] BODYSTRUCTURE)')
assert typ == 'OK', data
headers = [d for d in data if isinstance(d, tuple)]
assert len(headers) == 2, data
print('OK fetch headers and structure')

# the transport envelope is message 1: find postacert.eml inside the signed multipart
typ, data = M.fetch('1', '(BODY.PEEK[])')
raw = data[0][1]
msg = email.message_from_bytes(raw, policy=email.policy.compat32)
assert msg.get_content_type() == 'multipart/signed', msg.get_content_type()
mixed = msg.get_payload()[0]
section = None
for i, part in enumerate(mixed.get_payload()):
    if part.get_content_type() == 'message/rfc822':
        section = '1.%d' % (i + 1)
assert section, 'no postacert.eml'
typ, data = M.fetch('1', '(BODY.PEEK[%s] BODY.PEEK[%s.HEADER.FIELDS (SUBJECT)])' % (section, section))
inner = data[0][1]
original = email.message_from_bytes(inner)
subject = str(email.header.make_header(email.header.decode_header(original['Subject'])))
assert subject == 'Fattura n. 42 \u00e8 pronta', subject
print('OK postacert.eml', section, subject)

# mark read, then move it to Archive
typ, data = M.fetch('1', '(UID)')
uid = data[0].split()[2].decode().rstrip(')')
typ, data = M.uid('STORE', uid, '+FLAGS', '(\\Seen)')
assert typ == 'OK' and b'\\Seen' in data[0], data
typ, data = M.uid('MOVE', uid, 'Archive')
assert typ == 'OK', data
typ, data = M.status('Archive', '(MESSAGES UNSEEN)')
assert b'MESSAGES 1' in data[0] and b'UNSEEN 0' in data[0], data
print('OK moved to Archive')

# append to Sent
typ, data = M.append('Sent', '(\\Seen)', imaplib.Time2Internaldate(time.time()),
                     b'From: bob@b.test\r\nTo: ann@b.test\r\nSubject: sent copy\r\n\r\nhello\r\n')
assert typ == 'OK' and b'APPENDUID' in data[0], data
print('OK append', data[0].decode())

# search by subject and by X-Riferimento-Message-ID in the INBOX (the receipt is left)
typ, data = M.select('INBOX')
typ, data = M.search(None, 'SUBJECT', '"ACCETTAZIONE"')
assert typ == 'OK' and data[0] == b'1', data
typ, data = M.uid('SEARCH', 'HEADER', 'X-Riferimento-Message-ID', rif)
assert typ == 'OK' and len(data[0].split()) == 1, data
print('OK search')

# the receipt, byte for byte
typ, data = M.fetch('1', '(BODY.PEEK[])')
with open(out_dir + '/receipt-imap.eml', 'wb') as f:
    f.write(data[0][1])

# POP3 sees the INBOX (the receipt only)
P = poplib.POP3_SSL(host, int(pop_port), context=ctx)
P.user(user)
P.pass_(password)
count, size = P.stat()
assert count == 1, count
resp, lines, octets = P.retr(1)
with open(out_dir + '/receipt-pop3.eml', 'wb') as f:
    f.write(b'\r\n'.join(lines) + b'\r\n')
uidl = P.uidl()
P.quit()
print('OK pop3', count, size, uidl[1])

# expunge the receipt and log out
M.store('1', '+FLAGS', '(\\Deleted)')
typ, data = M.expunge()
assert typ == 'OK' and data[0] == b'1', data
typ, data = M.select('INBOX')
assert int(data[0]) == 0, data
M.logout()
print('OK done')
