"""Benchmark of btp_light's progress invoicing (run: .venv/bin/python bench/btp_light_invoicing.py).

Creates a throw-away database with btp_light (no demo data), generates N accepted construction
quotes (two lines each) with a 30 % progress entered, commits and runs VACUUM ANALYZE: that
database is the template. Each approach then runs on its own copy of it (``createdb -T``):

- ours: a situation per quote (``action_btp_situation``) then ``action_post`` with the 5 %
  retention guarantee (one retention entry per invoice, reconciled with it);
- stock: the same quotes with a 0 % retention: sale's own ``_create_invoices`` and
  ``action_post``, nothing of ours added (the cost of Odoo's invoicing alone).

    .venv/bin/python bench/btp_light_invoicing.py                # 100 then 400 quotes
    .venv/bin/python bench/btp_light_invoicing.py --sizes 50     # quicker
The databases are dropped at the end (``--keep`` keeps the template).
"""

import argparse
import os
import time

from _benchlib import create_database, setup_odoo, sh

import odoo
from odoo import Command


def setup(env):
    """Retention account, a 20 % tax, a service product, 50 customers (once)."""
    product = env["product.product"].search([("name", "=", "Lot")], limit=1)
    if product:
        return product, env["res.partner"].search([("btp_jde_address_number", "!=", False)])
    env.company.btp_retention_account_id = env["account.account"].create(
        {
            "name": "Clients - Retenues de garantie",
            "code": "411799",
            "account_type": "asset_receivable",
            "reconcile": True,
        }
    )
    tax = env["account.tax"].create({"name": "TVA 20 %", "amount": 20.0, "type_tax_use": "sale"})
    product = env["product.product"].create(
        {
            "name": "Lot",
            "type": "service",
            "invoice_policy": "delivery",
            "taxes_id": [Command.set(tax.ids)],
        }
    )
    partners = env["res.partner"].create(
        [{"name": f"Client {i}", "btp_jde_address_number": str(10000 + i)} for i in range(50)]
    )
    return product, partners


def generate(env, count):
    """``count`` accepted quotes (a lump sum and 120 m²) with 30 % progress entered."""
    product, partners = setup(env)
    lines = [(1, 10000.0), (120, 45.0)]
    orders = env["sale.order"].create(
        [
            {
                "partner_id": partners[i % len(partners)].id,
                "btp_is_construction": True,
                "order_line": [
                    Command.create(
                        {"product_id": product.id, "product_uom_qty": qty, "price_unit": price}
                    )
                    for qty, price in lines
                ],
            }
            for i in range(count)
        ]
    )
    orders.action_confirm()
    orders.order_line.write({"btp_progress": 30.0})


def timed(env, func):
    cr = env.cr
    env.flush_all()
    start_count, start = cr.sql_log_count, time.perf_counter()
    result = func()
    env.flush_all()
    cr.commit()
    return result, time.perf_counter() - start, cr.sql_log_count - start_count


def ours(env):
    orders = env["sale.order"].search([("btp_is_construction", "=", True), ("state", "=", "sale")])
    invoices = env["account.move"]
    for order in orders:
        invoices |= env["account.move"].browse(order.action_btp_situation()["res_id"])
    invoices.action_post()
    return invoices


def stock(env):
    orders = env["sale.order"].search([("btp_is_construction", "=", True), ("state", "=", "sale")])
    orders.write({"btp_retention_rate": 0.0})
    invoices = env["account.move"]
    for order in orders:
        invoices |= order._create_invoices()
    invoices.action_post()
    return invoices


def close(db):
    odoo.modules.registry.Registry.delete(db)
    odoo.sql_db.close_db(db)


def run_on_copy(template, copy, approach):
    sh("createdb", "-T", template, copy)
    try:
        registry = odoo.modules.registry.Registry(copy)
        with registry.cursor() as cr:
            env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
            moves, seconds, queries = timed(
                env, lambda: {"ours": ours, "stock": stock}[approach](env)
            )
            retained = sum(moves.mapped("btp_retention_amount"))
            assert set(moves.mapped("state")) == {"posted"}
        return seconds, queries, len(moves), retained
    finally:
        close(copy)
        sh("dropdb", "--if-exists", copy)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="100,400", help="comma-separated quote counts")
    parser.add_argument("--db", default=f"bench_btp_light_{os.getpid()}")
    parser.add_argument("--keep", action="store_true", help="keep the template database")
    args = parser.parse_args()
    sizes = [int(size) for size in args.sizes.split(",")]
    create_database(args.db, "btp_light")
    try:
        setup_odoo(args.db)
        made = 0
        for size in sizes:
            registry = odoo.modules.registry.Registry(args.db)
            with registry.cursor() as cr:
                env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
                start = time.perf_counter()
                generate(env, size - made)
                print(f"generated {size - made} quotes in {time.perf_counter() - start:.0f}s")
                made = size
            close(args.db)
            sh("psql", "-q", "-d", args.db, "-c", "VACUUM ANALYZE")
            results = {}
            for approach in ("ours", "stock"):
                results[approach] = run_on_copy(args.db, f"{args.db}_{approach}", approach)
                seconds, queries, count, retained = results[approach]
                print(
                    f"  {approach}: {count} invoices {seconds:.1f}s {queries} queries,"
                    f" retained {retained:.2f}"
                )
            (os_, oq, count, _r), (ss, sq, _c, _r2) = results["ours"], results["stock"]
            print(
                f"{count} situations | ours {os_:.1f}s {oq} queries ({oq / count:.1f}/invoice)"
                f" | stock {ss:.1f}s {sq} queries ({sq / count:.1f}/invoice) | ours/stock time"
                f" {os_ / ss:.2f}, queries {oq / sq:.2f}",
                flush=True,
            )
    finally:
        odoo.sql_db.close_all()
        if not args.keep:
            sh("dropdb", "--if-exists", args.db)


if __name__ == "__main__":
    main()
