#!/usr/bin/env bash
# Run odoo-bin from ODOO_SRC with the project's venv, addons path and database connection.
# Usage: scripts/odoo.sh [odoo-bin options...]   (PostgreSQL is found or started first)
source "$(dirname "$0")/common.sh"
source "$ROOT/scripts/pg.sh"
check_odoo_src
ensure_pg
mkdir -p "$ROOT/.run/data"
export PYTHONPATH="$ODOO_SRC${PYTHONPATH:+:$PYTHONPATH}"
args=(-c "$ROOT/odoo.conf" --addons-path="$(addons_path)" --data-dir="$ROOT/.run/data"
      --db_host="$PGHOST" --db_port="$PGPORT" --db_user="$PGUSER")
# odoo.conf's password is the Docker one; locally libpq's own PGPASSWORD (or trust) applies.
args+=(--db_password="${PGPASSWORD:-}")
exec "$PY" "$ODOO_SRC/odoo-bin" "${args[@]}" "$@"
