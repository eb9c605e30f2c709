# Copyright 2026 The suite's authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""CGI art. 242 nonies A: customer invoice numbers stay continuous and chronological per journal
when invoices are posted from parallel transactions.

Core's sequence mixin guarantees it (``_locked_increment`` takes the number under the unique
index's lock and retries the next one after a concurrent commit); this test proves it for
customer invoices posted by several threads at once, each with its own database transaction,
retrying on serialization failures as Odoo's RPC layer does."""

import threading
import time

from psycopg2 import errors as pgerrors

from odoo import SUPERUSER_ID, Command, api, fields
from odoo.tests import TransactionCase, tagged

THREADS = 4
PER_THREAD = 5


@tagged("post_install", "-at_install")
class TestInvoiceNumbering(TransactionCase):
    def setUp(self):
        super().setUp()
        with self.env.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            company = env.ref("base.main_company")
            env = env(context={"allowed_company_ids": company.ids})
            receivable = env["account.account"].create(
                {"code": "GFNUM411", "name": "GF numbering receivable",
                 "account_type": "asset_receivable", "reconcile": True}
            )  # fmt: skip
            income = env["account.account"].create(
                {"code": "GFNUM706", "name": "GF numbering income", "account_type": "income"}
            )
            journal = env["account.journal"].create(
                {"name": "GF numbering sales", "code": "GFNUM", "type": "sale",
                 "default_account_id": income.id}
            )  # fmt: skip
            partners = env["res.partner"].create(
                [{"name": f"GF numbering customer {i}"} for i in range(THREADS)]
            )
            partners.with_company(company).property_account_receivable_id = receivable
            moves = env["account.move"].create(
                [
                    {
                        "move_type": "out_invoice",
                        "journal_id": journal.id,
                        "partner_id": partners[i % THREADS].id,
                        "invoice_date": fields.Date.to_date("2026-11-20"),
                        "invoice_line_ids": [
                            Command.create(
                                {
                                    "name": "Nettoyage",
                                    "price_unit": 100.0 + i,
                                    "account_id": income.id,
                                    "tax_ids": [],
                                }
                            )  # fmt: skip
                        ],
                    }
                    for i in range(THREADS * PER_THREAD)
                ]
            )
            self.data = {
                "company": company.id,
                "moves": moves.ids,
                "journal": journal.id,
                "accounts": (receivable | income).ids,
                "partners": partners.ids,
            }
        self.addCleanup(self._cleanup)

    def _cleanup(self):
        with self.env.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {"force_delete": True})
            moves = env["account.move"].browse(self.data["moves"])
            moves.filtered(lambda m: m.state == "posted").button_draft()
            moves.posted_before = False
            moves.unlink()
            env["account.journal"].browse(self.data["journal"]).unlink()
            env["res.partner"].browse(self.data["partners"]).unlink()
            env["account.account"].browse(self.data["accounts"]).unlink()

    def _post_in_thread(self, move_ids, barrier, errors):
        try:
            barrier.wait(timeout=60)
            for move_id in move_ids:
                for attempt in range(20):
                    with self.env.registry.cursor() as cr:
                        env = api.Environment(
                            cr, SUPERUSER_ID, {"allowed_company_ids": [self.data["company"]]}
                        )
                        try:
                            env["account.move"].browse(move_id).action_post()
                            # each thread is one real transaction: the point of the test
                            cr.commit()  # pylint: disable=invalid-commit
                            break
                        except (pgerrors.SerializationFailure, pgerrors.LockNotAvailable):
                            # what Odoo's RPC layer does: roll back and replay
                            cr.rollback()
                            time.sleep(0.05 * (attempt + 1))
                else:
                    errors.append(f"move {move_id} could not be posted")
        except Exception as error:  # reported to the main thread
            errors.append(repr(error))

    def test_parallel_posting_leaves_no_gap(self):
        ids = self.data["moves"]
        barrier = threading.Barrier(THREADS)
        errors = []
        threads = [
            threading.Thread(target=self._post_in_thread, args=(ids[i::THREADS], barrier, errors))
            for i in range(THREADS)
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=300)
        self.assertFalse(errors)
        with self.env.registry.cursor() as cr:
            cr.execute(
                "SELECT name, sequence_prefix, sequence_number, date FROM account_move "
                "WHERE id IN %s ORDER BY sequence_number",
                [tuple(ids)],
            )
            rows = cr.fetchall()
        self.assertEqual(len(rows), THREADS * PER_THREAD)
        self.assertEqual(len({prefix for __, prefix, __, __ in rows}), 1)
        # continuous: 1..N with no gap and no duplicate
        self.assertEqual([number for __, __, number, __ in rows], list(range(1, len(ids) + 1)))
        self.assertEqual(len({name for name, __, __, __ in rows}), len(ids))
        # chronological: a higher number never has an earlier date
        dates = [date for __, __, __, date in rows]
        self.assertEqual(dates, sorted(dates))
