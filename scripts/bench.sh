#!/usr/bin/env bash
# make bench: list the benchmarks, or run one: make bench ARGS=it_park_alerts [-- its options]
source "$(dirname "$0")/common.sh"
source "$ROOT/scripts/pg.sh"
check_odoo_src
if [ $# -eq 0 ]; then
  echo "Benchmarks (run one with: make bench ARGS=<name>):"
  for f in "$ROOT"/bench/*.py; do
    [ -e "$f" ] || continue
    case "$(basename "$f")" in _*) continue ;; esac  # helpers, not benchmarks
    printf '  %-24s %s\n' "$(basename "$f" .py)" "$(sed -n 's/^"""\(.*\)/\1/p' "$f" | head -1)"
  done
  exit 0
fi
bash "$ROOT/scripts/setup_venv.sh"
ensure_pg
name=${1%.py}; shift
[ -f "$ROOT/bench/$name.py" ] || die "no benchmark bench/$name.py"
export PYTHONPATH="$ODOO_SRC"
export ODOO_ADDONS_PATH="$(addons_path)"
exec "$PY" "$ROOT/bench/$name.py" "$@"
