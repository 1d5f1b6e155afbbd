# Shared by bench/lifecycle/run.sh and bench/imap/run.sh (sourced): server start/stop, machine facts.
# Ports are offset from BENCH_PORT_BASE (default 18000) so that a benchmark never meets a developer's server.

BENCH_PORT_BASE="${BENCH_PORT_BASE:-18000}"
BENCH_HTTP_PORT=$((BENCH_PORT_BASE + 80))
BENCH_HTTPS_PORT=$((BENCH_PORT_BASE + 443))
BENCH_IMAP_PORT=$((BENCH_PORT_BASE + 993))
BENCH_POP3_PORT=$((BENCH_PORT_BASE + 995))
BENCH_SUBMISSION_PORT=$((BENCH_PORT_BASE + 465))
BENCH_STARTTLS_PORT=$((BENCH_PORT_BASE + 587))
BENCH_INBOUND_PORT=$((BENCH_PORT_BASE + 25))
BENCH_ADMIN_PASSWORD="${BENCH_ADMIN_PASSWORD:-bench-admin-password-1}"
BENCH_ADMIN="admin:$BENCH_ADMIN_PASSWORD"
BENCH_URL="http://127.0.0.1:$BENCH_HTTP_PORT"

# machine_info FILE: the machine and how busy it is, appended to FILE
machine_info() {
  {
    echo "date: $(date -u +%Y-%m-%dT%H:%M:%SZ)"
    echo "commit: $(git -C "$(dirname "${BASH_SOURCE[0]}")" rev-parse --short HEAD 2>/dev/null) (WAR built $(date -u -r "$(dirname "${BASH_SOURCE[0]}")/../../pec-web/target/pec-web.war" +%H:%M 2>/dev/null))"
    echo "nproc: $(nproc)"
    echo "cpu: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')"
    echo "memory: $(free -h | awk '/^Mem:/ {print $2 " total, " $7 " available"}')"
    echo "java: $(java -version 2>&1 | head -1)"
    echo "load before: $(cut -d' ' -f1-3 /proc/loadavg) (1, 5, 15 min)"
    echo "other java/maven processes: $(pgrep -c -f 'maven|surefire|payara' || true)"
  } >> "$1"
}

# wait_quiet: waits up to BENCH_WAIT_QUIET seconds (default 300) for the 1-min load to fall below 2
wait_quiet() {
  local waited=0 limit="${BENCH_WAIT_QUIET:-300}"
  while awk '{exit !($1 >= 2)}' /proc/loadavg && (( waited < limit )); do
    (( waited == 0 )) && echo "load $(cut -d' ' -f1 /proc/loadavg) >= 2: waiting up to ${limit}s for other work to finish" >&2
    sleep 10; waited=$((waited + 10))
  done
}

# start_server DATA_DIR LOG [extra env assignments...]: ./pec run in the background; sets SERVER_PID (the java pid)
start_server() {
  local data="$1" log="$2"; shift 2
  local root; root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
  (cd "$root" && exec env PEC_DATA_DIR="$data" PEC_HTTP_PORT="$BENCH_HTTP_PORT" PEC_HTTPS_PORT="$BENCH_HTTPS_PORT" PEC_IMAP_PORT="$BENCH_IMAP_PORT" \
      PEC_POP3_PORT="$BENCH_POP3_PORT" PEC_SMTP_SUBMISSION_PORT="$BENCH_SUBMISSION_PORT" \
      PEC_SMTP_STARTTLS_PORT="$BENCH_STARTTLS_PORT" PEC_SMTP_INBOUND_PORT="$BENCH_INBOUND_PORT" \
      PEC_ADMIN_PASSWORD="$BENCH_ADMIN_PASSWORD" PEC_NODE_NAME=bench "$@" setsid ./pec run >> "$log" 2>&1) &
  SERVER_PID=$!
  local i
  for i in $(seq 1 300); do
    if curl -fs "$BENCH_URL/health/ready" >/dev/null 2>&1; then
      echo "server up (pid $SERVER_PID) after ${i}s" >&2
      return 0
    fi
    if ! kill -0 "$SERVER_PID" 2>/dev/null; then echo "server died, see $log" >&2; return 1; fi
    sleep 1
  done
  echo "server not ready after 300 s, see $log" >&2
  return 1
}

stop_server() {
  if [[ -n "${SERVER_PID:-}" ]] && kill -0 "$SERVER_PID" 2>/dev/null; then
    kill "$SERVER_PID"
    local i
    for i in $(seq 1 60); do kill -0 "$SERVER_PID" 2>/dev/null || break; sleep 1; done
    kill -0 "$SERVER_PID" 2>/dev/null && kill -9 "$SERVER_PID"
  fi
  SERVER_PID=
}

rss_kib() { awk '/^VmRSS:/ {print $2}' "/proc/$1/status"; }

# api METHOD PATH [JSON]: admin call, prints the body, fails on HTTP >= 400
api() {
  curl -fsS -u "$BENCH_ADMIN" -X "$1" -H 'Content-Type: application/json' ${3:+--data "$3"} "$BENCH_URL$2"
}
