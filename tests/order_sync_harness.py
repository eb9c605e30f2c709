"""A real Odoo server with order_sync, on a database of its own, for the end-to-end test
(tests/test_order_sync_e2e.py) and the benchmark (bench/order_sync.py).

    with OdooServer("e2e_order_sync_123") as server:    # creates the database, drops it at exit
        info = server.setup(products=20)                 # integration user, source, products, key
        server.start()                                   # odoo-bin --workers=0 on a free port
        client = load_client().OrderSyncClient(server.url, info["api_key"])

The connection settings come from $ODOO_TEST_CONF when the test suite runs (scripts/test.sh), and
otherwise from the project's scripts (scripts/pg.sh finds or starts PostgreSQL).

Run as a script (``python order_sync_harness.py setup CONF DB PRODUCTS``) it is the setup step,
inside Odoo's Python environment.

E2E_LOG_LEVEL=info logs Odoo's retries; E2E_KEEP_LOGS=<folder> keeps each server's log there.
"""

import configparser
import importlib.util
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CLIENT_PATH = ROOT / "addons" / "order_sync" / "client" / "order_sync_client.py"
ODOO_SRC = Path(os.environ.get("ODOO_SRC", "/opt/odoo/18.0"))
NAMESPACE = "delivery_app"


def load_client():
    """The client module, imported from its file (the way the app developers copy it)."""
    spec = importlib.util.spec_from_file_location("order_sync_client", CLIENT_PATH)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def odoo_settings():
    conf = os.environ.get("ODOO_TEST_CONF")
    if conf:
        parser = configparser.ConfigParser()
        parser.read(conf)
        options = parser["options"]
        return {
            key: options.get(key, "")
            for key in ("db_host", "db_port", "db_user", "db_password", "addons_path")
        }
    script = (
        "source scripts/common.sh; source scripts/pg.sh; ensure_pg >&2; "
        'echo "$PGHOST"; echo "$PGPORT"; echo "$PGUSER"; echo "${PGPASSWORD:-}"; addons_path'
    )
    out = subprocess.run(
        ["bash", "-c", script], cwd=ROOT, check=True, capture_output=True, text=True
    ).stdout.splitlines()
    keys = ("db_host", "db_port", "db_user", "db_password", "addons_path")
    return dict(zip(keys, out[:5], strict=True))


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class OdooServer:
    def __init__(self, dbname, log_level=None):
        self.dbname = dbname
        # E2E_LOG_LEVEL=info shows Odoo's retries after concurrency failures
        self.log_level = log_level or os.environ.get("E2E_LOG_LEVEL", "warn")
        self.settings = odoo_settings()
        self.workdir = Path(tempfile.mkdtemp(prefix=f"{dbname}_"))
        self.conf = self.workdir / "odoo.conf"
        self.conf.write_text(
            "[options]\n"
            + "".join(f"{key} = {value}\n" for key, value in self.settings.items())
            + f"data_dir = {self.workdir / 'data'}\nadmin_passwd = admin\nlist_db = False\n"
        )
        self.log_path = self.workdir / "odoo.log"
        self.process = None
        self.url = None
        self._uids = {}

    # -- lifecycle -------------------------------------------------------------------------

    def __enter__(self):
        self.create_database()
        return self

    def __exit__(self, *exc):
        self.stop()
        self.drop()

    def _odoo(self, *args):
        env = dict(os.environ, PYTHONPATH=str(ODOO_SRC))
        env.pop("ODOO_TEST_CONF", None)
        command = [sys.executable, str(ODOO_SRC / "odoo-bin"), "-c", str(self.conf), *args]
        return command, env

    def create_database(self, modules="order_sync"):
        command, env = self._odoo(
            "-d", self.dbname, "-i", modules, "--without-demo=all", "--stop-after-init",
            "--http-port=0", f"--log-level={self.log_level}", "--max-cron-threads=0",
        )  # fmt: skip
        done = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
        if done.returncode:
            raise RuntimeError(f"installing {modules} failed:\n{done.stdout}\n{done.stderr}")

    def setup(self, products=20):
        """Integration user, source, products <namespace>.product_p0000... and an API key; then
        VACUUM ANALYZE, so that the planner knows the tables before anything is measured."""
        env = dict(os.environ, PYTHONPATH=str(ODOO_SRC))
        env.pop("ODOO_TEST_CONF", None)
        command = [sys.executable, __file__, "setup", str(self.conf), self.dbname, str(products)]
        done = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
        if done.returncode:
            raise RuntimeError(f"setup failed:\n{done.stdout}\n{done.stderr}")
        info = json.loads(done.stdout.strip().splitlines()[-1])
        self.sql("VACUUM ANALYZE")
        return info

    def start(self, port=None, extra_args=()):
        port = port or free_port()
        command, env = self._odoo(
            # -d without --db-filter: Odoo serves that one database without listing the
            # server's databases on each request without a session (an API call), which costs a
            # second connection per request when Odoo retries it after a concurrency failure
            # (50 concurrent pushes then need 100 connections, more than db_maxconn's 64)
            "-d", self.dbname, f"--http-port={port}",
            "--http-interface=127.0.0.1", "--workers=0", "--max-cron-threads=0",
            f"--log-level={self.log_level}", f"--logfile={self.log_path}", *extra_args,
        )  # fmt: skip
        self.process = subprocess.Popen(command, env=env, stdin=subprocess.DEVNULL)
        self.url = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"Odoo exited with {self.process.returncode}:\n{self.log()}")
            try:
                with urllib.request.urlopen(f"{self.url}/web/health", timeout=2) as response:
                    if response.status == 200:
                        return self.url
            except (urllib.error.URLError, OSError):
                time.sleep(0.3)
        raise RuntimeError(f"Odoo did not answer within 90 s:\n{self.log()}")

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.process = None

    def drop(self):
        self.sql(f'DROP DATABASE IF EXISTS "{self.dbname}" WITH (FORCE)', dbname="postgres")
        keep = os.environ.get("E2E_KEEP_LOGS")  # a folder where the server's log is kept
        if keep and self.log_path.exists():
            Path(keep).mkdir(parents=True, exist_ok=True)
            shutil.copy(self.log_path, Path(keep) / f"{self.dbname}.log")
        shutil.rmtree(self.workdir, ignore_errors=True)

    def log(self):
        return self.log_path.read_text() if self.log_path.exists() else ""

    # -- helpers ---------------------------------------------------------------------------

    def sql(self, query, dbname=None):
        import psycopg2

        settings = self.settings
        connection = psycopg2.connect(
            dbname=dbname or self.dbname,
            host=settings["db_host"] or None,
            port=settings["db_port"] or None,
            user=settings["db_user"] or None,
            password=settings["db_password"] or None,
        )
        connection.autocommit = True
        try:
            with connection.cursor() as cursor:
                cursor.execute(query)
                return cursor.fetchall() if cursor.description else None
        finally:
            connection.close()

    def execute_kw(self, model, method, args, kwargs=None, login="admin", password="admin"):
        """The generic JSON-RPC of Odoo (/jsonrpc), as the administrator by default."""
        if (login, password) not in self._uids:  # a login hashes the password: 0.3 s
            credentials = [self.dbname, login, password]
            self._uids[login, password] = self._rpc("common", "login", credentials)
        uid = self._uids[login, password]
        return self._rpc(
            "object", "execute_kw", [self.dbname, uid, password, model, method, args, kwargs or {}]
        )

    def _rpc(self, service, method, args):
        body = {"jsonrpc": "2.0", "method": "call", "id": 1,
                "params": {"service": service, "method": method, "args": args}}  # fmt: skip
        request = urllib.request.Request(
            f"{self.url}/jsonrpc",
            data=json.dumps(body).encode(),
            headers={"Content-Type": "application/json"},
        )
        with urllib.request.urlopen(request, timeout=120) as response:
            answer = json.loads(response.read())
        if "error" in answer:
            raise RuntimeError(answer["error"]["data"].get("message", answer["error"]))
        return answer["result"]


