"""Benchmark of the IT park recurring invoicing (run: .venv/bin/python bench/it_park_invoicing.py).

Creates a throw-away database with it_park (no demo data), generates N maintenance contracts
(OCA ``contract``, one monthly post-paid line each, one period due), commits, runs VACUUM
ANALYZE, then invoices the same due period three ways, each rolled back so that all start from
the same state, and prints time and query count with ratios:

- ours: ``contract.contract._cron_it_park_invoice`` (chunks of 200, posted invoices, idempotency
  and per-contract error isolation);
- stock: the OCA cron ``_cron_recurring_create`` (draft invoices) followed by ``action_post``
  of its invoices (the same end state as ours);
- raw: one batched ``account.move.create`` of the same invoice values + ``action_post``
  (the floor).

    .venv/bin/python bench/it_park_invoicing.py                  # 2,000 then 8,000 contracts
    .venv/bin/python bench/it_park_invoicing.py --sizes 500      # quicker
The database is dropped at the end (``--keep`` keeps it).
"""

import argparse
import os
import subprocess
import sys
import time
from pathlib import Path

from dateutil.relativedelta import relativedelta

ROOT = Path(__file__).resolve().parent.parent
ODOO_SRC = os.environ.get("ODOO_SRC", "/opt/odoo/18.0")
sys.path.insert(0, ODOO_SRC)

import odoo  # noqa: E402
from odoo import Command  # noqa: E402

CUSTOMERS = 200


def sh(*args):
    subprocess.run(args, check=True, cwd=ROOT)


def setup_odoo(db):
    addons = [str(ROOT / "addons"), f"{ODOO_SRC}/odoo/addons"]
    if Path(ODOO_SRC, "addons").is_dir():
        addons.append(f"{ODOO_SRC}/addons")
    site = ROOT / ".venv/lib/python3.11/site-packages/odoo/addons"
    if site.is_dir():
        addons.insert(1, str(site))
    odoo.tools.config.parse_config(
        [
            f"--addons-path={','.join(addons)}",
            f"--db_host={os.environ.get('PGHOST', '127.0.0.1')}",
            f"--db_port={os.environ.get('PGPORT', '5432')}",
            f"--db_user={os.environ.get('PGUSER', 'root')}",
            f"--data-dir={ROOT / '.run/data'}",
            "--log-level=warn",
        ]
    )
    return odoo.modules.registry.Registry(db)


def generate(env, count, today):
    """``count`` more contracts whose first monthly period ended yesterday (one invoice due)."""
    customers = env["res.partner"].search([("name", "like", "Bench client %")], order="id")
    if not customers:
        customers = env["res.partner"].create(
            [{"name": f"Bench client {i}", "is_company": True} for i in range(CUSTOMERS)]
        )
    product = env["product.product"].search([("name", "=", "Bench forfait")]) or env[
        "product.product"
    ].create({"name": "Bench forfait", "type": "service", "list_price": 250.0})
    journal = env["account.journal"].search(
        [("type", "=", "sale"), ("company_id", "=", env.company.id)], limit=1
    )
    start = today - relativedelta(months=1)
    existing = env["contract.contract"].search_count([])
    for offset in range(0, count, 500):
        env["contract.contract"].create(
            [
                {
                    "name": f"Bench contrat {existing + n}",
                    "partner_id": customers[(existing + n) % len(customers)].id,
                    "contract_type": "sale",
                    "journal_id": journal.id,
                    "it_contract_kind": "maintenance",
                    "line_recurrence": True,
                    "contract_line_ids": [
                        Command.create(
                            {
                                "product_id": product.id,
                                "name": "Forfait mensuel",
                                "quantity": 1,
                                "price_unit": 250.0,
                                "date_start": start,
                                "recurring_rule_type": "monthly",
                                "recurring_interval": 1,
                                "recurring_invoicing_type": "post-paid",
                            }
                        )
                    ],
                }
                for n in range(offset, min(offset + 500, count))
            ]
        )
        env.cr.commit()


def timed(env, func):
    cr = env.cr
    env.flush_all()
    start_count, start = cr.sql_log_count, time.perf_counter()
    result = func()
    env.flush_all()
    return result, time.perf_counter() - start, cr.sql_log_count - start_count


