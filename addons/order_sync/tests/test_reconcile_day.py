from datetime import date

from odoo.tests import TransactionCase, new_test_user, tagged

from .common import OrderSyncCommon

DAY = "2026-01-15T10:00:00Z"


@tagged("post_install", "-at_install")
class TestReconcileDay(OrderSyncCommon, TransactionCase):
    """The daily job compares, per source and day, what the app reported with Odoo's orders,
    invoices and payments, keeps the result for the Reconciliation screen and mails the
    managers the report with links to the orders that differ."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.manager.email = "manager@example.com"
        cls.card_journal = cls.env["account.journal"].create(
            {"name": "Carte", "code": "CBR", "type": "bank"}
        )
        cls.source.card_journal_id = cls.card_journal

    def deliver_paid(self, external_id, amount):
        self.env.invalidate_all()
        payment = {"method": "card", "amount": amount, "reference": f"TX-{external_id}"}
        (result,) = self.source._sync_as_user(
            "status", [{"external_id": external_id, "status": "delivered", "payment": payment}]
        )
        self.assertEqual(result["outcome"], "updated", result)

    def reconciled(self, day=date(2026, 1, 15)):
        rows = self.env["order.sync.reconcile.day"]._cron_reconcile(day)
        return rows.filtered(lambda row: row.source_id == self.source)

    def test_day_reconciled_and_mailed(self):
        # D3 was delivered while the source left invoicing to Odoo: not invoiced
        (not_invoiced,) = self.push(self.order_payload("D3", date=DAY, status="delivered"))
        self.source.invoicing = "delivery"
        paid, pending, _other_day = self.push(
            self.order_payload("D1", date=DAY, status="on_the_way"),
            self.order_payload("D2", date=DAY),
            self.order_payload("D9", date="2026-01-16T10:00:00Z"),
        )
        total = paid["amount_total"]
        self.deliver_paid("D1", total)
        self.source.with_user(self.integration)._reconcile(
            {
                "date": "2026-01-15",
                "statuses": {
                    "pending": {
                        "count": 1,
                        "amount": pending["amount_total"],
                        "external_ids": ["D2"],
                    },
                    "delivered": {
                        "count": 3,
                        "amount": 80.0,
                        "external_ids": ["D1", "D3", "X9"],
                    },
                },
            }
        )
        row = self.reconciled()
        self.assertEqual(row.state, "differ")
        self.assertEqual((row.app_count, row.app_amount), (4, 80.0 + pending["amount_total"]))
        self.assertEqual(row.order_count, 3)
        self.assertAlmostEqual(row.order_amount, 2 * total + pending["amount_total"])
        self.assertAlmostEqual(row.invoiced_amount, total)
        self.assertAlmostEqual(row.app_paid_amount, total)
        self.assertAlmostEqual(row.paid_amount, total)
        self.assertEqual(row.missing_in_odoo, "X9")
        d3 = self.env["sale.order"].browse(not_invoiced["order_id"])
        self.assertEqual(row.differing_order_ids, d3, "delivered, not invoiced")
        mail = self.env["mail.mail"].search([("model", "=", row._name), ("res_id", "=", row.id)])
        self.assertEqual(len(mail), 1)
        # the Order Sync managers of the company with an e-mail (the administrator is one)
        self.assertIn(self.manager.partner_id, mail.recipient_ids)
        managers = self.env.ref("order_sync.group_manager").users
        self.assertTrue(mail.recipient_ids <= managers.partner_id)
        self.assertIn("Test app", mail.subject)
        self.assertIn(f"/odoo/sale.order/{d3.id}", mail.body_html)
        self.assertIn(d3.name, mail.body_html)
        self.assertIn("X9", mail.body_html)
        self.assertTrue(row.mailed_at)
        # the job again: the same row, updated, not a second one
        self.assertEqual(self.reconciled(), row)

    def test_paid_in_the_app_not_in_odoo_differs(self):
        self.source.invoicing = "delivery"
        (result,) = self.push(self.order_payload("P1", date=DAY, status="on_the_way"))
        total = result["amount_total"]
        self.deliver_paid("P1", total)
        order = self.env["sale.order"].browse(result["order_id"])
        # the office cancels the payment in Odoo: the invoice is unpaid, the app says paid
        order.invoice_ids.line_ids.remove_move_reconcile()
        self.assertEqual(order.invoice_ids.payment_state, "not_paid")
        self.source.with_user(self.integration)._reconcile(
            {"date": "2026-01-15", "statuses": {"delivered": {"count": 1, "amount": total}}}
        )
        row = self.reconciled()
        self.assertEqual(row.differing_order_ids, order)
        self.assertAlmostEqual(row.app_paid_amount, total)
        self.assertEqual(row.paid_amount, 0.0)

    def test_matching_day_and_day_without_report(self):
        (result,) = self.push(self.order_payload("M1", date=DAY))
        self.source.with_user(self.integration)._reconcile(
            {
                "date": "2026-01-15",
                "statuses": {"pending": {"count": 1, "amount": result["amount_total"]}},
            }
        )
        self.assertEqual(self.reconciled().state, "ok")
        silent = self.reconciled(date(2026, 1, 14))
        self.assertEqual((silent.state, silent.order_count), ("not_reported", 0))

    def test_screen_of_the_last_90_days(self):
        self.reconciled()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "order_sync.order_sync_reconcile_day_action"
        )
        self.assertTrue(action["view_mode"].startswith("graph"))
        self.assertIn("search_default_last_90_days", action["context"])
        views = (
            self.env["order.sync.reconcile.day"]
            .with_user(self.manager)
            .get_views([(False, "graph"), (False, "list"), (False, "search")])
        )
        self.assertIn("last_90_days", views["views"]["search"]["arch"])
        # an Order Sync user of another company sees none of this company's days
        other_user = new_test_user(
            self.env,
            "os_viewer_b",
            groups="order_sync.group_user",
            company_id=self.company_b.id,
            company_ids=[self.company_b.id],
        )
        days = self.env["order.sync.reconcile.day"].with_user(other_user).search([])
        self.assertTrue(days)
        self.assertEqual(days.company_id, self.company_b)
