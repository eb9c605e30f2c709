"""Benchmark of the Stock & Fleet dashboard's stock table against Odoo's own stock reports.

Creates a throw-away database with fleet_stock (no demo data), generates ``--articles`` workshop
articles (default 5,000) with stock in ``--depots`` depots (default 5), commits, runs
VACUUM ANALYZE, then times, on cold record caches (registry caches warmed by a first run):
  - ours: ``fs.dashboard._stock_table()`` (stock per article x depot, totals, thresholds, value);
  - Odoo's stock report: ``stock.quant.web_read_group`` grouped by article and location (the
    Inventory report, grouped as the dashboard shows it);
  - Odoo's product quantities: ``qty_available`` of the articles read once per depot (the
    product list with a location in its context), the other way Odoo shows stock per depot.
It prints times, query counts and ratios. The database is dropped at the end (``--keep`` keeps
it). Run it with: make bench ARGS=fleet_stock_dashboard  (options: ARGS="fleet_stock_dashboard
--articles 500").
"""

import argparse
import subprocess
import time

from _benchlib import create_database, setup_odoo, sh

import odoo
from odoo.tools import SQL


def generate(env, articles, depots):
    company = env.company
    warehouse = env["stock.warehouse"].search([("company_id", "=", company.id)], limit=1)
    workshop = warehouse.lot_stock_id
    workshop.write({"fs_depot": True, "name": "Atelier"})
    locations = workshop | env["stock.location"].create(
        [
            {
                "name": f"Camion {i}",
                "usage": "internal",
                "fs_depot": True,
                "location_id": warehouse.view_location_id.id,
                "company_id": company.id,
            }
            for i in range(1, depots)
        ]
    )
    products = env["product.product"].create(
        [
            {
                "name": f"Article {n}",
                "default_code": f"ART-{n:05d}",
                "fs_article": True,
                "is_storable": True,
                "standard_price": 1.0 + n % 50,
            }
            for n in range(articles)
        ]
    )
    env.flush_all()
    env.cr.execute(
        SQL(
            """
            INSERT INTO stock_quant (product_id, location_id, company_id, quantity,
                                     reserved_quantity, in_date, create_uid, write_uid,
                                     create_date, write_date)
            SELECT p, l, %(company)s, 1 + mod(p * 7 + l, 40), 0, NOW(), 1, 1, NOW(), NOW()
              FROM unnest(%(products)s::int[]) AS p, unnest(%(locations)s::int[]) AS l
            """,
            company=company.id,
            products=products.ids,
            locations=locations.ids,
        )
    )
    env["stock.warehouse.orderpoint"].create(
        [
            {
                "product_id": product.id,
                "location_id": workshop.id,
                "warehouse_id": warehouse.id,
                "product_min_qty": 10,
                "product_max_qty": 40,
            }
            for product in products
        ]
    )
    env.cr.commit()
    return products, locations


def timed(env, func):
    func()  # warm the registry caches
    env.invalidate_all()
    cr = env.cr
    start_count, start = cr.sql_log_count, time.perf_counter()
    result = func()
    return time.perf_counter() - start, cr.sql_log_count - start_count, result


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=5000)
    parser.add_argument("--depots", type=int, default=5)
    parser.add_argument("--db", default="bench_fleet_stock")
    parser.add_argument("--keep", action="store_true")
    args = parser.parse_args()
    create_database(args.db, modules="fleet_stock")
    registry = setup_odoo(args.db)
    with registry.cursor() as cr:
        env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
        products, locations = generate(env, args.articles, args.depots)
        product_ids, location_ids = products.ids, locations.ids
    subprocess.run(["psql", "-q", "-d", args.db, "-c", "VACUUM ANALYZE"], check=True)
    with registry.cursor() as cr:
        env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
        products = env["product.product"].browse(product_ids)
        locations = env["stock.location"].browse(location_ids)
        ours_t, ours_q, table = timed(env, lambda: env["fs.dashboard"]._stock_table())
        report_t, report_q, groups = timed(
            env,
            lambda: env["stock.quant"].web_read_group(
                [("location_id", "in", location_ids)],
                ["quantity:sum"],
                ["product_id", "location_id"],
                lazy=False,
            ),
        )

        def quantities_per_depot():
            values = []
            for location in locations:
                values.append(products.with_context(location=location.id).read(["qty_available"]))
            return values

        qty_t, qty_q, _values = timed(env, quantities_per_depot)
        cr.rollback()
    cells = len(table["rows"]) * len(table["depots"])
    print(
        f"{args.articles} articles x {args.depots} depots ({cells} cells, "
        f"{table['below_minimum']} under their minimum)"
    )
    print(f"  ours  fs.dashboard._stock_table   {ours_t:8.3f}s {ours_q:5d} queries")
    print(
        f"  odoo  stock.quant web_read_group  {report_t:8.3f}s {report_q:5d} queries "
        f"({groups['length']} groups)"
    )
    print(f"  odoo  qty_available per depot     {qty_t:8.3f}s {qty_q:5d} queries")
    print(
        f"  ratio ours / stock report {ours_t / report_t:.2f}; "
        f"ours / qty_available per depot {ours_t / qty_t:.2f}"
    )
    if not args.keep:
        odoo.sql_db.close_all()
        sh("dropdb", "--if-exists", args.db)


if __name__ == "__main__":
    main()
