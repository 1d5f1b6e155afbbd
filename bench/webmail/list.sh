#!/usr/bin/env bash
# The webmail's first page of a big folder on PostgreSQL: N messages (default 100,000) put straight into one
# mailbox's INBOX (each its own blob, ~1 KB, one in ten naming an attachment), then the holder signs in to the
# webmail over HTTPS with curl and opens /my/mail/index.xhtml 7 times (first page, 50 rows), then a page deep in
# the folder, a sender, a subject and a kind search. Reported: the server time of the list read (the page's
# Server-Timing "list": the keyset query plus the attachment-mark prefixes), of the folders with their message and
# unread counts ("folders"), and curl's total time of the whole page (both, HTML rendering, TLS on loopback);
# median and max of the last 5 runs.
#   bench/webmail/list.sh [messages (100000)]
# Env: BENCH_WORK (scratch dir, default /tmp/pec-bench-webmail, wiped), BENCH_PORT_BASE (default 18000).
# Results: bench/results/webmail-list-<time>.txt.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
# shellcheck source=../lifecycle/common.sh
source "$root/bench/lifecycle/common.sh"
n="${1:-100000}"
work="${BENCH_WORK:-/tmp/pec-bench-webmail}"
pg_port=$((BENCH_PORT_BASE + 434))
stamp=$(date -u +%Y%m%d-%H%M%S)
out="$root/bench/results/webmail-list-$stamp.txt"
box="bench@webmail.example"
web_password="Web-Password-1!"
pg() { "$root/bench/lifecycle/postgres.sh" psql "$work/pg" "$pg_port" "$@"; }
cleanup() { stop_server; "$root/bench/lifecycle/postgres.sh" stop "$work/pg"; }
trap cleanup EXIT

[[ -f "$root/pec-web/target/pec-web.war" ]] || (cd "$root" && mvn -B -q -o package -DskipTests -pl pec-web -am)
rm -rf "$work"; mkdir -p "$work" "$root/bench/results"
echo "== webmail message list: $n messages in one INBOX on PostgreSQL ($stamp)" | tee "$out"
"$root/bench/lifecycle/postgres.sh" start "$work/pg" "$pg_port"
pg -c "CREATE ROLE pec LOGIN PASSWORD 'pec'" -c "CREATE DATABASE pec OWNER pec"
export PEC_DB_URL="jdbc:postgresql://127.0.0.1:$pg_port/pec" PEC_DB_USER=pec PEC_DB_PASSWORD=pec
start_server "$work/data" "$work/server.log"
api POST /api/admin/domains '{"name":"webmail.example"}' >/dev/null
api POST /api/admin/mailboxes "{\"address\":\"$box\",\"password\":\"$web_password\",\"holderName\":\"Bench\",\"referenceEmail\":\"ref@example.org\"}" >/dev/null

# N blobs and N stored messages in the INBOX; the kinds cycle like a PEC mailbox's (envelopes and receipts)
pg -d pec -v n="$n" -v box="$box" <<'SQL'
\timing on
CREATE TEMP TABLE target AS SELECT f.id AS folder_id, m.id AS mailbox_id FROM mail_folder f JOIN mailbox m ON m.id = f.mailbox_id
  WHERE m.address = :'box' AND f.name = 'INBOX';
INSERT INTO message_blob (id, sha256, size_bytes, chunk_count, ref_count, created_at)
SELECT 500000000 + g, lpad(to_hex(g), 64, '0'), 0, 1, 1, now() FROM generate_series(1, :n) g;
INSERT INTO message_blob_chunk (blob_id, seq, data)
SELECT 500000000 + g, 0, convert_to(
  'From: "Per conto di: mittente' || (g % 997) || '@pec.example" <posta-certificata@pec.example>' || E'\r\n'
  || 'To: ' || :'box' || E'\r\nSubject: POSTA CERTIFICATA: Fattura numero ' || g || E'\r\n'
  || 'Message-ID: <opec.' || g || '@pec.example>' || E'\r\nMIME-Version: 1.0\r\n'
  || E'Content-Type: multipart/mixed; boundary="b"\r\n\r\n--b\r\nContent-Type: text/plain; charset=UTF-8\r\n\r\n'
  || repeat('Messaggio di posta certificata di prova. ', 12) || E'\r\n--b\r\n'
  || CASE WHEN g % 10 = 0 THEN E'Content-Type: application/pdf; name="fattura-' || g || E'.pdf"\r\n'
       || E'Content-Disposition: attachment; filename="fattura-' || g || E'.pdf"\r\n\r\nJVBERi0=\r\n--b\r\n' ELSE '' END
  || E'Content-Type: application/xml; name="daticert.xml"\r\nContent-Disposition: inline; filename="daticert.xml"\r\n\r\n'
  || E'<postacert/>\r\n--b--\r\n', 'UTF8')
FROM generate_series(1, :n) g;
UPDATE message_blob b SET size_bytes = length(c.data) FROM message_blob_chunk c WHERE c.blob_id = b.id AND b.id > 500000000;
INSERT INTO stored_message (id, folder_id, uid, blob_id, size_bytes, internal_date, flag_seen, modseq, subject,
  message_id, pec_kind, from_address)
