"""360° timeline vs the smart buttons' lists, crm_services (make bench ARGS=crm_services_timeline).

Creates a throw-away database with crm_services (no demo data), gives one customer 100 then
1,000 records of each kind (quotes, posted invoices, reminders, done activities), commits, runs
VACUUM ANALYZE, then times ``crm.timeline.get_timeline`` (100 most recent events per kind,
engagement figures included) against opening the same records the standard way: the list each
smart button opens (``web_search_read`` of its first 80 rows with their count) for quotes,
invoices and reminders, and the chatter's messages. Prints times, query counts and the ratio.
The database is dropped at the end (``--keep`` keeps it, ``--reuse`` reuses a kept one).
"""

import argparse
import subprocess
import time

from _benchlib import create_database, setup_odoo

import odoo

KINDS = ("quotes", "invoices", "reminders", "activities")


def generate(env, partner, count):
    """``count`` more records of each kind for ``partner``, created through the ORM."""
    product = env["product.product"].search([("name", "=", "Bench service")], limit=1)
    if not product:
        product = env["product.product"].create(
            {"name": "Bench service", "type": "service", "list_price": 100.0}
        )
    env["sale.order"].create(
        [
            {
                "partner_id": partner.id,
                "order_line": [(0, 0, {"product_id": product.id, "price_unit": 100.0 + i})],
            }
            for i in range(count)
        ]
    )
    moves = env["account.move"].create(
        [
            {
                "move_type": "out_invoice",
                "partner_id": partner.id,
                "invoice_date": "2026-01-01",
                "invoice_line_ids": [
                    (0, 0, {"name": "Service", "quantity": 1, "price_unit": 100.0, "tax_ids": []})
                ],
            }
            for _i in range(count)
        ]
    )
    moves.action_post()
    env["crm.reminder"].create(
        [{"name": f"Bench reminder {i}", "partner_id": partner.id} for i in range(count)]
    )
    call = env.ref("mail.mail_activity_data_call").id
    env["mail.message"].create(
        [
            {
                "model": "res.partner",
                "res_id": partner.id,
                "mail_activity_type_id": call,
                "body": f"Call {i}",
                "message_type": "notification",
            }
            for i in range(count)
        ]
    )
    env.cr.commit()


def standard_way(env, partner):
    """What the smart buttons and the chatter load: the first page of each list."""
    lists = [
        ("sale.order", [("partner_id", "child_of", partner.ids)], ["name", "date_order",
         "partner_id", "amount_total", "state"]),
        ("account.move", [("partner_id", "child_of", partner.ids),
         ("move_type", "in", ("out_invoice", "out_refund"))], ["name", "invoice_date",
         "partner_id", "amount_total_signed", "payment_state", "state"]),
        ("crm.reminder", [("partner_id", "child_of", partner.ids)], ["date", "name",
         "partner_id", "channel", "state"]),
        ("mail.message", [("model", "=", "res.partner"), ("res_id", "=", partner.id)],
         ["date", "body", "author_id", "mail_activity_type_id"]),
    ]  # fmt: skip
    rows = 0
    for model, domain, names in lists:
        spec = {
            name: ({"fields": {"display_name": {}}} if env[model]._fields[name].relational else {})
            for name in names
        }
        result = env[model].web_search_read(domain, spec, limit=80)
        rows += len(result["records"])
    return rows


def timed(cr, func):
    start_count, start = cr.sql_log_count, time.perf_counter()
    result = func()
    return result, time.perf_counter() - start, cr.sql_log_count - start_count


def measure(registry, partner_id, label, repeat=5):
    subprocess.run(["psql", "-q", "-d", registry.db_name, "-c", "VACUUM ANALYZE"], check=True)
    with registry.cursor() as cr:
        env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
        partner = env["res.partner"].browse(partner_id)
        env["crm.timeline"].get_timeline(partner.id)  # warm the registry caches
        standard_way(env, partner)
        best = {}
        for name, func in (
            ("timeline", lambda: len(env["crm.timeline"].get_timeline(partner.id)["events"])),
            ("standard", lambda: standard_way(env, partner)),
        ):
            runs = []
            for _i in range(repeat):
                env.invalidate_all()
                runs.append(timed(cr, func))
            best[name] = min(runs, key=lambda run: run[1])
        cr.rollback()
    (events, t_time, t_queries), (rows, s_time, s_queries) = best["timeline"], best["standard"]
    print(
        f"{label}: timeline {events} events + figures {t_time * 1000:.0f} ms, {t_queries} queries"
        f" | smart-button lists {rows} rows {s_time * 1000:.0f} ms, {s_queries} queries"
        f" | timeline/standard time ratio {t_time / s_time:.2f} (best of {repeat})"
    )
    return t_queries


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--db", default="bench_crm_services")
    parser.add_argument("--keep", action="store_true", help="keep the database")
    parser.add_argument("--reuse", action="store_true", help="reuse a kept database")
    parser.add_argument("--sizes", default="100,1000", help="records of each kind, in steps")
    args = parser.parse_args()
    if not args.reuse:
        create_database(args.db, "crm_services")
    try:
        registry = setup_odoo(args.db)
        with registry.cursor() as cr:
            env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
            partner = env["res.partner"].create(
                {"name": "Bench customer", "is_company": True, "crm_category": "customer"}
            )
            cr.commit()
            partner_id = partner.id
        counts, done = [], 0
        for size in [int(size) for size in args.sizes.split(",")]:
            with registry.cursor() as cr:
                env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
                start = time.perf_counter()
                generate(env, env["res.partner"].browse(partner_id), size - done)
                elapsed = time.perf_counter() - start
                print(f"generated {size - done} more of each kind in {elapsed:.0f}s")
            done = size
            counts.append(measure(registry, partner_id, f"{size:>6,} of each kind"))
        print("timeline query count constant:", "yes" if len(set(counts)) == 1 else f"NO {counts}")
    finally:
        odoo.sql_db.close_all()
        if not args.keep:
            subprocess.run(["dropdb", "--if-exists", args.db], check=True)


if __name__ == "__main__":
    main()
