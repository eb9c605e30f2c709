from datetime import date

from freezegun import freeze_time

from odoo.exceptions import UserError
from odoo.tests import Form, TransactionCase, tagged

from .common import CrmServicesMixin


@tagged("post_install", "-at_install")
class TestQuote(CrmServicesMixin, TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.setUpCrmServices()
        cls.reason = cls.env["crm.lost.reason"].create({"name": "Trop cher"})

    def test_quote_number_per_company(self):
        first = self._quote()
        second = self._quote()
        self.assertRegex(first.crm_quote_number, r"^DEV-\d{6}$")
        self.assertEqual(int(second.crm_quote_number[4:]), int(first.crm_quote_number[4:]) + 1)
        self.assertNotEqual(first.crm_quote_number, first.name, "the order keeps its own name")
        other = self._quote(company_id=self.company_b.id)
        self.assertEqual(other.crm_quote_number, "DEV-000001", "each company has its series")

    def test_copy_gets_a_new_number(self):
        quote = self._quote()
        self.assertNotEqual(quote.copy().crm_quote_number, quote.crm_quote_number)

    def test_amounts_ht_tva_ttc(self):
        tax = self.env["account.tax"].create({"name": "TVA 20 %", "amount": 20.0})
        quote = self._quote(price=1000.0)
        quote.order_line.tax_id = tax
        self.assertEqual(quote.amount_untaxed, 1000.0)
        self.assertEqual(quote.amount_tax, 200.0)
        self.assertEqual(quote.amount_total, 1200.0)

    def test_validity_from_configured_days(self):
        self.company.quotation_validity_days = 45
        with freeze_time("2026-06-01"):
            quote = self._quote()
        self.assertEqual(quote.validity_date, date(2026, 7, 16))

    def test_workflow_sent_then_accepted_makes_a_customer(self):
        quote = self._quote()
        self.assertEqual(quote.crm_quote_state, "draft")
        with freeze_time("2026-06-10"):
            quote.action_quotation_sent()
        self.assertEqual(quote.crm_quote_state, "sent")
        self.assertEqual(str(self.prospect.crm_last_activity_date), "2026-06-10")
        quote.action_confirm()
        self.assertEqual(quote.crm_quote_state, "accepted")
        self.assertEqual(self.prospect.crm_category, "customer")
        self.assertTrue(quote.name != quote.crm_quote_number)

    def test_supplier_stays_supplier(self):
        self.prospect.crm_category = "supplier"
        self._quote().action_confirm()
        self.assertEqual(self.prospect.crm_category, "supplier")

    def test_refusal_needs_a_reason(self):
        quote = self._quote()
        action = quote.action_crm_refuse()
        wizard = Form(self.env[action["res_model"]].with_context(**action["context"]))
        with self.assertRaises(AssertionError):
            wizard.save()  # reason is required
        wizard.reason_id = self.reason
        wizard.note = "Concurrent 15 % moins cher"
        wizard.save().action_refuse()
        self.assertEqual(quote.crm_quote_state, "refused")
        self.assertEqual(quote.crm_refusal_reason_id, self.reason)
        self.assertEqual(self.prospect.crm_category, "prospect")
        self.assertIn("Trop cher", quote.message_ids[0].body)

    def test_accepted_quote_cannot_be_refused(self):
        quote = self._quote()
        quote.action_confirm()
        with self.assertRaises(UserError):
            quote.action_crm_refuse()
        with self.assertRaises(UserError):
            quote._crm_refuse(self.reason)

    def test_back_to_draft_clears_the_refusal(self):
        quote = self._quote()
        quote._crm_refuse(self.reason)
        quote.action_draft()
        self.assertEqual(quote.crm_quote_state, "draft")
        self.assertFalse(quote.crm_refusal_reason_id)

    def test_cron_expires_quotes_past_validity(self):
        with freeze_time("2026-01-05"):
            old = self._quote(validity_date=date(2026, 1, 31))
            sent = self._quote(validity_date=date(2026, 1, 20))
            sent.action_quotation_sent()
            fresh = self._quote(validity_date=date(2026, 3, 1))
            accepted = self._quote(validity_date=date(2026, 1, 10))
            accepted.action_confirm()
        with freeze_time("2026-02-01"):
            self.env["sale.order"]._cron_crm_expire_quotes()
        self.assertEqual(old.crm_quote_state, "expired")
        self.assertEqual(sent.crm_quote_state, "expired")
        self.assertEqual(fresh.crm_quote_state, "draft")
        self.assertEqual(accepted.crm_quote_state, "accepted")
        self.assertTrue(self.env.ref("crm_services.cron_expire_quotes").active)

    def test_plain_cancel_is_not_a_refusal(self):
        quote = self._quote()
        quote._action_cancel()
        self.assertEqual(quote.crm_quote_state, "cancelled")
