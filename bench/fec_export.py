"""Benchmark of the group FEC export: ours (pre-flight check + core's exporter) vs core alone.

Builds a database with group_finance and its demo data (the group's companies on the l10n_fr
chart) and, in the company LEXA 2, inserts N posted journal items (N/2 balanced two-line entries
spread over 2026, half on customers with a partner) straight in SQL, and runs VACUUM ANALYZE.
Each approach then runs in a fresh Python process on that database (so that peak memory is its
own), for the same company and year:

- core: ``l10n_fr.fec.export.wizard.generate_fec()`` as core ships it (the batch-size parameter
  ``l10n_fr_fec.batch_size`` unset: core fetches up to 500,000 lines at once);
- ours: ``action_gf_export()`` in test mode: the pre-flight check (six grouped SQL queries), core's
  ``generate_fec()`` with the same default batch, and the file stored as an attachment;
- ours_50k: the same with core's parameter ``l10n_fr_fec.batch_size`` set to 50,000 (less memory:
  core's fetch holds fewer rows at once; more time: core pages with OFFSET, sorting again per page).

Time is wall-clock of the call; memory is the peak resident set size during the call minus the
resident size just before it (``/proc/self/clear_refs`` resets the peak first). Ratios are
ours / core, measured in the same run.

    .venv/bin/python bench/fec_export.py                        # 500,000 lines
    .venv/bin/python bench/fec_export.py --lines 100000         # quicker
    .venv/bin/python bench/fec_export.py --template mydb        # copy an existing database
                                                                # with group_finance's demo
                                                                # instead of installing one
The database is dropped at the end unless ``--keep``.
"""

import argparse
import json
import os
import subprocess
import sys
import time

from _benchlib import ROOT, setup_odoo, sh

DB = "bench_fec_export"


def _rss_kb(field):
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith(field + ":"):
                return int(line.split()[1])
    return 0


def generate(db, lines):
    from odoo import SUPERUSER_ID, api

    registry = setup_odoo(db)
    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {})
        # a demo company of the group on the French chart, with little of its own data
        company = env.ref("group_finance.company_lexa2")
        env = env(context={"allowed_company_ids": company.ids})
        chart = env["account.chart.template"].with_company(company)
        journal = env["account.journal"].search(
            [("company_id", "=", company.id), ("type", "=", "general")], limit=1
        )
        accounts = [chart.ref(x).id for x in ("pcg_6061", "fr_pcg_recv", "pcg_5121", "pcg_706")]
        partners = env["res.partner"].create(
            [{"name": f"Bench client {i}", "is_company": True} for i in range(200)]
        )
        cr.commit()
        moves = lines // 2
        cr.execute(
            """
            INSERT INTO account_move (name, journal_id, company_id, currency_id, state,
                                      move_type, auto_post, date, sequence_prefix,
                                      sequence_number, ref, create_date, write_date,
                                      create_uid, write_uid)
            SELECT 'BENCH/2026/' || LPAD(n::text, 7, '0'), %(journal)s, %(company)s,
                   %(currency)s, 'posted', 'entry', 'no',
                   DATE '2026-01-01' + (n %% 365), 'BENCH/2026/', n, 'Pièce ' || n,
                   NOW(), NOW(), 1, 1
              FROM generate_series(1, %(moves)s) n
            RETURNING id
            """,
            {"journal": journal.id, "company": company.id, "currency": company.currency_id.id,
             "moves": moves},
        )  # fmt: skip
        cr.execute(
            """
            INSERT INTO account_move_line (move_id, journal_id, company_id, account_id,
                                           partner_id, date, parent_state, name, move_name,
                                           debit, credit, balance, amount_currency,
                                           currency_id, company_currency_id, display_type,
                                           create_date, write_date, create_uid, write_uid)
            SELECT m.id, m.journal_id, m.company_id,
                   CASE WHEN side = 1 THEN %(expense)s
                        WHEN m.sequence_number %% 2 = 0 THEN %(receivable)s ELSE %(bank)s END,
                   CASE WHEN side = 2 AND m.sequence_number %% 2 = 0
                        THEN (%(partners)s)[1 + m.sequence_number %% 200] END,
                   m.date, 'posted', 'Ligne ' || m.sequence_number, m.name,
                   CASE WHEN side = 1 THEN 100 + m.sequence_number %% 900 ELSE 0 END,
                   CASE WHEN side = 2 THEN 100 + m.sequence_number %% 900 ELSE 0 END,
                   CASE WHEN side = 1 THEN 1 ELSE -1 END * (100 + m.sequence_number %% 900),
                   CASE WHEN side = 1 THEN 1 ELSE -1 END * (100 + m.sequence_number %% 900),
                   m.currency_id, m.currency_id, 'product', NOW(), NOW(), 1, 1
              FROM account_move m, generate_series(1, 2) side
             WHERE m.journal_id = %(journal)s AND m.name LIKE 'BENCH/%%'
            """,
            {"journal": journal.id, "expense": accounts[0], "receivable": accounts[1],
             "bank": accounts[2], "partners": partners.ids},
        )  # fmt: skip
        cr.commit()
        print(f"generated {moves:,} entries, {cr.rowcount:,} journal items", flush=True)
    sh("psql", "-q", "-d", db, "-c", "VACUUM ANALYZE")
    return company.id


