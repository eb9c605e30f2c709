from datetime import date

from dateutil.relativedelta import relativedelta
from freezegun import freeze_time

from odoo import fields
from odoo.exceptions import ValidationError
from odoo.tests import TransactionCase, tagged

from .common import BtpCommon


@tagged("post_install", "-at_install")
class TestProgressInvoicing(BtpCommon, TransactionCase):
    """Quote HT 15,400.00 (TTC 18,480.00): deposit 10 %, three situations, final invoice."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.order = cls._accepted_quote()
        cls.site = cls.order.btp_site_id
        cls.line_lot, cls.line_m2 = cls.order.order_line

    def _deposit(self, percent):
        wizard = (
            self.env["sale.advance.payment.inv"]
            .with_context(active_model="sale.order", active_ids=self.order.ids)
            .create({"advance_payment_method": "percentage", "amount": percent})
        )
        wizard.create_invoices()
        invoice = self.order.invoice_ids.filtered(lambda m: m.state == "draft")
        invoice.action_post()
        return invoice

    def _situation(self, lot, m2):
        self._progress(self.order, lot, m2)
        return self._post(self.order.action_btp_situation())

    def _amounts(self, invoice):
        return (
            invoice.amount_untaxed,
            invoice.amount_tax,
            invoice.amount_total,
            invoice.btp_retention_amount,
            invoice.amount_residual,
        )

    def _pay(self, invoices, amount=None):
        wizard = (
            self.env["account.payment.register"]
            .with_context(active_model="account.move", active_ids=invoices.ids)
            .create({"amount": amount} if amount else {})
        )
        return wizard._create_payments()

    def test_deposit_three_situations_and_final_to_the_cent(self):
        deposit = self._deposit(10)
        self.assertEqual(deposit.btp_invoice_kind, "deposit")
        self.assertEqual(deposit.btp_site_id, self.site)
        self.assertEqual(self._amounts(deposit), (1540.0, 308.0, 1848.0, 92.4, 1755.6))

        first = self._situation(30, 25)  # 0.30 lot + 30 m²
        self.assertEqual(first.btp_invoice_kind, "situation")
        self.assertEqual(self._amounts(first), (4350.0, 870.0, 5220.0, 261.0, 4959.0))
        self.assertEqual(self.line_lot.btp_progress_invoiced, 30.0)

        second = self._situation(65, 50)  # +0.35 lot, +30 m²
        self.assertEqual(self._amounts(second), (4850.0, 970.0, 5820.0, 291.0, 5529.0))

        third = self._situation(90, 80)  # +0.25 lot, +36 m²
        self.assertEqual(self._amounts(third), (4120.0, 824.0, 4944.0, 247.2, 4696.8))
        self.assertEqual(third.invoice_line_ids.mapped("quantity"), [0.25, 36.0])

        final = self._post(self.order.action_btp_final_invoice())
        self.assertEqual(final.btp_invoice_kind, "final")
        # 1,000.00 + 1,080.00 of works, minus the 1,540.00 deposit
        self.assertEqual(self._amounts(final), (540.0, 108.0, 648.0, 32.4, 615.6))
        deposit_line = final.invoice_line_ids.filtered(
            lambda line: line.sale_line_ids.is_downpayment
        )
        self.assertEqual(deposit_line.price_subtotal, -1540.0)

        invoices = deposit | first | second | third | final
        self.assertEqual(sum(invoices.mapped("amount_untaxed")), 15400.0)
        self.assertEqual(sum(invoices.mapped("amount_total")), 18480.0)
        self.assertAlmostEqual(sum(invoices.mapped("btp_retention_amount")), 924.0, places=2)
        self.assertEqual(self.order.invoice_status, "invoiced")
        self.site.invalidate_recordset()
        self.assertEqual(self.site.btp_invoice_count, 5)
        self.assertAlmostEqual(self.site.btp_amount_invoiced, 18480.0, places=2)
        self.assertAlmostEqual(self.site.btp_retention_amount, 924.0, places=2)

    def test_situation_below_previous_is_refused(self):
        first = self._situation(40, 50)
        with self.assertRaises(ValidationError) as error:
            self.line_lot.btp_progress = 30
        self.assertIn(
            "cannot go below the previous situation (40.0 % already", str(error.exception)
        )
        self.assertEqual(self.line_lot.btp_progress, 40.0)
        self.assertEqual(self.line_lot.qty_delivered, 0.4)
        with self.assertRaisesRegex(ValidationError, "between 0 and 100"):
            self.line_m2.btp_progress = 120
        # same progress again: nothing to invoice, clear error, no invoice written
        with self.assertRaisesRegex(Exception, "nothing to invoice"):
            self.order.action_btp_situation()
        self.assertEqual(self.order.invoice_ids, first)

    def test_retention_held_on_its_own_account(self):
        first = self._situation(30, 25)
        entry = first.btp_retention_move_id
        self.assertTrue(entry.btp_is_retention)
        self.assertEqual(entry.state, "posted")
        self.assertEqual(entry.journal_id.type, "general")
        self.assertNotEqual(entry.journal_id, self.company.currency_exchange_journal_id)
        held = first.btp_retention_line_id
        self.assertEqual(held.account_id, self.retention_account)
        self.assertEqual(held.debit, 261.0)
        self.assertEqual(held.partner_id, self.customer)
        self.assertEqual(held.date_maturity, first.invoice_date + relativedelta(years=1))
        withheld = entry.line_ids - held
        self.assertEqual(withheld.credit, 261.0)
        self.assertTrue(withheld.reconciled)
        self.assertEqual(first.amount_residual, 4959.0)
        self.assertEqual(first.payment_state, "partial")
        # the handover fixes the release date: one year later
        self.site.btp_handover_date = date(2026, 9, 15)
        self.assertEqual(first.btp_retention_due_date, date(2027, 9, 15))

    def test_reset_to_draft_drops_the_retention_entry(self):
        first = self._situation(30, 25)
        entry = first.btp_retention_move_id
        first.button_draft()
        self.assertFalse(entry.exists())
        self.assertFalse(first.btp_retention_line_id)
        first.btp_retention_rate = 10.0
        first.action_post()
        self.assertEqual(first.btp_retention_amount, 522.0)
        self.assertEqual(first.amount_residual, 4698.0)

    def test_no_retention_when_rate_is_zero(self):
        order = self._accepted_quote(btp_retention_rate=0.0)
        self._progress(order, 50, 0)
        invoice = self._post(order.action_btp_situation())
        self.assertEqual(invoice.btp_retention_amount, 0.0)
        self.assertFalse(invoice.btp_retention_move_id)
        self.assertEqual(invoice.amount_residual, 6000.0)

    def test_payments_matched_and_history(self):
        first = self._situation(30, 25)
        second = self._situation(65, 50)
        payment = self._pay(first)
        self.assertEqual(payment.amount, 4959.0)
        self.assertIn(first.payment_state, ("paid", "in_payment"))
        self.assertEqual(payment.btp_site_id, self.site)
        self._pay(second, amount=2000.0)
        self.assertEqual(second.payment_state, "partial")
        self.assertEqual(second.amount_residual, 3529.0)
        site_payments = self.env["account.payment"].search([("btp_site_id", "=", self.site.id)])
        self.assertEqual(len(site_payments), 2)
        self.assertEqual(sum(site_payments.mapped("amount")), 6959.0)
        customer_payments = self.env["account.payment"].search(
            [("partner_id", "=", self.customer.id)]
        )
        self.assertEqual(customer_payments, site_payments)
        self.site.invalidate_recordset()
        self.assertAlmostEqual(self.site.btp_amount_residual, 3529.0, places=2)
        action = self.site.action_btp_view_payments()
        self.assertEqual(self.env["account.payment"].search(action["domain"]), site_payments)

    def test_retention_release_alert_and_payment(self):
        with freeze_time("2026-02-10"):
            first = self._situation(30, 25)
        self.site.btp_handover_date = date(2026, 6, 30)
        Move = self.env["account.move"]
        with freeze_time("2027-05-01"):
            self.assertFalse(Move._cron_btp_retention_release())
        with freeze_time("2027-06-05"):
            self.assertEqual(Move._cron_btp_retention_release(), first)
            self.assertFalse(Move._cron_btp_retention_release())
        activity = first.activity_ids
        self.assertEqual(len(activity), 1)
        self.assertEqual(activity.date_deadline, date(2027, 6, 30))
        self.assertEqual(activity.user_id, self.accountant)
        # the customer pays the retention: it is released
        wizard = (
            self.env["account.payment.register"]
            .with_context(
                active_model="account.move.line", active_ids=first.btp_retention_line_id.ids
            )
            .create({"payment_date": fields.Date.to_date("2027-07-01")})
        )
        payment = wizard._create_payments()
        self.assertEqual(payment.amount, 261.0)
        self.assertTrue(first.btp_retention_released)

    def test_invoice_pdf_shows_retention_and_net(self):
        first = self._situation(30, 25)
        html = (
            self.env["ir.actions.report"]
            ._render_qweb_html("account.report_invoice", first.ids)[0]
            .decode()
        )
        self.assertIn("Retention guarantee", html)
        self.assertIn("Net to pay", html)
        self.assertIn("Résidence Les Terrasses", html)
        self.assertIn("4,959.00", html)
