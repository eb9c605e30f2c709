#!/usr/bin/env bash
# Create or update .venv: Odoo 18's runtime requirements (with our constraints), our own
# requirements and the pinned OCA addons. Re-running is a no-op unless an input changed.
source "$(dirname "$0")/common.sh"
check_odoo_src

PYBIN="${PYTHON:-python3.11}"
command -v "$PYBIN" >/dev/null || die "$PYBIN not found: Odoo 18 runs on Python 3.10-3.12 (this project uses 3.11; set PYTHON=/path/to/python)."

stamp="$VENV/.setup-stamp"
want="$(cat "$ROOT/requirements.txt" "$ROOT/requirements-dev.txt" "$ROOT/constraints.txt" \
        "$ODOO_SRC/requirements.txt" "$0" | sha256sum | cut -d' ' -f1)"
if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then
  log "virtualenv up to date ($VENV)"
  exit 0
fi

if [ ! -x "$PY" ]; then
  log "creating $VENV"
  "$PYBIN" -m venv "$VENV"
fi
pip() { "$PY" -m pip --disable-pip-version-check -q "$@"; }
pip install "setuptools<70" wheel

# Odoo's requirements.txt with our overrides (constraints.txt) in place of its own pins; without
# python-ldap (only for the auth_ldap addon, which we do not use; it needs libldap headers) and with
# psycopg2-binary for psycopg2 (same module, no libpq headers needed on a fresh machine).
odoo_reqs="$VENV/odoo-requirements.txt"
"$PY" - "$ODOO_SRC/requirements.txt" "$ROOT/constraints.txt" > "$odoo_reqs" <<'PY'
import re, sys
name = lambda line: re.split(r"[\s=<>!;~\[]", line.strip(), maxsplit=1)[0].lower()
overrides = [l.strip() for l in open(sys.argv[2]) if l.strip() and not l.startswith("#")]
drop = {name(l) for l in overrides} | {"psycopg2", "python-ldap"}
for line in open(sys.argv[1]):
    if line.strip() and not line.startswith("#") and name(line) not in drop:
        print(line.rstrip())
print("\n".join(overrides))
PY
log "installing Odoo runtime requirements (first time: a few minutes)"
pip install --no-build-isolation -r "$odoo_reqs"
log "installing project requirements"
pip install -c "$ROOT/constraints.txt" -r "$ROOT/requirements-dev.txt"
log "installing OCA addons (pinned, --no-deps: their odoo==18.0.* requirement is ODOO_SRC)"
pip install --no-deps -r "$ROOT/requirements.txt"

# lxml must stay 4.9.x (Odoo 18 imports lxml.html.clean).
"$PY" -c "import lxml.html.clean" || die "lxml.html.clean missing: something upgraded lxml"
PYTHONPATH="$ODOO_SRC" "$PY" -c "import odoo.tools.mail" || die "Odoo does not import from $ODOO_SRC"
echo "$want" > "$stamp"
log "virtualenv ready ($VENV)"
