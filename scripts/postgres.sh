#!/usr/bin/env bash
# A throwaway PostgreSQL server for the tests and benchmarks: Debian's postgresql package
# (installed when missing, as root), a cluster in DIR owned by an unprivileged user, listening on
# 127.0.0.1:PORT only, password (SCRAM) authentication.
#
#   scripts/postgres.sh start DIR [PORT]   prints the Npgsql connection string of the superuser "tollgate"
#   scripts/postgres.sh stop DIR           stops it by the pid in DIR/data/postmaster.pid
#   scripts/postgres.sh resume DIR         starts a stopped cluster again on its port (outage tests)
set -euo pipefail

bin_dir() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1; }

as_owner() {
  # PostgreSQL refuses to run as root: run it as the package's postgres user.
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

start() {
  local dir=$1 port=${2:-}
  if [ -z "$(bin_dir)" ]; then
    if [ "$(id -u)" = 0 ]; then
      DEBIAN_FRONTEND=noninteractive apt-get update -qq >&2 && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >&2
    else
      echo "scripts/postgres.sh: PostgreSQL is missing; install Debian's postgresql package or run as root" >&2; exit 1
    fi
  fi
  local bin; bin=$(bin_dir)
  [ -n "$port" ] || port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  mkdir -p "$dir"
  # The cluster runs as postgres, which must be able to reach DIR.
  if [ "$(id -u)" = 0 ]; then chmod a+x "$(dirname "$(realpath "$dir")")"; fi
  local password; password=$(head -c 18 /dev/urandom | base64 | tr -d '/+=')
  if [ "$(id -u)" = 0 ]; then chown postgres "$dir"; fi
  printf '%s\n' "$password" >"$dir/pwfile"
  if [ "$(id -u)" = 0 ]; then chown postgres "$dir/pwfile"; fi
  chmod 600 "$dir/pwfile"
  as_owner "$bin/initdb" -D "$dir/data" -U tollgate --pwfile="$dir/pwfile" --auth=scram-sha-256 -E UTF8 --no-instructions >"$dir/initdb.log" 2>&1 \
    || { cat "$dir/initdb.log" >&2; exit 1; }
  rm -f "$dir/pwfile"
  echo "$port" >"$dir/port"
  run_server "$dir"
  echo "Host=127.0.0.1;Port=$port;Username=tollgate;Password=$password;Database=postgres"
}

run_server() {
  local dir=$1 bin port; bin=$(bin_dir); port=$(cat "$dir/port")
  as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
    -o "-c listen_addresses=127.0.0.1 -p $port -k $dir -c fsync=off -c max_connections=300 -c shared_buffers=64MB" start >/dev/null \
    || { cat "$dir/server.log" >&2; exit 1; }
}

stop() {
  local dir=$1 pid
  [ -f "$dir/data/postmaster.pid" ] || return 0
  pid=$(head -1 "$dir/data/postmaster.pid")
  kill -INT "$pid" 2>/dev/null || return 0
  for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || return 0; sleep 0.1; done
  kill -9 "$pid" 2>/dev/null || true
}

case "${1:-}" in
  start) start "$2" "${3:-}" ;;
  stop) stop "$2" ;;
  resume) run_server "$2" ;;
  *) echo "usage: scripts/postgres.sh start DIR [PORT] | stop DIR | resume DIR" >&2; exit 2 ;;
esac
