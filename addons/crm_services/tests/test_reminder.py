import json
from datetime import date
from unittest.mock import patch

from freezegun import freeze_time

from odoo.api import call_kw
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import TransactionCase, tagged

from .common import CrmServicesMixin


@tagged("post_install", "-at_install")
class TestReminder(CrmServicesMixin, TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.setUpCrmServices()
        cls.prospect.email = "compta@provence-froid.example.fr"
        cls.company.write({"crm_late_penalty_rate": 12.15, "crm_recovery_indemnity": 40.0})
        cls.invoice = cls._invoice(cls.prospect, 1000.0, "2026-01-01", "2026-01-31")

    @classmethod
    def _invoice(cls, partner, amount, invoice_date, due_date):
        move = cls.env["account.move"].create(
            {
                "move_type": "out_invoice",
                "partner_id": partner.id,
                "invoice_date": invoice_date,
                "invoice_date_due": due_date,
                "invoice_line_ids": [
                    (
                        0,
                        0,
                        {"name": "Maintenance", "quantity": 1, "price_unit": amount, "tax_ids": []},
                    )
                ],
            }
        )
        move.action_post()
        return move

    def test_penalties_on_an_overdue_invoice(self):
        with freeze_time("2026-03-02"):  # 30 days late
            self.invoice.invalidate_recordset()
            self.assertEqual(self.invoice.crm_days_late, 30)
            # 1 000 x 12.15 % x 30 / 365
            self.assertAlmostEqual(self.invoice.crm_late_penalty, 9.99)
            self.assertEqual(self.invoice.crm_recovery_indemnity, 40.0)
        with freeze_time("2026-01-31"):
            self.invoice.invalidate_recordset()
            self.assertEqual(self.invoice.crm_days_late, 0)
            self.assertEqual(self.invoice.crm_late_penalty, 0.0)

    def test_no_recovery_indemnity_for_a_consumer(self):
        consumer = self.env["res.partner"].create({"name": "Jean Dupuis"})
        invoice = self._invoice(consumer, 500.0, "2026-01-01", "2026-01-31")
        with freeze_time("2026-03-02"):
            self.assertGreater(invoice.crm_late_penalty, 0.0)
            self.assertEqual(invoice.crm_recovery_indemnity, 0.0)

    def test_payment_reminders_generated_once(self):
        paid = self._invoice(self.prospect, 200.0, "2026-01-01", "2026-01-31")
        self.env["account.payment.register"].with_context(
            active_model="account.move", active_ids=paid.ids
        ).create({"payment_date": "2026-02-01"})._create_payments()
        not_due = self._invoice(self.prospect, 300.0, "2026-02-01", "2026-04-30")
        Reminder = self.env["crm.reminder"]
        with freeze_time("2026-03-02"):
            created = Reminder.generate_automatic()
            self.assertFalse(Reminder.generate_automatic(), "never twice for one invoice")
        payment = created.filtered(lambda r: r.reminder_type == "payment")
        self.assertEqual(payment.invoice_id, self.invoice)
        self.assertNotIn(paid, created.invoice_id)
        self.assertNotIn(not_due, created.invoice_id)
        self.assertEqual(payment.partner_id, self.prospect)
        self.assertEqual(payment.state, "pending")
        with freeze_time("2026-03-02"):
            payment.invalidate_recordset()
            self.assertAlmostEqual(payment.penalty_amount, 9.99)
            self.assertEqual(payment.indemnity_amount, 40.0)

    def test_group_finance_dunning_is_the_one_source(self):
        Reminder = self.env["crm.reminder"]
        with (
            patch.object(type(Reminder), "_crm_payment_dunning_elsewhere", return_value=True),
            freeze_time("2026-03-02"),
        ):
            self.assertFalse(Reminder.generate_automatic().filtered("invoice_id"))
        # without an addon that sends dunning letters, crm_services makes the payment reminders
        self.assertFalse(Reminder._crm_payment_dunning_elsewhere())

    def test_send_by_email_keeps_the_proof(self):
        with freeze_time("2026-03-02 10:00:00"):
            reminder = self.env["crm.reminder"].generate_automatic()
            reminder.action_send()
        self.assertEqual(reminder.state, "sent")
        self.assertIn("compta@provence-froid.example.fr", reminder.sent_to)
        self.assertIn(self.prospect, reminder.mail_message_id.partner_ids)
        body = str(reminder.mail_message_id.body)
        self.assertIn(self.invoice.name, body)
        self.assertIn("9.99", body)
        self.assertEqual(str(self.prospect.crm_last_activity_date), "2026-03-02")
        with self.assertRaises(UserError):
            reminder.action_send()

    def test_phone_reminder_and_statuses(self):
        reminder = self.env["crm.reminder"].create(
            {
                "name": "Appel pour la facture de janvier",
                "partner_id": self.prospect.id,
                "channel": "phone",
                "invoice_id": self.invoice.id,
            }
        )
        reminder.action_send()
        self.assertEqual(reminder.state, "sent")
        self.assertEqual(reminder.sent_to, self.prospect.display_name)
        reminder.action_handle()
        self.assertEqual(reminder.state, "handled")
        other = reminder.copy({"name": "Courrier"})
        other.action_cancel()
        self.assertEqual(other.state, "cancelled")
        other.action_reset()
        self.assertEqual(other.state, "pending")

    def test_email_needs_an_address(self):
        nomail = self.env["res.partner"].create({"name": "Sans courriel", "is_company": True})
        reminder = self.env["crm.reminder"].create({"name": "Relance", "partner_id": nomail.id})
        with self.assertRaises(UserError):
            reminder.action_send()
        self.assertEqual(reminder.state, "pending")

    def test_document_must_be_the_customers(self):
        stranger = self.env["res.partner"].create({"name": "Autre client", "is_company": True})
        with self.assertRaises(ValidationError):
            self.env["crm.reminder"].create(
                {"name": "Relance", "partner_id": stranger.id, "invoice_id": self.invoice.id}
            )

    def test_json_rpc_calls(self):
        """The methods other applications call answer plain JSON values."""
        with freeze_time("2026-03-02"):
            ids = call_kw(self.env["crm.reminder"], "generate_automatic", [], {})
        self.assertEqual(ids, self.env["crm.reminder"].search([]).ids)
        stats = call_kw(self.env["crm.reminder"], "get_stats", [[]], {})
        self.assertEqual(stats["total"], 1)
        timeline = call_kw(self.env["crm.timeline"], "get_timeline", [self.prospect.id], {})
        self.assertEqual(json.loads(json.dumps(timeline))["partner"]["id"], self.prospect.id)

    def test_stats(self):
        Reminder = self.env["crm.reminder"]
        Reminder.create(
            [
                {"name": "A", "partner_id": self.prospect.id, "channel": "phone"},
                {"name": "B", "partner_id": self.prospect.id, "channel": "letter"},
            ]
        )[0].action_send()
        stats = Reminder.get_stats([("partner_id", "=", self.prospect.id)])
        self.assertEqual(stats["total"], 2)
        self.assertEqual(stats["by_state"], {"sent": 1, "pending": 1})
        self.assertEqual(stats["by_channel"], {"phone": 1, "letter": 1})
        self.assertEqual(stats["by_reminder_type"], {"payment": 2})

    def test_other_company_sees_nothing(self):
        reminder = self.env["crm.reminder"].create({"name": "R", "partner_id": self.prospect.id})
        self.assertFalse(self.env["crm.reminder"].with_user(self.salesperson_b).search([]))
        with self.assertRaises(AccessError):
            reminder.with_user(self.salesperson_b).read(["name"])
        self.assertEqual(reminder.with_user(self.salesperson).name, "R")

    def test_cron_is_active(self):
        self.assertTrue(self.env.ref("crm_services.cron_generate_reminders").active)
        with freeze_time("2026-03-02"):
            self.env.ref("crm_services.cron_generate_reminders").method_direct_trigger()
        self.assertTrue(self.env["crm.reminder"].search([("invoice_id", "=", self.invoice.id)]))
        self.assertEqual(date(2026, 1, 31), self.invoice.invoice_date_due)
