"""Benchmark of the IT park alert job (run by hand: .venv/bin/python bench/it_park_alerts.py).

Creates a throw-away database with it_park (no demo data), generates 1,000 then 100,000 IT assets
(and 200 then 20,000 licences) with ``INSERT ... SELECT generate_series``, commits, runs
VACUUM ANALYZE, then runs ``_cron_it_park_alerts`` and prints its time and query count next to a
plain ``search`` over the same records. Each cron run is rolled back so that both sizes start from
the same state. The database is dropped at the end (``--keep`` keeps it).
"""

import argparse
import subprocess
import time

from _benchlib import create_database, setup_odoo

import odoo
from odoo.tools import SQL

CUSTOMERS = 200


def generate(env, start, assets, licences, licence_start):
    """``assets`` assets numbered from ``start``, ``licences`` licences numbered from
    ``licence_start``; expiry dates spread over 5 years."""
    company = env.company
    admin = env.ref("base.user_admin").id
    customers = env["res.partner"].search([("name", "like", "Bench customer %")], order="id")
    if not customers:
        customers = env["res.partner"].create(
            [
                {
                    "name": f"Bench customer {i}",
                    "is_company": True,
                    "user_id": admin,
                }
                for i in range(CUSTOMERS)
            ]
        )
    software = env["it.software"].search([("name", "=", "Bench software")]) or env[
        "it.software"
    ].create({"name": "Bench software"})
    env.flush_all()
    ids = customers.ids
    env.cr.execute(
        SQL(
            """
            INSERT INTO maintenance_equipment (
                name, is_it_asset, active, customer_id, company_id, inventory_tag, it_state,
                warranty_date, effective_date, equipment_assign_to, technician_user_id,
                create_uid, write_uid,
                create_date, write_date)
            SELECT jsonb_build_object('en_US', 'Asset ' || n), TRUE, TRUE,
                   (%(customers)s::int[])[1 + mod(n, %(nb)s)], %(company)s, 'BENCH-' || n,
                   'deployed',
                   CURRENT_DATE - 365 + mod(n::bigint * 7919, 1826)::int, CURRENT_DATE,
                   'other', 2, 1, 1,
                   NOW(), NOW()
              FROM generate_series(%(start)s, %(stop)s) AS n
            """,
            customers=ids,
            nb=len(ids),
            company=company.id,
            start=start,
            stop=start + assets - 1,
        )
    )
    env.cr.execute(
        SQL(
            """
            INSERT INTO it_license (
                name, software_id, customer_id, company_id, license_type, seats, seats_used,
                is_over_quota, active, date_end, user_id, create_uid, write_uid, create_date,
                write_date)
            SELECT 'Licence ' || n, %(software)s, (%(customers)s::int[])[1 + mod(n, %(nb)s)],
                   %(company)s, 'subscription', 5, 0, FALSE, TRUE,
                   CURRENT_DATE - 365 + mod(n::bigint * 104729, 1826)::int, 2, 1, 1, NOW(), NOW()
              FROM generate_series(%(start)s, %(stop)s) AS n
            """,
            software=software.id,
            customers=ids,
            nb=len(ids),
            company=company.id,
            start=licence_start,
            stop=licence_start + licences - 1,
        )
    )
    # warranty_state is stored: give it its value as the ORM would
    env["it.park.alert"]._it_park_refresh_warranty_states(odoo.fields.Date.today())
    env.cr.execute(
        "UPDATE maintenance_equipment SET warranty_state = 'valid'"
        " WHERE warranty_state IS NULL AND warranty_date IS NOT NULL"
    )
    env.cr.commit()


def measure(registry, label):
    subprocess.run(["psql", "-q", "-d", registry.db_name, "-c", "VACUUM ANALYZE"], check=True)
    with registry.cursor() as cr:
        env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
        # warm the registry caches (ir.model ids, xmlids...) with one run, then start again
        env["it.park.alert"]._cron_it_park_alerts()
        cr.rollback()
        env.invalidate_all()
        assets = env["maintenance.equipment"].search_count([("is_it_asset", "=", True)])
        licences = env["it.license"].search_count([])
        env.invalidate_all()
        start_count, start = cr.sql_log_count, time.perf_counter()
        created = env["it.park.alert"]._cron_it_park_alerts()
        cron_time, cron_queries = time.perf_counter() - start, cr.sql_log_count - start_count
        env.invalidate_all()
        start_count, start = cr.sql_log_count, time.perf_counter()
        found = len(env["maintenance.equipment"].search([("is_it_asset", "=", True)]))
        found += len(env["it.license"].search([]))
        search_time, search_queries = time.perf_counter() - start, cr.sql_log_count - start_count
        cr.rollback()
    print(
        f"{label}: {assets} assets, {licences} licences -> cron {cron_time:.3f}s, "
        f"{cron_queries} queries, {created} reminders | plain search of {found} records "
        f"{search_time:.3f}s, {search_queries} queries | cron/search time ratio "
        f"{cron_time / search_time:.1f}"
    )
    return cron_queries


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--db", default="bench_it_park")
    parser.add_argument("--keep", action="store_true", help="keep the database")
    args = parser.parse_args()
    create_database(args.db)
    try:
        registry = setup_odoo(args.db)
        counts = []
        done, done_licences = 0, 0
        for assets, licences in [(1_000, 200), (100_000, 20_000)]:
            with registry.cursor() as cr:
                env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
                generate(env, done + 1, assets - done, licences - done_licences, done_licences + 1)
            done, done_licences = assets, licences
            counts.append(measure(registry, f"{assets:>7,} assets"))
        print("query count constant:", "yes" if len(set(counts)) == 1 else f"NO {counts}")
    finally:
        odoo.sql_db.close_all()
        if not args.keep:
            subprocess.run(["dropdb", "--if-exists", args.db], check=True)


if __name__ == "__main__":
    main()