def _setup(conf, dbname, products):
    """Runs inside Odoo's environment (see OdooServer.setup)."""
    import odoo
    from odoo.modules.registry import Registry

    odoo.tools.config.parse_config(["-c", conf, "-d", dbname])
    with Registry(dbname).cursor() as cr:
        env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {"tracking_disable": True})
        user = env["res.users"].create(
            {
                "name": "Delivery app (API)",
                "login": "delivery_app_api",
                "groups_id": [odoo.Command.set([env.ref("order_sync.group_integration").id])],
            }
        )
        counter = env["res.partner"].create({"name": "Counter customer"})
        source = env["order.sync.source"].create(
            {
                "name": "Delivery app",
                "code": "delivery_app",
                "user_id": user.id,
                "xmlid_module": NAMESPACE,
                "partner_id": counter.id,
            }
        )
        records = env["product.product"].create(
            [
                {"name": f"Dish {i}", "list_price": 5 + i % 10, "type": "consu"}
                for i in range(products)
            ]
        )
        app_ids = [f"p{i:04d}" for i in range(products)]
        env["ir.model.data"].create(
            [
                {
                    "module": NAMESPACE,
                    "name": f"product_{app_id}",
                    "model": "product.product",
                    "res_id": record.id,
                }  # fmt: skip
                for app_id, record in zip(app_ids, records, strict=True)
            ]
        )
        key = source._generate_api_key()
        cr.commit()
        print(json.dumps({"api_key": key, "product_ids": app_ids, "source_id": source.id}))


if __name__ == "__main__" and sys.argv[1:2] == ["setup"]:
    _setup(sys.argv[2], sys.argv[3], int(sys.argv[4]))
