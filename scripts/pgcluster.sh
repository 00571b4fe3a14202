#!/usr/bin/env bash
# pgcluster.sh - start and stop a private PostgreSQL 15 cluster for the demo and the tests.
#
#   scripts/pgcluster.sh start DIR   initdb into DIR/data (as an unprivileged user when run
#                                    as root), listen only on a unix socket in DIR/socket,
#                                    print the conninfo (keyword form) on stdout; a cluster
#                                    this script made earlier is started again, data kept
#   scripts/pgcluster.sh stop DIR    stop the cluster in DIR, only if this script started it
#   scripts/pgcluster.sh conninfo DIR  print the conninfo again
#
# PGGIT_AUDIT_CLUSTER_FSYNC=off starts the server with fsync off (the test suite's cluster:
# its CREATE and DROP DATABASE then wait for no disk flush); anything else, or unset, keeps
# fsync on, as a real server runs. It applies at every start, not only the first.
#
# It never touches a cluster it did not start: stop requires DIR/.pggit-audit-cluster,
# written by start.
set -euo pipefail

PGBIN=${PGBIN:-}
if [ -z "$PGBIN" ]; then
  for d in /usr/lib/postgresql/15/bin /usr/lib/postgresql/*/bin; do
    if [ -x "$d/initdb" ]; then PGBIN=$d; break; fi
  done
fi
[ -n "$PGBIN" ] && [ -x "$PGBIN/initdb" ] || { echo "pgcluster: no PostgreSQL server binaries (initdb) found; install postgresql-15" >&2; exit 1; }

RUN_USER=${PGGIT_AUDIT_CLUSTER_USER:-pggit_audit_test}
FSYNC=on
[ "${PGGIT_AUDIT_CLUSTER_FSYNC:-on}" = off ] && FSYNC=off

as_owner() {
  if [ "$(id -u)" -eq 0 ]; then
    runuser -u "$RUN_USER" -- "$@"
  else
    "$@"
  fi
}

conninfo() {
  echo "host=$1/socket port=5432 user=postgres dbname=postgres"
}

cmd=${1:-}
dir=${2:-}
[ -n "$cmd" ] && [ -n "$dir" ] || { echo "usage: $0 start|stop|conninfo DIR" >&2; exit 2; }

case "$cmd" in
start)
  mkdir -p "$dir"
  dir=$(cd "$dir" && pwd)
  if [ -f "$dir/.pggit-audit-cluster" ] && [ -f "$dir/data/PG_VERSION" ]; then
    # ours already: running, or stopped with its data kept (never re-initialised)
    if ! as_owner "$PGBIN/pg_ctl" -D "$dir/data" status >/dev/null 2>&1; then
      as_owner "$PGBIN/pg_ctl" -D "$dir/data" -o "-c fsync=$FSYNC" -l "$dir/server.log" -w -t 60 start >/dev/null \
        || { cat "$dir/server.log" >&2; exit 1; }
    fi
    conninfo "$dir"; exit 0
  fi
  if [ -e "$dir/data" ] && [ ! -f "$dir/.pggit-audit-cluster" ]; then
    echo "pgcluster: $dir/data exists but was not made by this script; not touching it" >&2; exit 1
  fi
  if [ "$(id -u)" -eq 0 ]; then
    id "$RUN_USER" >/dev/null 2>&1 || useradd --system --no-create-home --shell /usr/sbin/nologin "$RUN_USER"
    chown "$RUN_USER" "$dir"
    # the server user must be able to reach DIR
    p=$dir; while [ "$p" != "/" ]; do p=$(dirname "$p"); chmod o+x "$p" 2>/dev/null || true; done
  fi
  rm -rf "$dir/data" "$dir/socket"
  as_owner mkdir -p "$dir/socket"
  chmod 700 "$dir/socket"
  as_owner "$PGBIN/initdb" -D "$dir/data" -U postgres --auth=trust --encoding=UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 \
    || { cat "$dir/initdb.log" >&2; exit 1; }
  cat >>"$dir/data/postgresql.conf" <<CONF
listen_addresses = ''
unix_socket_directories = '$dir/socket'
port = 5432
fsync = on
max_connections = 50
shared_buffers = 128MB
log_min_messages = warning
CONF
  touch "$dir/.pggit-audit-cluster"
  as_owner "$PGBIN/pg_ctl" -D "$dir/data" -o "-c fsync=$FSYNC" -l "$dir/server.log" -w -t 60 start >/dev/null \
    || { cat "$dir/server.log" >&2; exit 1; }
  conninfo "$dir"
  ;;
stop)
  dir=$(cd "$dir" 2>/dev/null && pwd) || exit 0
  [ -f "$dir/.pggit-audit-cluster" ] || { echo "pgcluster: $dir was not started by this script; not touching it" >&2; exit 1; }
  if [ -f "$dir/data/postmaster.pid" ]; then
    as_owner "$PGBIN/pg_ctl" -D "$dir/data" -m fast -w -t 60 stop >/dev/null
  fi
  ;;
restart)
  dir=$(cd "$dir" && pwd)
  [ -f "$dir/.pggit-audit-cluster" ] || { echo "pgcluster: $dir was not started by this script" >&2; exit 1; }
  as_owner "$PGBIN/pg_ctl" -D "$dir/data" -l "$dir/server.log" -m fast -w -t 60 restart >/dev/null
  ;;
conninfo)
  dir=$(cd "$dir" && pwd)
  conninfo "$dir"
  ;;
*)
  echo "usage: $0 start|stop|restart|conninfo DIR" >&2; exit 2 ;;
esac
