"""What the benchmarks share: Odoo's source on the import path, the project's addons path and
database connection (from scripts/bench.sh when run through `make bench`), shell helpers."""

import os
import socket
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ODOO_SRC = os.environ.get("ODOO_SRC", "/opt/odoo/18.0")
if ODOO_SRC not in sys.path:
    sys.path.insert(0, ODOO_SRC)


def addons_path():
    """scripts/bench.sh exports the project's addons path; compute the same one otherwise."""
    if os.environ.get("ODOO_ADDONS_PATH"):
        return os.environ["ODOO_ADDONS_PATH"]
    paths = [ROOT / "addons", ROOT / ".venv/lib/python3.11/site-packages/odoo/addons"]
    paths += [Path(ODOO_SRC, "odoo/addons"), Path(ODOO_SRC, "addons")]
    return ",".join(str(path) for path in paths if path.is_dir())


def sh(*args):
    subprocess.run(args, check=True, cwd=ROOT)


def setup_odoo(db):
    """Configure Odoo in this process for database ``db`` and return its registry."""
    import odoo

    odoo.tools.config.parse_config(
        [
            f"--addons-path={addons_path()}",
            f"--db_host={os.environ.get('PGHOST', '127.0.0.1')}",
            f"--db_port={os.environ.get('PGPORT', '5432')}",
            f"--db_user={os.environ.get('PGUSER') or os.environ.get('USER', 'odoo')}",
            f"--data-dir={ROOT / '.run/data'}",
            "--log-level=warn",
        ]
    )
    return odoo.modules.registry.Registry(db)


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def create_database(db, modules="it_park"):
    """A fresh database ``db`` with ``modules`` installed, no demo data (drops any old one)."""
    sh("dropdb", "--if-exists", db)
    sh(
        "scripts/odoo.sh", "-d", db, "-i", modules, "--without-demo=all", "--stop-after-init",
        "--log-level=warn", "--http-port=0",
    )  # fmt: skip
