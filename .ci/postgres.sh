#!/usr/bin/env bash
# Start a throwaway PostgreSQL server on 127.0.0.1 for the store tests and print
# its URL (the only thing written to stdout):
#
#     url=$(bash .ci/postgres.sh) && export TEST_POSTGRES_URL="$url"
#     bash .ci/postgres.sh stop        # stop it and delete its files
#
# - Finds initdb/pg_ctl on PATH or in /usr/lib/postgresql/*/bin; when there are
#   none, installs Debian's `postgresql` package (needs root).
# - PostgreSQL refuses to run as root: as root, the cluster is created and run
#   as the `postgres` user (created if missing); otherwise as the caller.
# - The cluster lives in $PG_CI_DIR (default /tmp/loan-offset-bot-postgres-<uid>);
#   it listens on 127.0.0.1 only, on a free port, with a random password
#   (scram-sha-256) and no Unix socket in a system directory.
# - Idempotent: run again while that server is up, it prints the same URL at once.
# Progress and errors go to stderr; the exit status is non-zero on failure.
set -euo pipefail

DB_NAME=${PG_CI_DB:-loan_offset_test}
DB_USER=${PG_CI_USER:-ci}
ROOT_DIR=${PG_CI_DIR:-/tmp/loan-offset-bot-postgres-$(id -u)}

log() { printf 'postgres.sh: %s\n' "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

# --- who runs the server -----------------------------------------------------
if [ "$(id -u)" -eq 0 ]; then
  RUN_AS=${PG_CI_OS_USER:-postgres}
  if ! id -u "$RUN_AS" >/dev/null 2>&1; then
    log "creating system user $RUN_AS"
    useradd --system --user-group --no-create-home --home-dir /nonexistent \
      --shell /usr/sbin/nologin "$RUN_AS" >&2
  fi
  as_server() { runuser -u "$RUN_AS" -- "$@"; }
else
  RUN_AS=$(id -un)
  as_server() { "$@"; }
fi

# --- where the binaries are --------------------------------------------------
find_bindir() {
  local initdb dir
  if initdb=$(command -v initdb 2>/dev/null); then
    dir=$(dirname "$(readlink -f "$initdb")")
    if [ -x "$dir/pg_ctl" ] && [ -x "$dir/postgres" ]; then echo "$dir"; return 0; fi
  fi
  # Debian keeps them off PATH; take the newest major version installed.
  for dir in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r); do
    if [ -x "$dir/initdb" ] && [ -x "$dir/pg_ctl" ] && [ -x "$dir/postgres" ]; then
      echo "$dir"; return 0
    fi
  done
  return 1
}

stop_cluster() {
  if [ -f "$ROOT_DIR/data/PG_VERSION" ] && [ -n "${BIN:-}" ]; then
    as_server "$BIN/pg_ctl" -D "$ROOT_DIR/data" -m immediate -w stop >/dev/null 2>&1 || true
  elif [ -f "$ROOT_DIR/data/postmaster.pid" ]; then
    local pid
    pid=$(head -n 1 "$ROOT_DIR/data/postmaster.pid" 2>/dev/null || true)
    case $pid in '' | *[!0-9]*) ;; *) kill -QUIT "$pid" 2>/dev/null || true ;; esac
  fi
  rm -rf -- "$ROOT_DIR"
}

BIN=$(find_bindir || true)

if [ "${1:-}" = "stop" ]; then
  stop_cluster
  log "stopped and removed $ROOT_DIR"
  exit 0
fi

# --- already running? ---------------------------------------------------------
if [ -n "$BIN" ] && [ -s "$ROOT_DIR/url" ] && [ -d "$ROOT_DIR/data" ] \
   && as_server "$BIN/pg_ctl" -D "$ROOT_DIR/data" status >/dev/null 2>&1; then
  port=$(cat "$ROOT_DIR/port")
  if "$BIN/pg_isready" -q -h 127.0.0.1 -p "$port" 2>/dev/null \
     || [ ! -x "$BIN/pg_isready" ]; then
    log "reusing the server already running in $ROOT_DIR (port $port)"
    cat "$ROOT_DIR/url"
    exit 0
  fi
fi