def run_one(db, company_id, approach):
    """In a fresh process: time and peak memory of one export."""
    from odoo import SUPERUSER_ID, api

    registry = setup_odoo(db)
    with registry.cursor() as cr:
        env = api.Environment(
            cr, SUPERUSER_ID, {"allowed_company_ids": [company_id], "lang": "en_US"}
        )
        # unset: core's default (500,000 lines per query)
        batch = "50000" if approach == "ours_50k" else False
        env["ir.config_parameter"].set_param("l10n_fr_fec.batch_size", batch)
        wizard = env["l10n_fr.fec.export.wizard"].create(
            {"date_from": "2026-01-01", "date_to": "2026-12-31", "test_file": True,
             "gf_company_ids": [(6, 0, [company_id])]}
        )  # fmt: skip
        env.flush_all()
        cr.execute("SELECT 1")
        with open("/proc/self/clear_refs", "w") as refs:
            refs.write("5")  # resets the peak RSS (VmHWM)
        before = _rss_kb("VmRSS")
        start = time.perf_counter()
        if approach == "core":
            size = len(wizard.generate_fec()["file_content"])
            problems = None
        else:
            wizard.action_gf_export()
            size = wizard.gf_attachment_id.file_size
            problems = len(wizard.gf_check_line_ids)
        elapsed = time.perf_counter() - start
        peak = _rss_kb("VmHWM") - before
        cr.rollback()
    print(json.dumps({"time": elapsed, "peak_kb": peak, "size": size, "problems": problems}))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lines", type=int, default=500_000)
    parser.add_argument("--template", help="copy this database (with group_finance installed)")
    parser.add_argument("--keep", action="store_true")
    parser.add_argument(
        "--reuse", action="store_true", help="measure again on the database kept by --keep"
    )
    parser.add_argument("--run", help=argparse.SUPPRESS)
    parser.add_argument("--company", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.run:
        return run_one(DB, args.company, args.run)

    start = time.perf_counter()
    if args.reuse:
        from odoo import SUPERUSER_ID, api

        with setup_odoo(DB).cursor() as cr:
            company_id = api.Environment(cr, SUPERUSER_ID, {}).ref("group_finance.company_lexa2").id
            cr.execute("SELECT COUNT(*) FROM account_move_line WHERE company_id = %s", [company_id])
            print(f"reusing {DB}: {cr.fetchone()[0]:,} journal items", flush=True)
    elif args.template:
        sh("dropdb", "--if-exists", DB)
        sh("createdb", "-T", args.template, DB)
    else:
        # with demo data: the group's companies come with their French chart
        sh("dropdb", "--if-exists", DB)
        sh(
            "scripts/odoo.sh", "-d", DB, "-i", "group_finance", "--stop-after-init",
            "--log-level=warn", "--http-port=0",
        )  # fmt: skip
    if not args.reuse:
        company_id = generate(DB, args.lines)
    print(f"database ready in {time.perf_counter() - start:.0f}s", flush=True)
    results = {}
    try:
        for approach in ("core", "ours", "ours_50k"):
            out = subprocess.run(
                [sys.executable, __file__, "--run", approach, "--company", str(company_id)],
                check=True, capture_output=True, text=True, cwd=ROOT, env=os.environ,
            ).stdout  # fmt: skip
            results[approach] = json.loads(out.strip().splitlines()[-1])
            res = results[approach]
            print(
                f"{approach:8} {res['time']:7.2f}s  peak +{res['peak_kb'] / 1024:7.1f} MiB  "
                f"file {res['size'] / 1024 / 1024:6.1f} MiB"
                + (
                    f"  check: {res['problems']} entries at fault"
                    if res["problems"] is not None
                    else ""
                ),
                flush=True,
            )
        core = results["core"]
        for approach in ("ours", "ours_50k"):
            ours = results[approach]
            print(
                f"{approach}/core: time {ours['time'] / core['time']:.2f}x, "
                f"peak memory {ours['peak_kb'] / max(core['peak_kb'], 1):.2f}x"
            )
    finally:
        if not args.keep:
            sh("dropdb", "--if-exists", "--force", DB)


if __name__ == "__main__":
    main()
