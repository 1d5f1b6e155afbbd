#!/usr/bin/env bash
# Webmail: sending a 30 MB attachment from the browser's form with the server at -Xmx512m.
#   bench/webmail/send-30mb.sh [attachment MB (30)]
# What the browser does, done with curl (same requests: sign-in form, then the compose form posted as
# multipart/form-data with the file): the upload goes to the container's temporary file, into the view's
# temporary directory, the MIME is written from it into a spool file, the access point reads it from there.
# Reports the time of the send post (upload + submission + copy in Sent), the time until the delivery receipt is
# in the sender's INBOX, the java process's peak RSS and heap use during the send, and whether any
# OutOfMemoryError appeared. Env: PEC_JAVA_OPTS (default -Xmx512m), BENCH_PORT_BASE, BENCH_WORK.
# Results: bench/results/webmail-send-<time>.txt.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
# shellcheck source=../lifecycle/common.sh
source "$root/bench/lifecycle/common.sh"
mb="${1:-30}"
work="${BENCH_WORK:-/tmp/pec-bench-webmail}"
stamp=$(date -u +%Y%m%d-%H%M%S)
out="$root/bench/results/webmail-send-$stamp.txt"
https="https://127.0.0.1:$BENCH_HTTPS_PORT"
jar="$work/cookies"
mkdir -p "$root/bench/results"
trap 'stop_server' EXIT

if [[ ! -f "$root/pec-web/target/pec-web.war" ]]; then
  (cd "$root" && mvn -B -q -o package -DskipTests -pl pec-web -am)
fi
rm -rf "$work"; mkdir -p "$work"
java_opts="${PEC_JAVA_OPTS:--Xmx512m}"
echo "== webmail send of a $mb MB attachment, $java_opts ($stamp)" | tee "$out"
start_server "$work/data" "$work/server.log" PEC_DOMAIN=bench.localhost PEC_JAVA_OPTS="$java_opts"
java_pid="$SERVER_PID"
[[ "$(cat "/proc/$java_pid/comm")" == java ]] || java_pid=$(pgrep -P "$SERVER_PID" java | head -1)

api POST /api/admin/domains '{"name":"bench.localhost"}' >/dev/null 2>&1 || true  # the provider's own domain may exist already
for who in sender rcpt; do
  api POST /api/admin/mailboxes "{\"address\":\"$who@bench.localhost\",\"password\":\"Web-Password-1!\",\"holderName\":\"Titolare $who\",\"referenceEmail\":\"$who@example.org\"}" >/dev/null
done
sender_pw=$(api POST "/api/admin/mailboxes/sender@bench.localhost/client-password" | sed -E 's/.*"password":"([^"]+)".*/\1/')
head -c "$((mb * 1024 * 1024))" /dev/urandom > "$work/allegato-$mb-MB.bin"

view_state() { grep -o 'name="jakarta.faces.ViewState"[^>]*value="[^"]*"' "$1" | head -1 | sed -E 's/.*value="([^"]*)".*/\1/'; }
field() { grep -o "name=\"$2\"[^>]*value=\"[^\"]*\"" "$1" | head -1 | sed -E 's/.*value="([^"]*)".*/\1/'; }

curl -ksS -c "$jar" -b "$jar" "$https/my/login.xhtml" -o "$work/login.html"
curl -ksS -c "$jar" -b "$jar" "$https/my/login.xhtml" -o /dev/null \
  --data-urlencode "login=login" --data-urlencode "login:address=sender@bench.localhost" \
  --data-urlencode "login:password=Web-Password-1!" --data-urlencode "login:signIn=login:signIn" \
  --data-urlencode "jakarta.faces.ViewState=$(view_state "$work/login.html")"
curl -ksS -c "$jar" -b "$jar" "$https/my/mail/compose.xhtml" -o "$work/compose.html"
grep -q 'composeForm' "$work/compose.html" || { echo "sign-in failed: no compose form" | tee -a "$out"; exit 1; }

