#!/usr/bin/env bash
# make test: lint, a fresh throw-away database with the six addons (no demo data), then the
# addons' tests (pytest-odoo, with an HTTP server for tours) and tests/ (end-to-end) in one pytest
# run. Extra arguments go to pytest, e.g. scripts/test.sh addons/it_park
source "$(dirname "$0")/common.sh"
source "$ROOT/scripts/pg.sh"
check_odoo_src
bash "$ROOT/scripts/setup_venv.sh"
bash "$ROOT/scripts/setup_browser.sh"

# Developer knobs (CI uses none): TEST_ADDONS=it_park installs only that addon (and its
# dependencies); TEST_DB=name and KEEP_TEST_DB=1 keep the database; SKIP_LINT=1 skips ruff.
ADDONS_TO_TEST="${TEST_ADDONS:-$SUITE_ADDONS}"
if [ -z "${SKIP_LINT:-}" ]; then
  log "ruff: lint and format check"
  "$VENV/bin/ruff" check "$ROOT" && "$VENV/bin/ruff" format --check "$ROOT" \
    || die "ruff found problems (fix with: .venv/bin/ruff check --fix . && .venv/bin/ruff format .)"
  log "pylint-odoo (Odoo/OCA checks) and README.rst freshness"
  "$VENV/bin/pylint" --rcfile="$ROOT/.pylintrc" "$ROOT"/addons/*/ || die "pylint-odoo found problems"
  "$PY" "$ROOT/scripts/gen_readme.py" --check || die "README.rst files are stale"
fi

ensure_pg
DB="${TEST_DB:-suite_test_$$}"
cleanup() { dropdb --if-exists "$DB" >/dev/null 2>&1 || true; rm -rf "$ROOT/.run/data/filestore/$DB"; }
[ -n "${KEEP_TEST_DB:-}" ] || trap 'cleanup; rm -f "$conf"' EXIT
if [ -n "${REUSE_TEST_DB:-}" ] && psql -d "$DB" -c "" 2>/dev/null; then
  log "reusing $DB: upgrading $ADDONS_TO_TEST"
  "$ROOT/scripts/odoo.sh" -d "$DB" -u "$ADDONS_TO_TEST" --stop-after-init --log-level=warn --http-port=0 || die "upgrade failed"
else
  dropdb --if-exists "$DB" >/dev/null 2>&1 || true
  log "installing $ADDONS_TO_TEST into throw-away database $DB (no demo data)"
  start=$(date +%s)
  "$ROOT/scripts/odoo.sh" -d "$DB" -i "$ADDONS_TO_TEST" --without-demo=all --stop-after-init \
    --log-level=warn --http-port=0 || die "installing the addons failed"
  log "installed in $(( $(date +%s) - start ))s"
fi

conf="$ROOT/.run/test-odoo-$DB.conf"
cat > "$conf" <<CONF
[options]
addons_path = $(addons_path)
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
