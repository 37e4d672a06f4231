#!/usr/bin/env bash
# Runs a command beside a throwaway PostgreSQL cluster:
#   scripts/with-postgres.sh build/test_store --gtest_filter='Postgres/*'
# Starts Debian's PostgreSQL server (installed by scripts/install-deps.sh; this script
# installs nothing) in a temporary directory on a free loopback port, creates the database
# heatloop_test, exports HEATLOOP_PG_URL=postgresql://postgres@127.0.0.1:PORT/heatloop_test,
# runs the command, then stops the cluster and removes the directory. Exits with the
# command's status, or 1 when PostgreSQL cannot start (never silently without a server).
# As root the server runs as the postgres user (runuser); otherwise as the calling user.
set -euo pipefail

if [[ $# -eq 0 ]]; then
  echo "usage: $0 COMMAND [ARGS...]" >&2
  exit 2
fi

bindir=${PG_BINDIR:-$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)}
if [[ -z "$bindir" || ! -x "$bindir/initdb" ]]; then
  echo "with-postgres: PostgreSQL server programs not found under /usr/lib/postgresql/*/bin" \
       "(install Debian's postgresql package: scripts/install-deps.sh)" >&2
  exit 1
fi

as_server() {
  if [[ $(id -u) -eq 0 ]]; then runuser -u postgres -- "$@"; else "$@"; fi
}

dir=$(mktemp -d "${TMPDIR:-/tmp}/heatloop-pg.XXXXXX")
started=0
cleanup() {
  if [[ $started -eq 1 ]]; then
    as_server "$bindir/pg_ctl" -D "$dir/data" -m immediate -w stop >/dev/null 2>&1 || true
  fi
  rm -rf "$dir"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

if [[ $(id -u) -eq 0 ]]; then
  if ! id postgres >/dev/null 2>&1; then
    echo "with-postgres: running as root but there is no 'postgres' user to run the server" >&2
    exit 1
  fi
  chown postgres: "$dir"
fi

if ! as_server "$bindir/initdb" -D "$dir/data" -U postgres --auth=trust -E UTF8 \
     --no-sync >"$dir/initdb.log" 2>&1; then
  echo "with-postgres: initdb failed:" >&2
  cat "$dir/initdb.log" >&2
  exit 1
fi

port_free() { ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

for attempt in 1 2 3 4 5; do
  port=$((20000 + RANDOM % 40000))
  port_free "$port" || continue
  if as_server "$bindir/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
       -o "-p $port -c listen_addresses=127.0.0.1 -k $dir" start >/dev/null 2>&1; then
    started=1
    break
  fi
done
if [[ $started -ne 1 ]]; then
  echo "with-postgres: the PostgreSQL server did not start:" >&2
  cat "$dir/server.log" >&2 2>/dev/null || true
  exit 1
fi

if ! "$bindir/createdb" -h 127.0.0.1 -p "$port" -U postgres heatloop_test; then
  echo "with-postgres: createdb failed on port $port" >&2
  exit 1
fi

export HEATLOOP_PG_URL="postgresql://postgres@127.0.0.1:$port/heatloop_test"
echo "with-postgres: PostgreSQL $("$bindir/postgres" --version | awk '{print $3}') at $HEATLOOP_PG_URL" >&2
status=0
"$@" || status=$?
exit $status
