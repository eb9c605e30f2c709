"""Benchmark of the IT park recurring invoicing (run: .venv/bin/python bench/it_park_invoicing.py).

Creates a throw-away database with it_park (no demo data), generates N maintenance contracts
(OCA ``contract``, one monthly post-paid line each, one period due), commits and runs VACUUM
ANALYZE: that database is the template. Each approach then runs on its own copy of it
(``createdb -T``), committing as it does in production, and prints time and query count with
ratios measured in the same run:

- ours: the scheduled job ``contract.contract.cron_recurring_create_invoice`` (chunks of 200
  contracts, one commit per chunk, posted invoices, idempotency and per-contract error
  isolation);
- stock: the OCA cron ``_cron_recurring_create`` as OCA ships it (it_park's overrides of
  OCA's invoicing methods are patched out for that run: draft invoices of every due contract in
  one transaction, committed at the end as ``ir.cron`` does), then ``action_post`` of its
  invoices and a commit (the same end state as ours);
- raw: one batched ``account.move.create`` of the same invoice values + ``action_post`` and a
  commit (the floor; the values are prepared outside the timing).

    .venv/bin/python bench/it_park_invoicing.py                  # 2,000 then 8,000 contracts
    .venv/bin/python bench/it_park_invoicing.py --sizes 500      # quicker
    .venv/bin/python bench/it_park_invoicing.py --only ours      # our invoicing only
The databases are dropped at the end (``--keep`` keeps the template).
"""

import argparse
import os
import time
from contextlib import ExitStack
from unittest.mock import patch

from _benchlib import create_database, setup_odoo, sh
from dateutil.relativedelta import relativedelta

import odoo
from odoo import Command

CUSTOMERS = 200


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
    cr.commit()
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


def ours(env, today):
    env["contract.contract"].cron_recurring_create_invoice(today)  # commits per chunk
    return env["account.move"].search([("it_contract_id", "!=", False)])


# it_park's overrides of OCA contract's invoicing methods (models/contract_contract.py)
IT_PARK_OVERRIDES = [
    "_cron_recurring_create",
    "_recurring_create_invoice",
    "_prepare_recurring_invoices_values",
    "_prepare_invoice",
    "_add_contract_origin",
    "_invoice_followers",
    "_get_related_invoices",
]


def stock(env, today):
    from odoo.addons.contract.models.contract import ContractContract as OcaContract

    Contract = type(env["contract.contract"])
    with ExitStack() as stack:
        for name in IT_PARK_OVERRIDES:
            stack.enter_context(patch.object(Contract, name, getattr(OcaContract, name)))
        env["contract.contract"]._cron_recurring_create(today, create_type="invoice")
    env.cr.commit()  # ir.cron commits the job at its end
    drafts = env["account.move"].search([("state", "=", "draft")])
    drafts.action_post()
    return drafts


def raw(env, today, values):
    created = env["account.move"].create(values)
    created.action_post()
    return created


def close(db):
    odoo.modules.registry.Registry.delete(db)
    odoo.sql_db.close_db(db)


def run_on_copy(template, copy, today, approach):
    """Run ``approach`` on a fresh copy of ``template``: (seconds, queries, contracts due)."""
    sh("createdb", "-T", template, copy)
    try:
        registry = odoo.modules.registry.Registry(copy)
        with registry.cursor() as cr:
            env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
            due = env["contract.contract"].search_count([("recurring_next_date", "<=", today)])
            if approach == "raw":
                values = raw_values(env, today)
                env.invalidate_all()
                func = lambda: raw(env, today, values)  # noqa: E731
            else:
                func = lambda: {"ours": ours, "stock": stock}[approach](env, today)  # noqa: E731
            moves, seconds, queries = timed(env, func)
            moves.invalidate_recordset()
            assert len(moves) == due and set(moves.mapped("state")) == {"posted"}, len(moves)
        return seconds, queries, due
    finally:
        close(copy)
        sh("dropdb", "--if-exists", copy)


def measure(template, today, only=None):
    results = {}
    for approach in ["ours"] if only else ["ours", "stock", "raw"]:
        seconds, queries, due = run_on_copy(template, f"{template}_{approach}", today, approach)
        results[approach] = (seconds, queries)
        print(f"  {approach}: {seconds:.1f}s {queries} queries", flush=True)
    ours_ = results["ours"]
    line = (
        f"{due} contracts due | ours {ours_[0]:.1f}s {ours_[1]} queries "
        f"({ours_[1] / due:.1f}/invoice)"
    )
    if not only:
        stock_, raw_ = results["stock"], results["raw"]
        line += (
            f" | stock OCA cron + post {stock_[0]:.1f}s {stock_[1]} queries"
            f" | raw create + post {raw_[0]:.1f}s {raw_[1]} queries"
            f" | ours/stock time {ours_[0] / stock_[0]:.2f}, queries {ours_[1] / stock_[1]:.2f}"
            f" | ours/raw time {ours_[0] / raw_[0]:.2f}, queries {ours_[1] / raw_[1]:.2f}"
        )
    print(line, flush=True)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="2000,8000", help="comma-separated contract counts")
    parser.add_argument("--db", default=f"bench_it_park_invoicing_{os.getpid()}")
    parser.add_argument("--keep", action="store_true", help="keep the template database")
    parser.add_argument("--only", choices=["ours"], help="measure only our invoicing")
    args = parser.parse_args()
    sizes = [int(size) for size in args.sizes.split(",")]
    create_database(args.db)
    try:
        setup_odoo(args.db)
        made = 0
        for size in sizes:
            registry = odoo.modules.registry.Registry(args.db)
            with registry.cursor() as cr:
                env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
                today = odoo.fields.Date.context_today(env["res.users"])
                start = time.perf_counter()
                generate(env, size - made, today)
                print(f"generated {size - made} contracts in {time.perf_counter() - start:.0f}s")
                made = size
            close(args.db)  # createdb -T needs the template without connections
            sh("psql", "-q", "-d", args.db, "-c", "VACUUM ANALYZE")
            measure(args.db, today, args.only)
    finally:
        odoo.sql_db.close_all()
        if not args.keep:
            sh("dropdb", "--if-exists", args.db)


if __name__ == "__main__":
    main()
