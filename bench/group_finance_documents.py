"""Benchmark of a customer's documents tab (OCA dms + group_finance) next to the chatter's
attachments (run by hand: .venv/bin/python bench/group_finance_documents.py, or
make bench ARGS=group_finance_documents).

Creates a throw-away database with group_finance (no demo data; ``--reuse`` keeps an existing
one), one customer and a finance user (group_finance.group_user, not superuser). The customer
gets N documents (a small PDF each, with a category, half with an expiry date) and the same N
files as plain chatter attachments (``ir.attachment`` on the partner): the first document and
attachment made by the ORM, the others copied from them in SQL. Commit, VACUUM ANALYZE, then,
as the finance user, each measured ``--runs`` times after one warm-up:

- dms page: the documents list as the web client asks it (``web_search_read`` of the list
  view's fields, 80 rows and the total count), with our record rules (confidentiality, HR,
  company, portal) and OCA dms's folder access groups applied;
- dms all: ``search_read`` of the N documents (name, category, expiry, size);
- chatter: the chatter's attachment box as ``/mail/thread/data`` builds it
  (``Store(thread, as_thread=True, request_list=["attachments"])``: every attachment of the
  record, formatted for the client).

Prints times (median), query counts and the ratios dms/chatter.
"""

import argparse
import base64
import statistics
import subprocess
import time

from _benchlib import create_database, setup_odoo

import odoo
from odoo import Command

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
LIST_SPEC = {
    "name": {},
    "gf_category": {},
    "gf_record_name": {},
    "gf_expiry_date": {},
    "gf_expiry_state": {},
    "write_date": {},
    "human_size": {},
    "mimetype": {},
    "tag_ids": {"fields": {"display_name": {}, "color": {}}},
    "active": {},
    "is_locked": {},
    "is_lock_editor": {},
}
CATEGORIES = ["contract", "insurance", "legal", "technical", "invoicing", "certification", "other"]


def copy_rows(env, table, template_id, overrides, source, condition="TRUE"):
    """INSERT copies of row ``template_id`` of ``table``: one per row of ``source`` (a FROM
    clause giving ``n``, and ``f`` for the documents), with the columns of ``overrides`` computed
    (SQL expressions); every other column is the template's."""
    env.cr.execute(
        "SELECT column_name FROM information_schema.columns"
        " WHERE table_name = %s AND column_name != 'id'",
        [table],
    )
    columns = [row[0] for row in env.cr.fetchall()]
    select = ", ".join(overrides.get(col, f't."{col}"') for col in columns)
    names = ", ".join(f'"{col}"' for col in columns)
    env.cr.execute(
        f'INSERT INTO "{table}" ({names}) SELECT {select} FROM "{table}" t, {source}'
        f" WHERE t.id = {int(template_id)} AND {condition}"
    )


def generate(env, count):
    """One customer with ``count`` documents and ``count`` chatter attachments: the first of
    each made by the ORM (dms.file.create with its content in the filestore, ir.attachment
    create), the others copied from it in SQL (dms's own create checks the name against every
    file of the folder: 10,000 creates in one folder take the better part of an hour)."""
    customer = env["res.partner"].create({"name": "EDF Renouvelables (bench)", "is_company": True})
    user = env["res.users"].create(
        {
            "name": "Bench finance",
            "login": "bench_gf_documents",
            "groups_id": [Command.set([env.ref("group_finance.group_user").id])],
        }
    )
    directory = env["dms.field.template"]._gf_directory(customer)
    content = base64.b64encode(PDF)
    template = (
        env["dms.file"]
        .with_context(tracking_disable=True)
        .create(
            {
                "name": "document-00000.pdf",
                "directory_id": directory.id,
                "content": content,
                "gf_category": "contract",
            }
        )
    )
    attachment = env["ir.attachment"].create(
        {
            "name": "document-00000.pdf",
            "datas": content,
            "res_model": "res.partner",
            "res_id": customer.id,
        }
    )
    env.flush_all()
    content_attachment = env["ir.attachment"].search(
        [("res_model", "=", "dms.file"), ("res_id", "=", template.id), ("res_field", "!=", False)]
    )
    series = f"generate_series(1, {int(count) - 1}) AS n"
    copy_rows(
        env,
        "dms_file",
        template.id,
        {
            "name": "'document-' || lpad(n::text, 5, '0') || '.pdf'",
            "gf_category": "(ARRAY['contract','insurance','legal','technical','invoicing',"
            "'certification','other'])[1 + n % 7]",
            "gf_expiry_date": "CASE WHEN n % 2 = 1 THEN DATE '2027-01-15' + (n % 365) END",
            "access_token": "NULL",
        },
        series,
    )
    copy_rows(
        env,
        "ir_attachment",
        content_attachment.id,
        {"res_id": "f.id"},
        "dms_file f",
        f"f.directory_id = {directory.id} AND f.id != {template.id}",
    )
    copy_rows(
        env,
        "ir_attachment",
        attachment.id,
        {"name": "'document-' || lpad(n::text, 5, '0') || '.pdf'"},
        series,
    )
    env.cr.commit()
    return customer.id, user.id


