#!/usr/bin/env bash
# make lint, and the first step of make test: ruff (lint and format check), pylint-odoo (Odoo/OCA
# checks) and README.rst freshness. Exits non-zero at the first checker that finds a problem.
source "$(dirname "$0")/common.sh"
cd "$ROOT"
[ -x "$VENV/bin/ruff" ] || die "no virtualenv at $VENV: run make venv first"

log "ruff: lint and format check"
"$VENV/bin/ruff" check . && "$VENV/bin/ruff" format --check . \
  || die "ruff found problems (fix with: make format)"
log "pylint-odoo: Odoo/OCA checks"
"$VENV/bin/pylint" --rcfile=.pylintrc addons/*/ || die "pylint-odoo found problems"
log "README.rst freshness"
"$PY" scripts/gen_readme.py --check || die "README.rst files are stale (fix with: make format)"
