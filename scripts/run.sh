#!/usr/bin/env bash
# make run: venv, PostgreSQL, the `demo` database with the six addons and their demo data (made
# once, reused afterwards), then Odoo served on http://localhost:8069.
#   scripts/run.sh --update   upgrade the suite's addons in the demo database first
source "$(dirname "$0")/common.sh"
source "$ROOT/scripts/pg.sh"
check_odoo_src
bash "$ROOT/scripts/setup_venv.sh"
bash "$ROOT/scripts/setup_wkhtmltopdf.sh"
ensure_pg

DB="${DB:-demo}"
PORT="${HTTP_PORT:-8069}"
odoo() { "$ROOT/scripts/odoo.sh" "$@"; }

# SQL gets its values as psql variables (:'name' is quoted by psql), never pasted into the text.
db_exists() {
  psql -X -qtA -d postgres -v db="$DB" <<'SQL' | grep -q 1
SELECT 1 FROM pg_database WHERE datname = :'db';
SQL
}
installed_count() {
  psql -X -qtA -d "$DB" -v addons="$SUITE_ADDONS" 2>/dev/null <<'SQL' || echo 0
SELECT count(*) FROM ir_module_module
 WHERE state = 'installed' AND name = ANY(string_to_array(:'addons', ','));
SQL
}

if ! db_exists; then
  log "creating database '$DB' with the suite and its demo data (first run: a few minutes)"
  odoo -d "$DB" -i "$SUITE_ADDONS" --load-language=fr_FR --stop-after-init --log-level=warn \
    || { dropdb --if-exists "$DB"; die "creating the demo database failed (see above)"; }
elif [ "$(installed_count)" != "$(tr ',' '\n' <<<"$SUITE_ADDONS" | wc -l)" ]; then
  log "installing the suite's addons missing from '$DB'"
  odoo -d "$DB" -i "$SUITE_ADDONS" --stop-after-init --log-level=warn || die "install failed"
elif [ "${1:-}" = "--update" ]; then
  log "upgrading the suite's addons in '$DB'"
  odoo -d "$DB" -u "$SUITE_ADDONS" --stop-after-init --log-level=warn || die "upgrade failed"
fi

cat <<MSG

  Odoo 18 with the suite is starting on  http://localhost:$PORT   (database: $DB)

  Demo logins (login / password):
    admin       / admin        backend administrator, manager of every addon
    technicien  / technicien   IT park technician (backend, IT Park user)
    client      / client       portal customer of Boulangerie Martin (http://localhost:$PORT/my)

  Stop with Ctrl-C. Tests: make test.

MSG
exec "$ROOT/scripts/odoo.sh" -d "$DB" --db-filter="^$DB\$" --http-port="$PORT" --log-level=info