def timed(env, runs, func):
    func()
    env.invalidate_all()
    times, queries = [], []
    for _ in range(runs):
        env.invalidate_all()
        start_count, start = env.cr.sql_log_count, time.perf_counter()
        result = func()
        times.append(time.perf_counter() - start)
        queries.append(env.cr.sql_log_count - start_count)
    return statistics.median(times), max(queries), result


def measure(registry, customer_id, user_id, runs):
    from odoo.addons.mail.tools.discuss import Store

    subprocess.run(["psql", "-q", "-d", registry.db_name, "-c", "VACUUM ANALYZE"], check=True)
    with registry.cursor() as cr:
        env = odoo.api.Environment(cr, user_id, {"lang": "en_US"})
        domain = [("res_model", "=", "res.partner"), ("res_id", "=", customer_id)]
        File = env["dms.file"]
        partner = env["res.partner"].browse(customer_id)

        def dms_page():
            result = File.web_search_read(domain, LIST_SPEC, limit=80, count_limit=100001)
            return result["length"]

        def dms_all():
            return len(
                File.search_read(
                    domain, ["name", "gf_category", "gf_expiry_date", "human_size", "mimetype"]
                )
            )

        def chatter():
            result = Store(partner, as_thread=True, request_list=["attachments"]).get_result()
            threads = result.get("res.partner") or result.get("Thread") or []
            return len(result.get("ir.attachment", [])) or threads

        rows = {}
        for label, func in (("dms page (80 + count)", dms_page), ("dms all", dms_all),
                            ("chatter attachments", chatter)):  # fmt: skip
            rows[label] = timed(env, runs, func)
        cr.rollback()
    base = rows["chatter attachments"][0]
    for label, (seconds, queries, result) in rows.items():
        print(
            f"  {label:<24} {seconds * 1000:9.1f} ms  {queries:4d} queries  "
            f"rows={result}  ratio to chatter {seconds / base:5.2f}"
        )


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--db", default="bench_gf_documents")
    parser.add_argument("--count", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--reuse", action="store_true", help="use the existing database --db")
    parser.add_argument("--keep", action="store_true", help="keep the database")
    args = parser.parse_args()
    if not args.reuse:
        create_database(args.db, modules="group_finance")
    try:
        registry = setup_odoo(args.db)
        with registry.cursor() as cr:
            env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
            start = time.perf_counter()
            customer_id, user_id = generate(env, args.count)
            print(f"generated {args.count} documents + {args.count} attachments in "
                  f"{time.perf_counter() - start:.0f}s")  # fmt: skip
        print(f"{args.count:,} documents of one customer, as a finance user (median of "
              f"{args.runs}):")  # fmt: skip
        measure(registry, customer_id, user_id, args.runs)
    finally:
        odoo.sql_db.close_all()
        if not args.keep:
            subprocess.run(["dropdb", "--if-exists", args.db], check=True)


if __name__ == "__main__":
    main()
