#!/usr/bin/env bash
# make test: lint (scripts/lint.sh, the same as make lint), a fresh throw-away database with the
# six addons (no demo data), then the addons' tests (pytest-odoo, with an HTTP server for tours)
# and tests/ (end-to-end) in one pytest run.
#
# Extra arguments go to pytest in place of the default targets, e.g.
#   scripts/test.sh addons/it_park/tests/test_asset.py -k warranty
#
# Knobs for developers (CI sets none of them):
#   TEST_ADDONS=it_park  install only these addons (comma-separated; and their dependencies)
#   TEST_DB=name         name of the test database (default: suite_test_<pid>)
#   KEEP_TEST_DB=1       keep the database and its filestore after the run (default: dropped)
#   REUSE_TEST_DB=1      if TEST_DB exists, upgrade (-u) TEST_ADDONS in it instead of dropping it
#                        and installing from scratch: seconds instead of minutes on the next run
#                        (use it with TEST_DB and KEEP_TEST_DB)
#   SKIP_LINT=1          skip scripts/lint.sh
source "$(dirname "$0")/common.sh"
source "$ROOT/scripts/pg.sh"
check_odoo_src
bash "$ROOT/scripts/setup_venv.sh"
bash "$ROOT/scripts/setup_browser.sh"
[ -n "${SKIP_LINT:-}" ] || bash "$ROOT/scripts/lint.sh"

ensure_pg
ADDONS_TO_TEST="${TEST_ADDONS:-$SUITE_ADDONS}"
DB="${TEST_DB:-suite_test_$$}"
conf="$ROOT/.run/test-odoo-$DB.conf"
cleanup() {
  rm -f "$conf"
  [ -n "${KEEP_TEST_DB:-}" ] && return
  dropdb --if-exists "$DB" >/dev/null 2>&1 || true
  rm -rf "$ROOT/.run/data/filestore/$DB"
}
trap cleanup EXIT
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
}

if [ -n "${REUSE_TEST_DB:-}" ] && psql -d "$DB" -c "" 2>/dev/null; then
  log "reusing $DB: upgrading $ADDONS_TO_TEST"
  "$ROOT/scripts/odoo.sh" -d "$DB" -u "$ADDONS_TO_TEST" --stop-after-init --log-level=warn \
    --http-port=0 || die "upgrade failed"
else
  dropdb --if-exists "$DB" >/dev/null 2>&1 || true
  log "installing $ADDONS_TO_TEST into throw-away database $DB (no demo data)"
  start=$(date +%s)
  "$ROOT/scripts/odoo.sh" -d "$DB" -i "$ADDONS_TO_TEST" --without-demo=all --stop-after-init \
    --log-level=warn --http-port=0 || die "installing the addons failed"
  log "installed in $(( $(date +%s) - start ))s"
fi
check_installed "$DB"

mkdir -p "$ROOT/.run"
cat > "$conf" <<CONF
[options]
addons_path = $ADDONS_PATH
data_dir = $ROOT/.run/data
db_host = $PGHOST
db_port = $PGPORT
db_user = $PGUSER
db_password = ${PGPASSWORD:-}
db_name = $DB
dbfilter = ^$DB\$
CONF

targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
  targets=(addons)
  [ -d "$ROOT/tests" ] && targets+=(tests)
fi
cd "$ROOT"
export PYTHONPATH="$ODOO_SRC" ODOO_TEST_CONF="$conf"
"$PY" -m pytest "${targets[@]}" --odoo-config="$conf" --odoo-database="$DB" --odoo-http \
  --odoo-log-level=warn -p no:cacheprovider
