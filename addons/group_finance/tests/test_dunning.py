# Copyright 2026 The suite's authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from freezegun import freeze_time

from odoo.exceptions import AccessError
from odoo.tests import Form, new_test_user, tagged

from .common import GfVatCommon


@tagged("post_install", "-at_install")
class TestDunning(GfVatCommon):
    """J+15, J+30, J+45 (+ co-managers), J+60 blocked; never twice; stops when paid; pauses."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.customer.email = "compta@client-energie.fr"
        cls.manager = new_test_user(
            cls.env, "gf_dun_manager", groups="group_finance.group_manager",
            company_id=cls.company.id, company_ids=[cls.company.id],
        )  # fmt: skip
        cls.accountant = new_test_user(
            cls.env, "gf_dun_accountant", groups="group_finance.group_accountant",
            company_id=cls.company.id, company_ids=[cls.company.id],
        )  # fmt: skip
        cls.invoice = cls._gf_invoice(
            "out_invoice", "2026-10-01", [(1000.0, cls.tax_s20)], invoice_date_due="2026-10-01"
        )
        cls.Move = cls.env["account.move"]

    def _run(self, day):
        with freeze_time(day):
            return self.Move._gf_dunning_run(self.company)

    def _levels(self, invoice):
        return sorted(invoice.overdue_reminder_ids.mapped("counter"))

    def test_invoice_climbs_the_levels_then_is_paid(self):
        invoice = self.invoice
        self.assertEqual(invoice.invoice_date_due.isoformat(), "2026-10-01")
        self.assertFalse(self._run("2026-10-10"))
        first = self._run("2026-10-16")
        self.assertEqual(len(first), 1)
        self.assertEqual(first.reminder_type, "mail")
        self.assertIn(invoice.name, first.mail_id.subject)
        self.assertIn("Rappel", first.mail_id.subject)
        self.assertEqual(first.mail_id.recipient_ids, self.customer)
        # the job runs twice the same day (or the next day): level 1 is not sent again
        self.assertFalse(self._run("2026-10-16"))
        self.assertFalse(self._run("2026-10-20"))
        self.assertEqual(invoice.overdue_reminder_counter, 1)
        second = self._run("2026-10-31")
        self.assertIn("2e rappel", second.mail_id.subject)
        self.assertFalse(
            self.env["mail.activity"].search(
                [("res_id", "=", invoice.id), ("res_model", "=", "account.move")]
            )
        )
        third = self._run("2026-11-15")
        self.assertIn("Dernière relance", third.mail_id.subject)
        activities = self.env["mail.activity"].search(
            [("res_id", "=", invoice.id), ("res_model", "=", "account.move")]
        )
        self.assertIn(self.manager, activities.user_id)
        self.assertNotIn(self.accountant, activities.user_id)
        self.assertFalse(self.customer.gf_dunning_blocked)
        fourth = self._run("2026-11-30")
        self.assertEqual(len(fourth), 1)
        self.assertTrue(self.customer.gf_dunning_blocked)
        self.assertEqual(self.customer.sale_warn, "block")
        self.assertIn(invoice.name, self.customer.sale_warn_msg)
        self.assertFalse(self._run("2026-12-15"))
        # history: one reminder per level, per invoice
        self.assertEqual(self._levels(invoice), [1, 2, 3, 4])
        # core sale refuses a quotation for the blocked customer
        order = Form(self.env["sale.order"])
        order.partner_id = self.customer
        self.assertFalse(order.partner_id)
        # paid: unblocked at once, no more reminder
        self.env["account.payment.register"].with_context(
            active_model="account.move", active_ids=invoice.ids
        ).create({"payment_date": "2026-12-02"})._create_payments()
        self.assertIn(invoice.payment_state, ("paid", "in_payment"))
        self.assertFalse(self.customer.gf_dunning_blocked)
        self.assertEqual(self.customer.sale_warn, "no-message")
        self.assertFalse(self._run("2027-01-15"))

    def test_late_discovery_sends_only_the_level_reached(self):
        actions = self._run("2026-11-17")
        self.assertEqual(len(actions), 1)
        self.assertEqual(self._levels(self.invoice), [3])
        self.assertFalse(self._run("2026-11-18"))

    def test_paused_customer_or_invoice_is_not_reminded(self):
        self.customer.with_company(self.company).no_overdue_reminder = True
        self.assertFalse(self._run("2026-10-20"))
        self.customer.with_company(self.company).no_overdue_reminder = False
        self.invoice.no_overdue_reminder = True
        self.assertFalse(self._run("2026-10-20"))
        self.invoice.no_overdue_reminder = False
        self.assertTrue(self._run("2026-10-20"))

    def test_no_email_records_a_letter(self):
        self.customer.email = False
        action = self._run("2026-10-20")
        self.assertEqual(action.reminder_type, "post")
        self.assertFalse(action.mail_id)
        self.assertEqual(self.invoice.overdue_reminder_counter, 1)

    def test_co_manager_unblocks(self):
        self._run("2026-12-05")
        self.assertTrue(self.customer.gf_dunning_blocked)
        with self.assertRaises(AccessError):
            self.customer.with_user(self.accountant).action_gf_dunning_unblock()
        self.assertTrue(self.customer.gf_dunning_blocked)
        self.customer.with_user(self.manager).action_gf_dunning_unblock()
        self.assertFalse(self.customer.gf_dunning_blocked)
        self.assertEqual(self.customer.sale_warn, "no-message")
        # the level is reached: the next run does not block again
        self.assertFalse(self._run("2026-12-06"))
        self.assertFalse(self.customer.gf_dunning_blocked)

    def test_templates_are_editable(self):
        level = self.env.ref("group_finance.dunning_level_1")
        level.mail_template_id.subject = "Facture {{ object.name }} : merci"
        action = self._run("2026-10-16")
        self.assertEqual(action.mail_id.subject, f"Facture {self.invoice.name} : merci")