def raw_values(env, today):
    """The same invoices as plain account.move values (what the floor creates)."""
    contracts = env["contract.contract"].search([("recurring_next_date", "<=", today)])
    values = []
    for contract in contracts:
        line = contract.contract_line_ids
        values.append(
            {
                "move_type": "out_invoice",
                "partner_id": contract.partner_id.id,
                "journal_id": contract.journal_id.id,
                "invoice_date": today,
                "invoice_origin": contract.name,
                "invoice_line_ids": [
                    Command.create(
                        {
                            "product_id": line.product_id.id,
                            "name": line.name,
                            "quantity": line.quantity,
                            "price_unit": line.price_unit,
                        }
                    )
                ],
            }
        )
    return values


def measure(registry, today, only=None):
    subprocess.run(["psql", "-q", "-d", registry.db_name, "-c", "VACUUM ANALYZE"], check=True)
    results = {}
    with registry.cursor() as cr:
        env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
        Contract = env["contract.contract"]
        due = Contract.search_count([("recurring_next_date", "<=", today)])

        moves, seconds, queries = timed(env, lambda: Contract._cron_it_park_invoice(today))
        assert len(moves) == due and set(moves.mapped("state")) == {"posted"}, len(moves)
        results["ours"] = (seconds, queries)
        cr.rollback()
        env.invalidate_all()
        if only == "ours":
            print(f"{due} contracts due | ours {seconds:.1f}s {queries} queries", flush=True)
            return

        def stock():
            Contract._cron_recurring_create(today, create_type="invoice")
            drafts = env["account.move"].search([("state", "=", "draft")])
            drafts.action_post()
            return drafts

        moves, seconds, queries = timed(env, stock)
        assert len(moves) == due, len(moves)
        results["stock"] = (seconds, queries)
        cr.rollback()
        env.invalidate_all()

        values = raw_values(env, today)
        env.invalidate_all()

        def raw():
            created = env["account.move"].create(values)
            created.action_post()
            return created

        moves, seconds, queries = timed(env, raw)
        assert len(moves) == due
        results["raw"] = (seconds, queries)
        cr.rollback()
    ours, stock_, raw_ = results["ours"], results["stock"], results["raw"]
    print(
        f"{due} contracts due | ours {ours[0]:.1f}s {ours[1]} queries "
        f"({ours[1] / due:.1f}/invoice) | stock OCA cron + post {stock_[0]:.1f}s {stock_[1]} "
        f"queries | raw create + post {raw_[0]:.1f}s {raw_[1]} queries | "
        f"ours/stock time {ours[0] / stock_[0]:.2f}, queries {ours[1] / stock_[1]:.2f} | "
        f"ours/raw time {ours[0] / raw_[0]:.2f}, queries {ours[1] / raw_[1]:.2f}",
        flush=True,
    )


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="2000,8000", help="comma-separated contract counts")
    parser.add_argument("--db", default=f"bench_it_park_invoicing_{os.getpid()}")
    parser.add_argument("--keep", action="store_true", help="keep the database")
    parser.add_argument("--only", choices=["ours"], help="measure only our invoicing")
    args = parser.parse_args()
    sizes = [int(size) for size in args.sizes.split(",")]
    sh("dropdb", "--if-exists", args.db)
    sh(
        "scripts/odoo.sh",
        "-d",
        args.db,
        "-i",
        "it_park",
        "--without-demo=all",
        "--stop-after-init",
        "--log-level=warn",
        "--http-port=0",
    )
    try:
        registry = setup_odoo(args.db)
        made = 0
        for size in sizes:
            with registry.cursor() as cr:
                env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
                today = odoo.fields.Date.context_today(env["res.users"])
                start = time.perf_counter()
                generate(env, size - made, today)
                print(f"generated {size - made} contracts in {time.perf_counter() - start:.0f}s")
                made = size
            measure(registry, today, args.only)
    finally:
        odoo.sql_db.close_all()
        if not args.keep:
            sh("dropdb", "--if-exists", args.db)


if __name__ == "__main__":
    main()
