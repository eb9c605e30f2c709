#!/usr/bin/env bash
# PostgreSQL for the scripts. Sourced (after common.sh) it defines:
#   ensure_pg: find a PostgreSQL server to use, or start a private one, and export
#     PGHOST / PGPORT / PGUSER for Odoo and psql:
#     1. the server named by PGHOST/PGPORT (default 127.0.0.1:5432), if one answers;
#     2. otherwise a private cluster in $ROOT/.pgdata (git-ignored), started on a free port.
#   pg_stop: stop that private cluster, if one was started.
# Run as a command: `bash scripts/pg.sh stop` (make pg-stop) or `bash scripts/pg.sh start`.

_free_port() {
  "$PY" - <<'PY' 2>/dev/null || python3 -c 'import socket;s=socket.socket();s.bind(("127.0.0.1",0));print(s.getsockname()[1])'
import socket
for port in range(5433, 5500):
    s = socket.socket()
    try:
        s.bind(("127.0.0.1", port))
    except OSError:
        continue
    finally:
        s.close()
    print(port)
    break
PY
}

_as_pg_owner() {
  # initdb and postgres refuse to run as root: use the 'postgres' system account then.
  if [ "$(id -u)" = 0 ]; then
    id postgres >/dev/null 2>&1 || die "running as root and no 'postgres' system user to own the private cluster"
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

_pg_bin() {
  # initdb/pg_ctl may live outside PATH on Debian (/usr/lib/postgresql/NN/bin).
  local tool=$1
  if command -v "$tool" >/dev/null; then command -v "$tool"; return; fi
  local found
  found=$(ls -d /usr/lib/postgresql/*/bin/"$tool" 2>/dev/null | sort -V | tail -1)
  [ -n "$found" ] || die "PostgreSQL is not installed ($tool not found): install PostgreSQL 15+ (e.g. apt-get install postgresql)"
  echo "$found"
}

_start_private_cluster() {
  local data="$ROOT/.pgdata"
  local initdb pg_ctl port
  initdb=$(_pg_bin initdb); pg_ctl=$(_pg_bin pg_ctl)
  mkdir -p "$data"
  [ "$(id -u)" = 0 ] && chown postgres: "$data"
  if [ ! -f "$data/cluster/PG_VERSION" ]; then
    log "no PostgreSQL server answers: creating a private cluster in $data"
    _as_pg_owner "$initdb" -D "$data/cluster" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
  fi
  port=$(cat "$data/port" 2>/dev/null || true)
  if [ -z "$port" ] || ! pg_isready -q -h 127.0.0.1 -p "$port"; then
    port=$(_free_port)
    _as_pg_owner "$pg_ctl" -D "$data/cluster" -l "$data/cluster/server.log" -w \
      -o "-p $port -k $data/cluster -c listen_addresses=127.0.0.1" start >/dev/null
    echo "$port" > "$data/port"
    log "private PostgreSQL started on 127.0.0.1:$port (stop it with: make pg-stop)"
  fi
  export PGHOST=127.0.0.1 PGPORT=$port
  # Odoo refuses to connect as 'postgres': give it a role of its own.
  _ensure_role odoo -U postgres || die "could not create the role 'odoo' in the private cluster"
  export PGUSER=odoo
}

_ensure_role() {
  # Create the login role $1 (with CREATEDB) unless it exists; extra arguments go to psql.
  # The name travels as a psql variable, quoted by psql (:'name' literal, :"name" identifier).
  local role=$1; shift
  psql -q -X "$@" -d postgres -v ON_ERROR_STOP=1 -v role="$role" >/dev/null <<'SQL'
SELECT NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = :'role') AS missing \gset
\if :missing
CREATE ROLE :"role" LOGIN CREATEDB;
\endif
SQL
}

ensure_pg() {
  local host=${PGHOST:-127.0.0.1} port=${PGPORT:-5432}
  if [ -f "$ROOT/.pgdata/port" ] && pg_isready -q -h 127.0.0.1 -p "$(cat "$ROOT/.pgdata/port")"; then
    _start_private_cluster; return
  fi
  if pg_isready -q -h "$host" -p "$port"; then
    export PGHOST=$host PGPORT=$port
    export PGUSER=${PGUSER:-$(id -un)}
    if [ "$PGUSER" = postgres ]; then export PGUSER=odoo; fi
    if ! psql -q -d postgres -tAc "SELECT 1" >/dev/null 2>&1; then
      # The role does not exist yet: try to create it through the superuser (trust setups).
      _ensure_role "$PGUSER" -U postgres 2>/dev/null \
        || die "PostgreSQL at $host:$port refuses role '$PGUSER': set PGUSER/PGPASSWORD to a role with CREATEDB"
    fi
    return
  fi
  _start_private_cluster
}

pg_stop() {
  local cluster="$ROOT/.pgdata/cluster"
  [ -f "$cluster/PG_VERSION" ] || { log "no private PostgreSQL cluster in $ROOT/.pgdata"; return 0; }
  if ! _as_pg_owner "$(_pg_bin pg_ctl)" -D "$cluster" status >/dev/null 2>&1; then
    log "the private PostgreSQL cluster is not running"
    return 0
  fi
  _as_pg_owner "$(_pg_bin pg_ctl)" -D "$cluster" -w stop >/dev/null
  log "private PostgreSQL stopped"
}

# Run as a command rather than sourced.
if [ "${BASH_SOURCE[0]}" = "$0" ]; then
  source "$(dirname "$0")/common.sh"
  case "${1:-}" in
    start) ensure_pg; log "PostgreSQL: $PGHOST:$PGPORT (role $PGUSER)" ;;
    stop) pg_stop ;;
    *) die "usage: bash scripts/pg.sh start|stop" ;;
  esac
fi