SELECT 500000000 + g, t.folder_id, g, 500000000 + g, 1000, now() - ((:n - g) || ' minutes')::interval, g % 3 = 0, g,
  'POSTA CERTIFICATA: Fattura numero ' || g, '<opec.' || g || '@pec.example>',
  (ARRAY['TRANSPORT_ENVELOPE','ACCEPTANCE','DELIVERY','TRANSPORT_ENVELOPE','ORDINARY'])[1 + g % 5],
  'posta-certificata@pec.example'
FROM generate_series(1, :n) g, target t;
-- the folder's kept counts, as the store would have moved them (the recount of migration V82)
UPDATE mail_folder SET uid_next = :n + 1, highest_modseq = :n,
  message_count = (SELECT COUNT(*) FROM stored_message s WHERE s.folder_id = mail_folder.id),
  unseen_count = (SELECT COUNT(*) FROM stored_message s WHERE s.folder_id = mail_folder.id AND NOT s.flag_seen),
  total_bytes = (SELECT COALESCE(SUM(s.size_bytes), 0) FROM stored_message s WHERE s.folder_id = mail_folder.id)
  WHERE id = (SELECT folder_id FROM target);
ANALYZE stored_message; ANALYZE message_blob_chunk; ANALYZE message_blob;
SQL
machine_info "$out"

# sign in as the holder (the JSF form: its view state, then the post)
jar="$work/cookies"
base="https://localhost:$BENCH_HTTPS_PORT"
login=$(curl -ksS -c "$jar" -b "$jar" "$base/my/login.xhtml")
state=$(grep -o 'name="jakarta.faces.ViewState"[^>]*value="[^"]*"' <<<"$login" | head -1 | sed 's/.*value="//;s/"$//')
curl -ksS -o /dev/null -c "$jar" -b "$jar" "$base/my/login.xhtml" --data-urlencode "login=login" \
  --data-urlencode "login:address=$box" --data-urlencode "login:password=$web_password" \
  --data-urlencode "login:signIn=" --data-urlencode "jakarta.faces.ViewState=$state"

measure() { # measure LABEL QUERY-STRING
  local label="$1" qs="$2" i server=() folders=() total=() line t s f rows
  for i in 1 2 3 4 5 6 7; do
    line=$(curl -ksS -b "$jar" -D "$work/headers" -o "$work/page.html" -w '%{http_code} %{time_total}' "$base/my/mail/index.xhtml?$qs")
    [[ "${line%% *}" == 200 ]] || { echo "HTTP ${line%% *} for $qs" | tee -a "$out"; return 1; }
    t="${line#* }"
    s=$(grep -i '^server-timing:' "$work/headers" | sed 's/.*list;dur=\([0-9.]*\).*/\1/' | tr -d '\r')
    f=$(grep -i '^server-timing:' "$work/headers" | sed 's/.*folders;dur=\([0-9.]*\).*/\1/' | tr -d '\r')
    server+=("$s"); folders+=("$f"); total+=("$t")
  done
  rows=$(grep -c 'pec-message-row' "$work/page.html" || true)
  local sm fm tm
  sm=$(printf '%s\n' "${server[@]:2}" | sort -n | awk '{a[NR]=$1} END {printf "list median %6.1f ms, max %6.1f ms", a[3], a[5]}')
  fm=$(printf '%s\n' "${folders[@]:2}" | sort -n | awk '{a[NR]=$1} END {printf "folders median %6.1f ms", a[3]}')
  tm=$(printf '%s\n' "${total[@]:2}" | sort -n | awk '{a[NR]=$1} END {printf "page median %6.1f ms, max %6.1f ms", a[3]*1000, a[5]*1000}')
  printf '%-28s %-36s %s | %s | %s | %s rows\n' "$label" "$qs" "$sm" "$fm" "$tm" "$rows" | tee -a "$out"
}
measure "first page (50 rows)" "folder=INBOX"
measure "a page deep in the folder" "folder=INBOX&before=50000"
measure "sender search (no match)" "folder=INBOX&sender=nessuno"
measure "subject search" "folder=INBOX&subject=numero%209999"
measure "kind: acceptance" "folder=INBOX&kind=acceptance"
echo "-- plan of the first page's query" | tee -a "$out"
pg -d pec -c "EXPLAIN (ANALYZE, BUFFERS) SELECT uid, blob_id, size_bytes, internal_date, subject, from_address, pec_kind FROM stored_message WHERE folder_id = (SELECT f.id FROM mail_folder f JOIN mailbox m ON m.id = f.mailbox_id WHERE m.address = '$box' AND f.name = 'INBOX') ORDER BY uid DESC LIMIT 51" | tee -a "$out"
echo "-- the INBOX's kept counts (what the aside and IMAP STATUS show)" | tee -a "$out"
pg -d pec -c "SELECT f.name, f.message_count, f.unseen_count, f.total_bytes FROM mail_folder f JOIN mailbox m ON m.id = f.mailbox_id WHERE m.address = '$box' AND f.name = 'INBOX'" | tee -a "$out"
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)" | tee -a "$out"
