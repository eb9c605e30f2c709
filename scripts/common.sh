#!/usr/bin/env bash
# Shared settings for the project's scripts. Source it; do not run it.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export ROOT
export ODOO_SRC="${ODOO_SRC:-/opt/odoo/18.0}"
export VENV="${VENV:-$ROOT/.venv}"
export PY="$VENV/bin/python"
# The six addons of the suite, in dependency order.
export SUITE_ADDONS="it_park,group_finance,fleet_stock,btp_light,crm_services,order_sync"

log() { printf '\033[1;34m[%s]\033[0m %s\n' "$(basename "$0")" "$*" >&2; }
die() { printf '\033[1;31m[%s] ERROR:\033[0m %s\n' "$(basename "$0")" "$*" >&2; exit 1; }

check_odoo_src() {
  if [ ! -f "$ODOO_SRC/odoo-bin" ] || [ ! -f "$ODOO_SRC/odoo/release.py" ]; then
    die "No Odoo 18 source tree at ODOO_SRC=$ODOO_SRC (odoo-bin not found).
  Odoo is not published on PyPI. Get the Community 18.0 source, then point ODOO_SRC at it:
    git clone --depth 1 -b 18.0 https://github.com/odoo/odoo.git /opt/odoo/18.0
    (or: export ODOO_SRC=/path/to/your/odoo-18.0 checkout)
  Or use Docker instead:  docker compose up   (official odoo:18.0 image, see README)."
  fi
  grep -q "version_info = (18, 0" "$ODOO_SRC/odoo/release.py" \
    || die "ODOO_SRC=$ODOO_SRC is not Odoo 18.0 (see odoo/release.py)."
}

# Where the OCA addons land once pip-installed: the odoo/addons namespace in the venv's own
# site-packages, asked of the venv's python (whatever its version: PYTHON may be another one).
site_addons() {
  local purelib
  purelib=$("$PY" -c 'import sysconfig; print(sysconfig.get_path("purelib"))' 2>/dev/null) \
    || die "no virtualenv at $VENV: run make venv (or make run / make test) first"
  echo "$purelib/odoo/addons"
}
addons_path() {
  local site p
  site=$(site_addons) || exit 1
  p="$ROOT/addons,$site,$ODOO_SRC/odoo/addons"
  [ -d "$ODOO_SRC/addons" ] && p="$p,$ODOO_SRC/addons"
  echo "$p"
}
