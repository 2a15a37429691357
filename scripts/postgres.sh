#!/usr/bin/env bash
# A PostgreSQL for the server tests: installs it from Debian packages when missing, runs a
# dedicated cluster on 127.0.0.1 and prints the SQLAlchemy URL of its test database last.
#
#   RETURNDESK_TEST_PG_URL=$(bash scripts/postgres.sh | tail -1) make test
#
# Idempotent (a second run only checks and prints the URL). Needs root the first time (apt,
# cluster creation); works without systemd (CI containers). Its own cluster on its own port
# (default 54329) so a PostgreSQL already serving something else on 5432 is never touched.
set -euo pipefail

PORT=${RETURNDESK_PG_PORT:-54329}
CLUSTER=${RETURNDESK_PG_CLUSTER:-returndesk}
ROLE=returndesk_test
PASSWORD=returndesk_test
DATABASE=returndesk_test
URL="postgresql+psycopg://$ROLE:$PASSWORD@127.0.0.1:$PORT/$DATABASE"

say() { echo "postgres.sh: $*" >&2; }

# Fast path: already set up and running (root goes on, to keep the settings below current).
if [ "$(id -u)" != 0 ] && command -v psql >/dev/null 2>&1 &&
  PGPASSWORD=$PASSWORD PGCONNECT_TIMEOUT=3 psql -h 127.0.0.1 -p "$PORT" -U "$ROLE" -d "$DATABASE" \
    -tAc "SELECT 1" >/dev/null 2>&1; then
  echo "$URL"
  exit 0
fi

if [ "$(id -u)" != 0 ]; then
  say "PostgreSQL is not ready on 127.0.0.1:$PORT and setting it up needs root; run: sudo bash $0"
  exit 1
fi

as_postgres() { runuser -u postgres -- "$@"; }

if ! ls /usr/lib/postgresql/*/bin/pg_ctl >/dev/null 2>&1 || ! command -v pg_createcluster >/dev/null 2>&1; then
  say "installing PostgreSQL from Debian packages"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends postgresql postgresql-client >/dev/null
fi

VERSION=$(ls /usr/lib/postgresql | sort -V | tail -1)

# Containers often start with an empty /run: the socket directory must exist.
install -d -o postgres -g postgres -m 2775 /var/run/postgresql

# Prints "online", "down" or nothing (no such cluster).
cluster_state() { pg_lsclusters -h | awk -v v="$VERSION" -v c="$CLUSTER" '$1 == v && $2 == c {print $4}'; }

if [ -z "$(cluster_state)" ]; then
  say "creating cluster $VERSION/$CLUSTER on port $PORT"
  pg_createcluster --port "$PORT" "$VERSION" "$CLUSTER" -- \
    --auth-local=peer --auth-host=scram-sha-256 --encoding=UTF8 --locale=C.UTF-8 >/dev/null
fi

# Our settings live in conf.d (Debian's postgresql.conf includes it), rewritten on every run.
CONF_DIR=/etc/postgresql/$VERSION/$CLUSTER/conf.d
# Memory as docs/it-guide.md ("Sizing the central PostgreSQL") tells IT to give the central
# store, so bench/review.py measures a server set up as documented: shared_buffers a quarter
# of RAM (at most 8 GB), effective_cache_size three quarters.
MEM_MB=$(awk '/^MemTotal:/ {print int($2 / 1024)}' /proc/meminfo)
# A container sees the host's MemTotal: its own limit, when it has one, is what counts.
LIMIT=$(cat /sys/fs/cgroup/memory.max 2>/dev/null || echo max)
if [ "$LIMIT" != max ] && [ $((LIMIT / 1048576)) -lt "$MEM_MB" ]; then
  MEM_MB=$((LIMIT / 1048576))
fi
SHARED_MB=$((MEM_MB / 4 > 8192 ? 8192 : MEM_MB / 4))
SHARED_MB=$((SHARED_MB < 128 ? 128 : SHARED_MB))
WANT="# Written by ReturnDesk scripts/postgres.sh: a throw-away test cluster.
listen_addresses = '127.0.0.1'
shared_buffers = ${SHARED_MB}MB
effective_cache_size = $((MEM_MB * 3 / 4))MB
# Tests create and drop a database per module: durability is not needed here, speed on
# slow CI disks is.
fsync = off
synchronous_commit = off
full_page_writes = off
max_connections = 200
"
mkdir -p "$CONF_DIR"
if [ "$(cat "$CONF_DIR/returndesk.conf" 2>/dev/null)" != "$(printf '%s' "$WANT")" ]; then
  printf '%s' "$WANT" >"$CONF_DIR/returndesk.conf"
  chown postgres:postgres "$CONF_DIR/returndesk.conf"
  if [ "$(cluster_state)" = online ]; then
    pg_ctlcluster "$VERSION" "$CLUSTER" restart
  fi
fi

if [ "$(cluster_state)" != online ]; then
  say "starting cluster $VERSION/$CLUSTER"
  pg_ctlcluster "$VERSION" "$CLUSTER" start
fi

for _ in $(seq 1 60); do
  pg_isready -q -h 127.0.0.1 -p "$PORT" && break
  sleep 0.5
done
pg_isready -q -h 127.0.0.1 -p "$PORT" || {
  say "cluster did not become ready; see /var/log/postgresql/postgresql-$VERSION-$CLUSTER.log"
  exit 1
}

psql_admin() { as_postgres psql -p "$PORT" -v ON_ERROR_STOP=1 -qtA "$@"; }

if [ "$(psql_admin -c "SELECT 1 FROM pg_roles WHERE rolname = '$ROLE'")" != 1 ]; then
  say "creating role $ROLE"
  # CREATEDB: the tests make a fresh database per test module and drop it afterwards.
  psql_admin -c "CREATE ROLE $ROLE LOGIN CREATEDB PASSWORD '$PASSWORD'"
fi
if [ "$(psql_admin -c "SELECT 1 FROM pg_database WHERE datname = '$DATABASE'")" != 1 ]; then
  say "creating database $DATABASE"
  psql_admin -c "CREATE DATABASE $DATABASE OWNER $ROLE"
fi

PGPASSWORD=$PASSWORD psql -h 127.0.0.1 -p "$PORT" -U "$ROLE" -d "$DATABASE" -tAc "SELECT 1" >/dev/null
echo "$URL"