wait_quiet
machine_info "$out"
# peak RSS and heap used while the send runs
( peak=0; heap=0
  while [[ ! -f "$work/done" ]]; do
    r=$(rss_kib "$java_pid"); (( r > peak )) && peak=$r
    h=$(jcmd "$java_pid" GC.heap_info 2>/dev/null | grep -oE 'used [0-9]+K' | head -1 | grep -oE '[0-9]+' || echo 0)
    (( h > heap )) && heap=$h
    echo "$peak $heap" > "$work/peak"; sleep 0.5
  done ) &
sampler=$!
subject="Allegato da $mb MB $stamp"
t0=$(date +%s.%N)
code=$(curl -ksS -c "$jar" -b "$jar" -o "$work/sent.html" -w '%{http_code} %{time_total} %{size_upload}' -L \
  -F "composeForm=composeForm" -F "composeForm:formToken=$(field "$work/compose.html" 'composeForm:formToken')" \
  -F "composeForm:to=rcpt@bench.localhost" -F "composeForm:cc=" -F "composeForm:subject=$subject" \
  -F "composeForm:text=Prova di invio con allegato grande." -F "composeForm:receiptForm=sintetica" \
  -F "composeForm:files=@$work/allegato-$mb-MB.bin;type=application/octet-stream" \
  -F "composeForm:send=composeForm:send" -F "jakarta.faces.ViewState=$(view_state "$work/compose.html")" \
  "$https/my/mail/compose.xhtml")
t1=$(date +%s.%N)
touch "$work/done"; wait "$sampler" || true
read -r peak heap < "$work/peak"
accepted=$(grep -c 'Accettato\|Accepted' "$work/sent.html" || true)
echo "send post: HTTP ${code%% *}, $(echo "$t1 - $t0" | bc) s (curl: ${code#* }), accepted page: $accepted" | tee -a "$out"

# until the ricevuta di avvenuta consegna is in the sender's INBOX
deadline=$(( $(date +%s) + 300 ))
while ! curl -fsS -u "sender@bench.localhost:$sender_pw" "$BENCH_URL/api/mailbox/messages?folder=INBOX" \
    | grep -q "CONSEGNA: $subject"; do
  (( $(date +%s) > deadline )) && { echo "no delivery receipt after 300 s" | tee -a "$out"; break; }
  sleep 0.5
done
t2=$(date +%s.%N)
echo "delivery receipt in the sender's INBOX: $(echo "$t2 - $t0" | bc) s after the post started" | tee -a "$out"
echo "java peak RSS during the send: $((peak / 1024)) MiB; peak heap used (GC.heap_info samples): $((heap / 1024)) MiB" | tee -a "$out"
echo "OutOfMemoryError in the server log: $(grep -c OutOfMemoryError "$work/server.log" || true)" | tee -a "$out"
sent_copies=$(curl -fsS -u "sender@bench.localhost:$sender_pw" "$BENCH_URL/api/mailbox/messages?folder=Sent" | grep -o "\"subject\":\"$subject\"" | wc -l)
echo "copies in Sent: $sent_copies" | tee -a "$out"
# the receipts page shows the delivery, and its signed receipt downloads
curl -ksS -c "$jar" -b "$jar" "$https/my/mail/sent.xhtml" -o "$work/sent-page.html"
eml=$(grep -o 'receipt.eml?id=[0-9]*' "$work/sent-page.html" | tail -1)
echo "receipts page: $(grep -c 'pec-step-DELIVERY' "$work/sent-page.html" || true) delivery step(s); last receipt link ${eml:-none}" | tee -a "$out"
if [[ -n "$eml" ]]; then
  curl -ksS -c "$jar" -b "$jar" "$https/my/mail/$eml" -o "$work/receipt.eml"
  echo "receipt .eml: $(stat -c %s "$work/receipt.eml") bytes, $(grep -c '^X-Ricevuta' "$work/receipt.eml" || true) X-Ricevuta header" | tee -a "$out"
fi
