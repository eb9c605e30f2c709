"""Benchmark of the customer portal's /my/assets next to /my/invoices (run by hand:
.venv/bin/python bench/it_park_portal.py, or make bench ARGS=it_park_portal).

Creates a throw-away database with it_park (no demo data) and one customer with a portal login,
gives that customer 100 IT assets and 100 posted invoices, then 5,000 of each (assets inserted
with ``INSERT ... SELECT generate_series``; one invoice made and posted by the ORM, then its
header and follower rows copied in SQL: the invoice list only reads the header). After each size
it commits, runs VACUUM ANALYZE, starts an Odoo HTTP server, logs in as the portal user and
requests each page ``--runs`` times after two warm-up requests. Query counts come from the
server's own request log (``werkzeug`` line: queries, SQL time, other time); times are the
client's wall-clock. The database is dropped at the end (``--keep`` keeps it).
"""

import argparse
import os
import re
import signal
import statistics
import subprocess
import time

import requests
from _benchlib import ROOT, create_database, free_port, setup_odoo

import odoo
from odoo import Command
from odoo.tools import SQL

PORTAL_LOGIN = "bench_portal"
ROUTES = ["/my/assets", "/my/invoices"]
LOG_RE = re.compile(r'"GET (?P<path>\S+) HTTP/[\d.]+" (?P<status>\d+) \S+ (?P<queries>\d+) ')


def setup_customer(env):
    """The customer, its two sites, its portal user and one posted invoice (the model)."""
    Partner = env["res.partner"]
    customer = Partner.create({"name": "Groupe Hospitalier Rhône", "is_company": True})
    sites = Partner.create(
        [
            {"name": f"Site {city}", "parent_id": customer.id, "type": "other"}
            for city in ("Lyon", "Villeurbanne", "Vénissieux", "Bron")
        ]
    )
    contact = Partner.create(
        {"name": "Claire Girard", "parent_id": customer.id, "email": "claire@ghr.example.fr"}
    )
    env["res.users"].create(
        {
            "name": contact.name,
            "login": PORTAL_LOGIN,
            "password": PORTAL_LOGIN,
            "partner_id": contact.id,
            "groups_id": [Command.set([env.ref("base.group_portal").id])],
        }
    )
    product = env["product.product"].create({"name": "Forfait infogérance", "list_price": 150})
    invoice = env["account.move"].create(
        {
            "move_type": "out_invoice",
            "partner_id": customer.id,
            "invoice_date": "2026-01-31",
            "invoice_line_ids": [Command.create({"product_id": product.id, "price_unit": 150})],
        }
    )
    invoice.action_post()
    return customer, sites, invoice


def generate(env, customer, sites, invoice, start, count):
    """``count`` assets and invoices numbered from ``start`` (the model invoice is number 1)."""
    categories = env["it.asset.category"].search([]).ids
    env.flush_all()
    env.cr.execute(
        SQL(
            """
            INSERT INTO maintenance_equipment (
                name, is_it_asset, active, customer_id, site_id, it_category_id, company_id,
                inventory_tag, serial_no, it_state, warranty_date, warranty_state,
                effective_date, equipment_assign_to, create_uid, write_uid, create_date,
                write_date)
            SELECT jsonb_build_object('en_US', 'Poste ' || n), TRUE, TRUE, %(customer)s,
                   (%(sites)s::int[])[1 + mod(n, %(nb_sites)s)],
                   (%(categories)s::int[])[1 + mod(n, %(nb_categories)s)], %(company)s,
                   'GHR-' || n, 'SN-' || n, 'deployed',
                   CURRENT_DATE - 365 + mod(n::bigint * 7919, 1826)::int,
                   CASE WHEN mod(n::bigint * 7919, 1826) < 365 THEN 'expired'
                        WHEN mod(n::bigint * 7919, 1826) < 425 THEN 'expiring'
                        ELSE 'valid' END,
                   CURRENT_DATE, 'other', 1, 1, NOW(), NOW()
              FROM generate_series(%(start)s, %(stop)s) AS n
            """,
            customer=customer.id,
            sites=sites.ids,
            nb_sites=len(sites),
            categories=categories,
            nb_categories=len(categories),
            company=env.company.id,
            start=start,
            stop=start + count - 1,
        )
    )
    # invoices: copies of the header of the posted model invoice, and of its followers (the
    # portal's invoice rule goes through the followers)
    env.cr.execute(
        """SELECT column_name FROM information_schema.columns
            WHERE table_name = 'account_move' AND column_name NOT IN ('id', 'name',
                  'sequence_number', 'payment_reference', 'access_token')"""
    )
    columns = [row[0] for row in env.cr.fetchall()]
    copied = SQL(", ").join(SQL.identifier(column) for column in columns)
    env.cr.execute(
        SQL(
            """
            WITH moves AS (
                INSERT INTO account_move (%(copied)s, name, sequence_number, payment_reference)
                SELECT %(copied)s, 'FAC/BENCH/' || n, n, 'FAC/BENCH/' || n
                  FROM account_move, generate_series(%(start)s, %(stop)s) AS n
                 WHERE id = %(model)s
             RETURNING id)
            INSERT INTO mail_followers (res_model, res_id, partner_id)
            SELECT 'account.move', moves.id, f.partner_id
              FROM moves, mail_followers f
             WHERE f.res_model = 'account.move' AND f.res_id = %(model)s
            """,
            copied=copied,
            start=max(start, 2),
            stop=start + count - 1,
            model=invoice.id,
        )
    )
    env.cr.commit()