# --- install when missing --------------------------------------------------------
if [ -z "$BIN" ]; then
  [ "$(id -u)" -eq 0 ] || die "initdb/pg_ctl not found and not root: install PostgreSQL first"
  command -v apt-get >/dev/null || die "initdb/pg_ctl not found and no apt-get to install them"
  log "installing PostgreSQL with apt-get (this takes a minute)"
  export DEBIAN_FRONTEND=noninteractive
  # The package's own cluster and service are not used (and may fail to start
  # in a container): everything below runs a private cluster.
  { apt-get update -qq && apt-get install -y -qq --no-install-recommends postgresql; } >&2 \
    || die "apt-get install postgresql failed"
  BIN=$(find_bindir) || die "installed postgresql, but initdb/pg_ctl are still not found"
fi
log "using $BIN ($("$BIN/postgres" --version))"

# --- a fresh cluster -------------------------------------------------------------
stop_cluster   # whatever an earlier, dead run left behind
mkdir -p -m 700 "$ROOT_DIR"
[ -L "$ROOT_DIR" ] && die "$ROOT_DIR is a symlink; refusing to use it"
chown "$RUN_AS:" "$ROOT_DIR" 2>/dev/null || chown "$RUN_AS" "$ROOT_DIR"
# The server user must be able to reach the directory (a private TMPDIR would not do).
as_server test -w "$ROOT_DIR" || die "$RUN_AS cannot write to $ROOT_DIR (set PG_CI_DIR)"

password=$(od -An -tx1 -N18 /dev/urandom | tr -d ' \n')
umask 077
printf '%s\n' "$password" > "$ROOT_DIR/pwfile"
chown "$RUN_AS" "$ROOT_DIR/pwfile"

log "initdb in $ROOT_DIR/data as $RUN_AS"
as_server "$BIN/initdb" -D "$ROOT_DIR/data" --username="$DB_USER" --pwfile="$ROOT_DIR/pwfile" \
  --auth-local=scram-sha-256 --auth-host=scram-sha-256 --encoding=UTF8 --no-locale \
  --no-sync >"$ROOT_DIR/initdb.log" 2>&1 \
  || { cat "$ROOT_DIR/initdb.log" >&2; die "initdb failed"; }
rm -f "$ROOT_DIR/pwfile"

as_server tee -a "$ROOT_DIR/data/postgresql.conf" >/dev/null <<EOF

# --- .ci/postgres.sh: a private test server ---
listen_addresses = '127.0.0.1'
unix_socket_directories = '$ROOT_DIR'
max_connections = 50
EOF

free_port() {
  python3 - <<'PY' 2>/dev/null || echo $((20000 + RANDOM % 20000))
import socket
s = socket.socket()
s.bind(("127.0.0.1", 0))
print(s.getsockname()[1])
s.close()
PY
}

started=
for attempt in 1 2 3 4 5; do
  port=$(free_port)
  log "starting on 127.0.0.1:$port (attempt $attempt)"
  # -l sends the server's output to the log, so it keeps none of our file
  # descriptors open (a caller reading our stdout with $(...) must not hang).
  if as_server "$BIN/pg_ctl" -D "$ROOT_DIR/data" -l "$ROOT_DIR/server.log" -w -t 60 \
       -o "-p $port" start </dev/null >>"$ROOT_DIR/pg_ctl.log" 2>&1; then
    started=1
    break
  fi
  tail -n 5 "$ROOT_DIR/server.log" >&2 2>/dev/null || true
done
[ -n "$started" ] || { cat "$ROOT_DIR/server.log" >&2 2>/dev/null || true; die "the server did not start"; }
echo "$port" > "$ROOT_DIR/port"

# --- the database ----------------------------------------------------------------
export PGPASSWORD="$password"
if [ -x "$BIN/createdb" ]; then
  "$BIN/createdb" -h 127.0.0.1 -p "$port" -U "$DB_USER" "$DB_NAME" >&2 \
    || die "createdb $DB_NAME failed"
elif command -v psql >/dev/null; then
  psql -h 127.0.0.1 -p "$port" -U "$DB_USER" -d postgres -v ON_ERROR_STOP=1 -q \
    -c "CREATE DATABASE $DB_NAME" >&2 || die "CREATE DATABASE $DB_NAME failed"
else
  log "no createdb or psql: using the database 'postgres'"
  DB_NAME=postgres
fi
unset PGPASSWORD

url="postgresql://$DB_USER:$password@127.0.0.1:$port/$DB_NAME"
printf '%s\n' "$url" > "$ROOT_DIR/url"
log "ready: postgresql://$DB_USER:***@127.0.0.1:$port/$DB_NAME (data in $ROOT_DIR; stop with: bash .ci/postgres.sh stop)"
printf '%s\n' "$url"
