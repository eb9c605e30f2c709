#!/usr/bin/env bash
# make test: lint (scripts/lint.sh), then two pytest runs (pytest-odoo, with an HTTP server for
# the tours), each in a fresh throw-away database where the six addons and the OCA addons of
# peer_addons.txt are installed:
#   1. our addons' tests (addons/*/tests) and the end-to-end tests of tests/, in a database
#      WITHOUT demo data (our tests make their own data);
#   2. the OCA peer suites: the Python tests of every addon listed in peer_addons.txt, selected
#      as `odoo-bin --test-tags /<addon>` selects them (see conftest.py), with the exclusions and
#      expected failures written in peer_addons.txt, in a database WITH demo data (OCA's tests
#      use it, as OCA's own CI installs it: `portal` user, demo products...).
# It ends with "ours: N passed; OCA peers: M passed" and exits non-zero on any failure.
#
# Extra arguments go to pytest in place of the default targets, e.g.
#   scripts/test.sh addons/it_park/tests/test_asset.py -k warranty
#   scripts/test.sh peer:contract          (peer:<addon>: that peer addon's tests folder, run
#                                           in the database with demo data)
#
# Knobs for developers (CI sets none of them):
#   TEST_ADDONS=it_park  install only these addons (comma-separated; and their dependencies)
#                        instead of the six and the peers
#   TEST_DB=name         name of the test database (default: suite_test_<pid>); the peer suites
#                        run in name_peers (with demo data)
#   KEEP_TEST_DB=1       keep the databases and their filestores after the run (default: dropped)
#   REUSE_TEST_DB=1      if a database exists, upgrade (-u) TEST_ADDONS in it instead of dropping
#                        it and installing from scratch: seconds instead of minutes on the next
#                        run (use it with TEST_DB and KEEP_TEST_DB)
#   SKIP_LINT=1          skip scripts/lint.sh
#   SKIP_PEERS=1         leave the OCA peer suites out of the default targets
#   PARALLEL_INSTALL=0   install the peers' database after our tests, not while they run
source "$(dirname "$0")/common.sh"
source "$ROOT/scripts/pg.sh"
check_odoo_src
bash "$ROOT/scripts/setup_venv.sh"
bash "$ROOT/scripts/setup_browser.sh"
bash "$ROOT/scripts/setup_wkhtmltopdf.sh"
[ -n "${SKIP_LINT:-}" ] || bash "$ROOT/scripts/lint.sh"

ensure_pg
DB="${TEST_DB:-suite_test_$$}"
PEER_DB="${DB}_peers"
SUMMARY="$ROOT/.run/test-summary-$DB.json"
cleanup() {
  if [ -n "${peer_install_pid:-}" ] && kill -0 "$peer_install_pid" 2>/dev/null; then
    # the background install of the peers' database (and its odoo-bin) is stopped first
    kill $(pgrep -P "$peer_install_pid") "$peer_install_pid" 2>/dev/null || true
    wait "$peer_install_pid" 2>/dev/null || true
  fi
  rm -f "$ROOT/.run/test-odoo-$DB.conf" "$ROOT/.run/test-odoo-$PEER_DB.conf" "$SUMMARY" \
    "$ROOT/.run/install-$PEER_DB.log"
  [ -n "${KEEP_TEST_DB:-}" ] && return
  for db in "$DB" "$PEER_DB"; do
    dropdb --if-exists "$db" >/dev/null 2>&1 || true
    rm -rf "$ROOT/.run/data/filestore/$db"
  done
}
trap cleanup EXIT
mkdir -p "$ROOT/.run"
rm -f "$SUMMARY"

peers=$("$PY" "$ROOT/scripts/peers.py" addons) || die "peer_addons.txt cannot be read (see above)"
PEER_ADDONS=()
[ -z "$peers" ] || mapfile -t PEER_ADDONS <<<"$peers"
SITE_ADDONS="$(site_addons)"
ADDONS_PATH="$(addons_path)"

# Odoo skips an unknown name given to -i with a warning: make sure each addon is installed.
check_installed() {
  local missing
  missing=$(psql -X -qtA -d "$1" -v addons="$ADDONS_TO_TEST" <<'SQL'
SELECT string_agg(name, ', ') FROM unnest(string_to_array(:'addons', ',')) AS name
 WHERE name NOT IN (SELECT m.name FROM ir_module_module m WHERE m.state = 'installed');
SQL
  ) || die "cannot read the installed addons of $1"
  [ -z "$missing" ] || die "not installed in $1: $missing (unknown or uninstallable addon?)"
  [ "${2:-}" = demo ] || return 0
  # Odoo installs an addon whose demo data fails WITHOUT its demo, and only logs it: refuse that
  missing=$(psql -X -qtA -d "$1" -v addons="$ADDONS_TO_TEST" <<'SQL'
SELECT string_agg(name, ', ') FROM ir_module_module
 WHERE name = ANY (string_to_array(:'addons', ',')) AND state = 'installed' AND NOT demo;
SQL
  ) || die "cannot read the installed addons of $1"
  [ -z "$missing" ] || die "demo data of $missing failed to load in $1 (see the install log above)"
}
peer_targets=()
for addon in "${PEER_ADDONS[@]}"; do
  dir=""
  for base in "$SITE_ADDONS" "$ODOO_SRC/addons"; do
    [ -d "$base/$addon" ] && { dir="$base/$addon"; break; }
  done
  [ -n "$dir" ] || die "peer_addons.txt names $addon, which is not on the addons path (requirements.txt?)"
  [ -d "$dir/tests" ] && peer_targets+=("$dir/tests")
