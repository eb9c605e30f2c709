from odoo.tests import TransactionCase, tagged

from .common import OrderSyncCommon


@tagged("post_install", "-at_install")
class TestInvoicing(OrderSyncCommon, TransactionCase):
    """Delivered app orders invoiced (at delivery or daily per customer), the app's payment
    registered on its journal and reconciled, a credit note for a cancelled invoiced order;
    never twice."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Journal = cls.env["account.journal"]
        cls.card_journal = Journal.create({"name": "Carte", "code": "CB", "type": "bank"})
        cls.cash_journal = Journal.search(
            [("type", "=", "cash"), ("company_id", "=", cls.company.id)], limit=1
        )
        cls.source.write(
            {
                "invoicing": "delivery",
                "card_journal_id": cls.card_journal.id,
                "cash_journal_id": cls.cash_journal.id,
            }
        )

    def order_of(self, result):
        self.assertTrue(result["ok"], result)
        return self.env["sale.order"].browse(result["order_id"])

    def test_delivered_order_is_invoiced_and_paid(self):
        order = self.order_of(self.push(self.order_payload("I1", status="on_the_way"))[0])
        self.assertFalse(order.invoice_ids, "not delivered yet")
        payment = {"method": "card", "amount": order.amount_total, "reference": "TX-42"}
        self.env.invalidate_all()
        result = self.source._sync_as_user(
            "status", [{"external_id": "I1", "status": "delivered", "payment": payment}]
        )[0]
        self.assertEqual(result["outcome"], "updated", result)
        invoice = order.invoice_ids
        self.assertEqual(len(invoice), 1)
        self.assertEqual((invoice.state, invoice.company_id), ("posted", self.company))
        self.assertIn(invoice.payment_state, ("paid", "in_payment"))
        self.assertAlmostEqual(invoice.amount_total, order.amount_total)
        payments = self.env["account.payment"].search([("journal_id", "=", self.card_journal.id)])
        self.assertEqual(len(payments), 1)
        self.assertIn("TX-42", payments.memo or "")
        # the same status again, even with its payment: nothing more
        again = self.source._sync_as_user(
            "status", [{"external_id": "I1", "status": "delivered", "payment": payment}]
        )[0]
        self.assertEqual(again["outcome"], "unchanged")
        self.assertEqual(len(order.invoice_ids), 1)
        self.assertEqual(
            len(self.env["account.payment"].search([("journal_id", "=", self.card_journal.id)])), 1
        )

    def test_order_pushed_delivered_with_partial_cash(self):
        payload = self.order_payload(
            "I2", status="delivered", payment={"method": "cash", "amount": 10}
        )
        order = self.order_of(self.push(payload)[0])
        invoice = order.invoice_ids
        self.assertEqual(invoice.state, "posted")
        self.assertEqual(invoice.payment_state, "partial")
        self.assertAlmostEqual(invoice.amount_residual, order.amount_total - 10)

    def test_refused_payments(self):
        too_much = self.order_payload(
            "P1", status="delivered", payment={"method": "card", "amount": 10_000}
        )
        unknown = self.order_payload(
            "P2", status="delivered", payment={"method": "bitcoin", "amount": 1}
        )
        no_journal = self.order_payload(
            "P3", status="delivered", payment={"method": "online", "amount": 1}
        )
        results = self.push(too_much, unknown, no_journal)
        self.assertEqual(
            [(r["error"]["code"], r["error"]["details"][:1]) for r in results[:2]],
            [
                ("invalid_value", [results[0]["error"]["details"][0]]),
                ("invalid_value", [results[1]["error"]["details"][0]]),
            ],
        )
        self.assertEqual(results[0]["error"]["details"][0]["field"], "payment.amount")
        self.assertEqual(results[1]["error"]["details"][0]["field"], "payment.method")
        self.assertEqual(results[2]["error"]["code"], "rejected")
        self.assertFalse(self.find_orders(), "nothing of a refused order is written")
        self.assertFalse(self.env["account.move"].search([("move_type", "=", "out_invoice")]))

    def test_daily_grouped_invoicing_per_customer(self):
        self.source.invoicing = "daily"
        customer = {"external_id": "acct", "name": "Compte Entreprise"}
        first, second, other = self.push(
            self.order_payload("D1", status="delivered", customer=customer),
            self.order_payload("D2", status="delivered", customer=customer),
            self.order_payload("D3", status="delivered"),
        )
        orders = self.env["sale.order"].browse([r["order_id"] for r in (first, second, other)])
        self.assertFalse(orders.invoice_ids, "invoiced by the daily job")
        self.env["sale.order"]._cron_order_sync_invoice_daily()
        self.assertEqual(len(orders.invoice_ids), 2, "one invoice per customer")
        self.assertEqual(orders[0].invoice_ids, orders[1].invoice_ids)
        self.assertTrue(all(move.state == "posted" for move in orders.invoice_ids))
        self.env["sale.order"]._cron_order_sync_invoice_daily()
        self.assertEqual(len(orders.invoice_ids), 2, "never twice")

    def test_cancelled_invoiced_order_gets_its_credit_note(self):
        order = self.order_of(self.push(self.order_payload("C1", status="delivered"))[0])
        invoice = order.invoice_ids
        self.assertEqual(invoice.state, "posted")
        order.action_unlock()
        order._action_cancel()  # the office cancels it in Odoo
        credit_note = invoice.reversal_move_ids
        self.assertEqual(len(credit_note), 1)
        self.assertEqual((credit_note.move_type, credit_note.state), ("out_refund", "posted"))
        self.assertEqual(invoice.payment_state, "reversed")

    def test_manual_invoicing_leaves_orders_to_odoo(self):
        self.source.invoicing = "manual"
        order = self.order_of(self.push(self.order_payload("M1", status="delivered"))[0])
        self.assertFalse(order.invoice_ids)
        self.assertEqual(order.invoice_status, "to invoice")