def measure(db, runs, label):
    subprocess.run(["psql", "-q", "-d", db, "-c", "VACUUM ANALYZE"], check=True)
    port = free_port()
    log_path = ROOT / f".run/bench-it-park-portal-{db}.log"
    log_path.parent.mkdir(exist_ok=True)
    with open(log_path, "w") as log:
        server = subprocess.Popen(
            [
                str(ROOT / "scripts/odoo.sh"),
                "-d",
                db,
                f"--http-port={port}",
                "--max-cron-threads=0",
                "--log-level=warn",
                "--log-handler=werkzeug:INFO",
                f"--db-filter=^{db}$",
            ],
            cwd=ROOT,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        base = f"http://127.0.0.1:{port}"
        session = requests.Session()
        for _attempt in range(120):
            try:
                page = session.get(f"{base}/web/login", timeout=30)
                break
            except requests.ConnectionError:
                time.sleep(1)
        csrf = re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)
        session.post(
            f"{base}/web/login",
            data={"login": PORTAL_LOGIN, "password": PORTAL_LOGIN, "csrf_token": csrf},
            timeout=60,
        ).raise_for_status()
        results = {}
        for route in ROUTES:
            for _warm in range(2):
                session.get(base + route, timeout=120).raise_for_status()
            times = []
            for _run in range(runs):
                start = time.perf_counter()
                response = session.get(base + route, timeout=120)
                times.append(time.perf_counter() - start)
                response.raise_for_status()
                assert "/web/login" not in response.url, "not logged in"
            results[route] = times
        time.sleep(0.5)  # let the server write its last log lines
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=60)
    queries = {route: [] for route in ROUTES}
    for line in log_path.read_text().splitlines():
        match = LOG_RE.search(line)
        if match and match["path"] in queries and match["status"] == "200":
            queries[match["path"]].append(int(match["queries"]))
    summary = {}
    for route in ROUTES:
        measured = queries[route][-runs:]
        median = statistics.median(results[route])
        summary[route] = (max(measured), median)
        print(
            f"{label}: {route:<13} median {median * 1000:7.1f} ms over {runs} runs, "
            f"queries per request {sorted(set(measured))}"
        )
    assets, invoices = summary["/my/assets"], summary["/my/invoices"]
    print(
        f"{label}: /my/assets vs /my/invoices: time ratio {assets[1] / invoices[1]:.2f}, "
        f"queries {assets[0]} vs {invoices[0]}"
    )
    return summary


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--db", default="bench_it_park_portal")
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--keep", action="store_true", help="keep the database")
    args = parser.parse_args()
    create_database(args.db)
    try:
        registry = setup_odoo(args.db)
        with registry.cursor() as cr:
            env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
            customer, sites, invoice = setup_customer(env)
            cr.commit()
            ids = customer.id, sites.ids, invoice.id
        summaries, done = [], 0
        for size in (100, 5_000):
            with registry.cursor() as cr:
                env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
                customer = env["res.partner"].browse(ids[0])
                sites = env["res.partner"].browse(ids[1])
                invoice = env["account.move"].browse(ids[2])
                # the ORM-made model invoice counts as one of the ``size`` invoices
                generate(env, customer, sites, invoice, done + 1, size - done)
                assets = env["maintenance.equipment"].search_count([("is_it_asset", "=", True)])
                invoices = env["account.move"].search_count([("move_type", "=", "out_invoice")])
            done = size
            summaries.append(
                measure(args.db, args.runs, f"{assets:>5,} assets / {invoices:>5,} invoices")
            )
        small, large = summaries
        for route in ROUTES:
            grows = large[route][0] != small[route][0]
            print(
                f"{route}: query count 100 -> 5,000: {small[route][0]} -> {large[route][0]} "
                f"({'GROWS' if grows else 'constant'}), median time x"
                f"{large[route][1] / small[route][1]:.2f}"
            )
    finally:
        odoo.sql_db.close_all()
        if not args.keep:
            subprocess.run(["dropdb", "--if-exists", args.db], check=True)


if __name__ == "__main__":
    main()