done

if [ -n "${TEST_ADDONS:-}" ]; then
  ADDONS_TO_TEST="$TEST_ADDONS"
else
  ADDONS_TO_TEST="$SUITE_ADDONS"
  for addon in "${PEER_ADDONS[@]}"; do ADDONS_TO_TEST+=",$addon"; done
fi

# prepare_db DB demo|nodemo: install (or, with REUSE_TEST_DB, upgrade) the addons; write the
# Odoo configuration file pytest-odoo reads.
prepare_db() {
  local db=$1 demo=$2 start
  if [ -n "${REUSE_TEST_DB:-}" ] && psql -d "$db" -c "" 2>/dev/null; then
    log "reusing $db: upgrading $ADDONS_TO_TEST"
    "$ROOT/scripts/odoo.sh" -d "$db" -u "$ADDONS_TO_TEST" --stop-after-init --log-level=warn \
      --http-port=0 || die "upgrade failed"
  else
    dropdb --if-exists "$db" >/dev/null 2>&1 || true
    rm -rf "$ROOT/.run/data/filestore/$db"
    local demo_args=(--without-demo=all) label="no demo data"
    [ "$demo" = demo ] && { demo_args=(); label="with demo data"; }
    log "installing $ADDONS_TO_TEST into throw-away database $db ($label)"
    start=$(date +%s)
    "$ROOT/scripts/odoo.sh" -d "$db" -i "$ADDONS_TO_TEST" "${demo_args[@]}" --stop-after-init \
      --log-level=warn --http-port=0 || die "installing the addons into $db failed"
    log "installed in $(( $(date +%s) - start ))s"
  fi
  check_installed "$db" "$demo"
  cat > "$ROOT/.run/test-odoo-$db.conf" <<CONF
[options]
addons_path = $ADDONS_PATH
data_dir = $ROOT/.run/data
db_host = $PGHOST
db_port = $PGPORT
db_user = $PGUSER
db_password = ${PGPASSWORD:-}
db_name = $db
dbfilter = ^$db\$
CONF
}

# run_pytest DB TARGETS...: one pytest-odoo session on that database.
run_pytest() {
  local db=$1 conf="$ROOT/.run/test-odoo-$1.conf"; shift
  log "pytest on $db: ${*#"$ROOT/"}"
  ODOO_TEST_CONF="$conf" "$PY" -m pytest "$@" --odoo-config="$conf" --odoo-database="$db" \
    --odoo-http --odoo-log-level=warn -p no:cacheprovider
}

is_peer_target() {
  local arg=$1 target
  for target in "${peer_targets[@]}"; do
    case "$(realpath -m "$arg")/" in "$target"/*) return 0 ;; esac
  done
  return 1
}

# Targets: ours (run in $DB) and the peers' (run in $PEER_DB). `peer:<addon>` stands for the
# tests folder of that peer addon. Options (-k ..., -x) go to both runs.
ours=(); theirs=(); options=()
for arg in "$@"; do
  if [[ $arg == peer:* ]]; then
    found=""
    for target in "${peer_targets[@]}"; do
      [ "$(basename "$(dirname "$target")")" = "${arg#peer:}" ] && found=$target
    done
    [ -n "$found" ] || die "$arg: no such addon with tests in peer_addons.txt"
    theirs+=("$found")
  elif [[ $arg == -* || ! -e ${arg%%::*} ]]; then
    options+=("$arg")
  elif is_peer_target "${arg%%::*}"; then
    theirs+=("$arg")
  else
    ours+=("$arg")
  fi
done
if [ ${#ours[@]} -eq 0 ] && [ ${#theirs[@]} -eq 0 ]; then
  ours=(addons)
  [ -d "$ROOT/tests" ] && ours+=(tests)
  [ -n "${SKIP_PEERS:-}" ] || theirs=("${peer_targets[@]}")
fi

cd "$ROOT"
export PYTHONPATH="$ODOO_SRC" SUITE_SUMMARY="$SUMMARY"
status=0
# The peers' database installs in the background while our tests run (two cores: the install
# and our tests each keep about one busy), unless PARALLEL_INSTALL=0.
peer_install_pid=""
peer_install_log="$ROOT/.run/install-$PEER_DB.log"
if [ ${#theirs[@]} -gt 0 ] && [ ${#ours[@]} -gt 0 ] && [ "${PARALLEL_INSTALL:-1}" != 0 ]; then
  log "installing $PEER_DB in the background (log: ${peer_install_log#"$ROOT/"})"
  prepare_db "$PEER_DB" demo >"$peer_install_log" 2>&1 &
  peer_install_pid=$!
fi
if [ ${#ours[@]} -gt 0 ]; then
  prepare_db "$DB" nodemo
  start=$(date +%s)
  run_pytest "$DB" "${ours[@]}" "${options[@]}" || status=1
  log "our tests took $(( $(date +%s) - start ))s"
fi
if [ ${#theirs[@]} -gt 0 ]; then
  if [ -n "$peer_install_pid" ]; then
    wait "$peer_install_pid" || { cat "$peer_install_log" >&2; die "installing $PEER_DB failed"; }
    grep -v '^WARNING: Location' "$peer_install_log" >&2 || true
  else
    prepare_db "$PEER_DB" demo
  fi
  start=$(date +%s)
  run_pytest "$PEER_DB" "${theirs[@]}" "${options[@]}" || status=1
  log "the OCA peer suites took $(( $(date +%s) - start ))s"
fi
exit $status
