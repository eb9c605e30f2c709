#!/usr/bin/env bash
# make lint, and the first step of make test: ruff (lint and format check), pylint-odoo (Odoo/OCA
# checks), OCA's own pre-commit checkers (oca-checks-odoo-module on each addon, oca-checks-po on
# its translations) and README.rst freshness. Exits non-zero if any checker finds a problem.
source "$(dirname "$0")/common.sh"
cd "$ROOT"
[ -x "$VENV/bin/ruff" ] || die "no virtualenv at $VENV: run make venv first"

# Findings of OCA's checkers that are known and left, per addon, each with its reason. Strict: a
# listed check that finds nothing any more fails the lint, so that its line is removed.
#   <addon> <check>[,<check>...]   # reason
OCA_KNOWN=$(cat <<'KNOWN'
KNOWN
)

failed=0
log "ruff: lint and format check"
"$VENV/bin/ruff" check . && "$VENV/bin/ruff" format --check . \
  || { log "ruff found problems (fix with: make format)"; failed=1; }
log "pylint-odoo: Odoo/OCA checks"
"$VENV/bin/pylint" --rcfile=.pylintrc addons/*/ || { log "pylint-odoo found problems"; failed=1; }

log "OCA checkers: oca-checks-odoo-module, oca-checks-po"
oca_checks() {
  # oca_checks ADDON [OPTIONS...]: both checkers on one addon; non-zero if one finds something.
  local addon=$1 status=0 po; shift
  "$VENV/bin/oca-checks-odoo-module" "$@" "$addon" || status=1
  for po in "$addon"/i18n/*.po "$addon"/i18n/*.pot; do
    [ -e "$po" ] || continue
    "$VENV/bin/oca-checks-po" "$@" "$po" || status=1
  done
  return $status
}
for addon in addons/*/; do
  addon=${addon%/}
  known=$(awk -v a="$(basename "$addon")" '$1 == a { print $2 }' <<<"$OCA_KNOWN")
  if [ -n "$known" ]; then
    oca_checks "$addon" --disable="$known" || failed=1
    for check in ${known//,/ }; do
      if oca_checks "$addon" --enable="$check" >/dev/null 2>&1; then
        log "$addon: $check finds nothing any more: remove it from OCA_KNOWN in scripts/lint.sh"
        failed=1
      fi
    done
  else
    oca_checks "$addon" || failed=1
  fi
done
[ $failed = 0 ] || log "OCA checkers: see above (many fix themselves: oca-checks-odoo-module --fix, oca-checks-po --fix)"

log "README.rst freshness"
"$PY" scripts/gen_readme.py --check || { log "README.rst files are stale (fix with: make format)"; failed=1; }
[ $failed = 0 ] || die "lint failed (see above)"
