from datetime import date

from freezegun import freeze_time

from odoo.exceptions import UserError
from odoo.tests import TransactionCase, tagged

from .common import CrmServicesMixin


@tagged("post_install", "-at_install")
class TestContract(CrmServicesMixin, TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.setUpCrmServices()
        cls.service_type = cls.env["crm.service.type"].create(
            {"name": "Maintenance", "code": "maint_test"}
        )

    def _contract_from_quote(self, periodicity="quarterly", start="2026-01-01"):
        quote = self._quote(
            price=1500.0, crm_periodicity=periodicity, crm_service_type_id=self.service_type.id
        )
        quote.action_confirm()
        with freeze_time(start):
            action = quote.action_crm_create_contract()
        return quote, self.env["contract.contract"].browse(action["res_id"])

    def test_accepted_quote_becomes_a_contract(self):
        quote, contract = self._contract_from_quote()
        self.assertEqual(contract.partner_id, self.prospect)
        self.assertEqual(contract.crm_sale_order_id, quote)
        self.assertEqual(contract.crm_service_type_id, self.service_type)
        self.assertRegex(contract.code, r"^CTR-\d{6}$")
        self.assertEqual(contract.contract_type, "sale")
        self.assertEqual(contract.recurring_rule_type, "quarterly")
        self.assertEqual(contract.contract_line_ids.product_id, self.product)
        self.assertEqual(contract.contract_line_ids.price_unit, 1500.0)
        self.assertEqual(contract.crm_amount, 1500.0)
        self.assertEqual(contract.date_start, date(2026, 1, 1))
        self.assertEqual(quote.crm_contract_count, 1)
        self.prospect.invalidate_recordset()
        self.assertEqual(self.prospect.crm_contract_count, 1)
        with self.assertRaises(UserError):
            quote.action_crm_create_contract()

    def test_only_an_accepted_quote_becomes_a_contract(self):
        with self.assertRaises(UserError):
            self._quote().action_crm_create_contract()

    def test_one_off_contract_invoices_once(self):
        _quote, contract = self._contract_from_quote("one_off")
        line = contract.contract_line_ids
        self.assertEqual(line.date_end, line.date_start)
        self.assertEqual(contract.date_end, date(2026, 1, 1))

    def test_statuses_and_their_search(self):
        _quote, contract = self._contract_from_quote("monthly")
        Contract = self.env["contract.contract"]
        with freeze_time("2025-12-15"):
            contract.invalidate_recordset(["crm_state"])
            self.assertEqual(contract.crm_state, "inactive")
            self.assertIn(contract, Contract.search([("crm_state", "=", "inactive")]))
        with freeze_time("2026-02-01"):
            contract.invalidate_recordset(["crm_state"])
            self.assertEqual(contract.crm_state, "active")
            self.assertIn(contract, Contract.search([("crm_state", "=", "active")]))
            self.assertNotIn(contract, Contract.search([("crm_state", "!=", "active")]))
        contract.contract_line_ids.date_end = date(2026, 6, 30)
        with freeze_time("2026-07-01"):
            contract.invalidate_recordset(["crm_state"])
            self.assertEqual(contract.crm_state, "ended")
            self.assertIn(contract, Contract.search([("crm_state", "in", ["ended"])]))

    def test_termination_needs_a_reason_and_stops_the_lines(self):
        _quote, contract = self._contract_from_quote("monthly")
        with self.assertRaises(UserError):
            contract.action_crm_terminate()
        contract.crm_termination_reason = "Fermeture du site de Vitrolles"
        with freeze_time("2026-03-15"):
            contract.action_crm_terminate()
        self.assertEqual(contract.crm_state, "terminated")
        self.assertEqual(contract.contract_line_ids.date_end, date(2026, 3, 15))
        self.assertIn("Fermeture", contract.message_ids[0].body)
        with self.assertRaises(UserError):
            contract.action_crm_terminate()

    def test_tacit_renewal_extends_the_contract(self):
        _quote, contract = self._contract_from_quote("monthly")
        contract.contract_line_ids.date_end = date(2026, 12, 31)
        contract.write({"crm_tacit_renewal": True, "crm_renewal_months": 12})
        with freeze_time("2026-12-31"):
            self.assertFalse(self.env["contract.contract"]._cron_crm_renew_contracts())
        with freeze_time("2027-01-01"):
            renewed = self.env["contract.contract"]._cron_crm_renew_contracts()
        self.assertIn(contract, renewed)
        self.assertEqual(contract.date_end, date(2027, 12, 31))

    def test_notice_deadline_business_and_consumer(self):
        _quote, contract = self._contract_from_quote("monthly")
        contract.contract_line_ids.date_end = date(2026, 12, 31)
        contract.write({"crm_tacit_renewal": True, "crm_notice_days": 30})
        self.company.crm_renewal_notice_days = 15
        self.assertFalse(contract.crm_is_consumer)
        self.assertEqual(contract.crm_notice_deadline, date(2026, 12, 1))
        self.assertEqual(contract.crm_renewal_notice_date, date(2026, 11, 16))
        consumer = self.env["res.partner"].create(
            {"name": "Jean Dupuis", "email": "jean.dupuis@example.fr"}
        )
        contract.partner_id = consumer
        self.assertTrue(contract.crm_is_consumer)
        # consumer code L215-1: from three months before the deadline
        self.assertEqual(contract.crm_renewal_notice_date, date(2026, 9, 1))

    def test_renewal_notice_sent_once_with_proof(self):
        self.contact.email = "claire.garnier@example.fr"
        quote = self._quote(partner=self.contact, crm_periodicity="monthly")
        quote.action_confirm()
        with freeze_time("2026-01-01"):
            contract = self.env["contract.contract"].browse(
                quote.action_crm_create_contract()["res_id"]
            )
        contract.contract_line_ids.date_end = date(2026, 12, 31)
        contract.write({"crm_tacit_renewal": True, "crm_notice_days": 30})
        Reminder = self.env["crm.reminder"]
        with freeze_time("2026-10-01"):
            self.assertFalse(Reminder.generate_automatic().filtered("contract_id"))
        with freeze_time("2026-11-02 09:00:00"):
            created = Reminder.generate_automatic()
            again = Reminder.generate_automatic()
        notice = created.filtered(lambda r: r.reminder_type == "renewal_notice")
        self.assertEqual(len(notice), 1)
        self.assertFalse(again.filtered("contract_id"), "never twice for the same end date")
        self.assertEqual(notice.state, "sent")
        self.assertEqual(notice.contract_id, contract)
        self.assertIn("claire.garnier@example.fr", notice.sent_to)
        self.assertEqual(str(notice.sent_date), "2026-11-02 09:00:00")
        self.assertIn(self.contact, notice.mail_message_id.partner_ids)
        self.assertIn("2026-12-01", str(notice.mail_message_id.body))
        self.assertEqual(contract.crm_reminder_ids, notice)
        self.assertIn("claire.garnier@example.fr", contract.message_ids[0].body)

    def test_contract_end_reminder(self):
        _quote, contract = self._contract_from_quote("monthly")
        contract.contract_line_ids.date_end = date(2026, 6, 30)
        self.company.crm_contract_reminder_days = 45
        Reminder = self.env["crm.reminder"]
        with freeze_time("2026-05-01"):
            self.assertFalse(Reminder.generate_automatic().filtered("contract_id"))
        with freeze_time("2026-05-20"):
            reminder = Reminder.generate_automatic().filtered("contract_id")
        self.assertEqual(reminder.reminder_type, "contract_end")
        self.assertEqual(reminder.state, "pending")
        self.assertEqual(reminder.due_date, date(2026, 6, 30))

    def test_salesperson_turns_own_quote_into_a_contract(self):
        """A Service CRM user (no accounting rights) does the whole flow on their own
        quote; a user of another company reads nothing of it."""
        quote = self._quote(user=self.salesperson, crm_periodicity="monthly")
        quote = quote.with_user(self.salesperson)
        quote.action_confirm()
        action = quote.action_crm_create_contract()
        contract = (
            self.env["contract.contract"].with_user(self.salesperson).browse(action["res_id"])
        )
        self.assertEqual(contract.crm_sale_order_id, quote)
        contract.crm_termination_reason = "Fin du besoin"
        contract.action_crm_terminate()
        self.assertEqual(contract.crm_state, "terminated")
        Contract = self.env["contract.contract"].with_user(self.salesperson_b)
        self.assertFalse(Contract.search([("id", "=", contract.id)]))
