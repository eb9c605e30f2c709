"""it_park leaves OCA contract's portal rule as OCA ships it, installed and after uninstall.

The uninstall runs in a database of its own: a copy of the test database (made in seconds from it
as a template), else a fresh install of it_park. Run by scripts/test.sh, which gives the
connection settings in $ODOO_TEST_CONF.
"""

import configparser
import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
ODOO_SRC = os.environ.get("ODOO_SRC", "/opt/odoo/18.0")

# Run inside Odoo's Python environment: OCA's rule before and after uninstalling it_park.
SCRIPT = textwrap.dedent(
    """
    import json, sys
    import odoo
    from odoo import SUPERUSER_ID, api

    conf, db = sys.argv[1:3]
    odoo.tools.config.parse_config(["-c", conf, "-d", db, "--log-level=warn"])

    def state(env):
        rule = env.ref("contract.rule_contract_contract_portal")
        ours = env.ref("it_park.rule_contract_portal_customer", raise_if_not_found=False)
        module = env["ir.module.module"].search([("name", "=", "it_park")])
        return {
            "domain": rule.domain_force,
            "active": rule.active,
            "groups": sorted(rule.groups.get_external_id().values()),
            "perms": [rule.perm_read, rule.perm_write, rule.perm_create, rule.perm_unlink],
            "ours": bool(ours),
            "it_park": module.state,
        }

    with odoo.modules.registry.Registry(db).cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {})
        before = state(env)
        env["ir.module.module"].search([("name", "=", "it_park")]).button_immediate_uninstall()
    with odoo.modules.registry.Registry(db).cursor() as cr:
        after = state(api.Environment(cr, SUPERUSER_ID, {}))
    print(json.dumps({"before": before, "after": after}))
    """
)


def oca_rule_source():
    """contract.rule_contract_contract_portal as OCA contract's data file defines it."""
    from lxml import etree

    conf = configparser.ConfigParser()
    conf.read(os.environ["ODOO_TEST_CONF"])
    for path in conf["options"]["addons_path"].split(","):
        source = Path(path.strip(), "contract", "security", "contract_security.xml")
        if source.exists():
            break
    (record,) = etree.parse(str(source)).xpath("//record[@id='rule_contract_contract_portal']")
    return {
        "domain": record.xpath("field[@name='domain_force']")[0].text.strip(),
        "groups": ["base.group_portal"],
    }


def psql(settings, *args):
    env = dict(os.environ, PGPASSWORD=settings.get("db_password", ""))
    command = ["-h", settings["db_host"], "-p", settings["db_port"], "-U", settings["db_user"]]
    return subprocess.run([*args[:1], *command, *args[1:]], env=env, capture_output=True)


@pytest.fixture
def own_database():
    """A database with the suite installed that this test may uninstall from; dropped after."""
    conf_path = os.environ.get("ODOO_TEST_CONF")
    if not conf_path:
        pytest.fail("run through scripts/test.sh (it sets ODOO_TEST_CONF)")
    conf = configparser.ConfigParser()
    conf.read(conf_path)
    settings = dict(conf["options"])
    source, copy = settings["db_name"], f"{settings['db_name']}_uninstall"
    psql(settings, "dropdb", "--if-exists", copy)
    # pytest-odoo's own connections to the test database would block the copy: close them.
    import odoo

    odoo.sql_db.close_db(source)
    if psql(settings, "createdb", "-T", source, copy).returncode:
        # another session uses the test database: install it_park afresh (minutes, not seconds)
        subprocess.run(
            [sys.executable, f"{ODOO_SRC}/odoo-bin", "-c", conf_path, "-d", copy, "-i",
             "it_park", "--without-demo=all", "--stop-after-init", "--log-level=warn",
             "--http-port=0"],
            env=dict(os.environ, PYTHONPATH=ODOO_SRC),
            check=True,
        )  # fmt: skip
    yield conf_path, copy
    psql(settings, "dropdb", "--if-exists", copy)
    data_dir = settings.get("data_dir")
    if data_dir:
        subprocess.run(["rm", "-rf", str(Path(data_dir, "filestore", copy))], check=False)


def test_uninstall_leaves_oca_portal_rule_intact(own_database):
    conf_path, db = own_database
    result = subprocess.run(
        [sys.executable, "-c", SCRIPT, conf_path, db],
        env=dict(os.environ, PYTHONPATH=ODOO_SRC),
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    states = json.loads(result.stdout.strip().splitlines()[-1])
    expected = oca_rule_source()
    before, after = states["before"], states["after"]
    assert before["it_park"] == "installed" and before["ours"]
    assert after["it_park"] == "uninstalled" and not after["ours"]
    for state in (before, after):
        assert state["domain"] == expected["domain"]
        assert state["groups"] == expected["groups"]
        assert state["active"]
        assert state["perms"] == [True, True, True, True]
