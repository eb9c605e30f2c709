from freezegun import freeze_time

from odoo.exceptions import ValidationError
from odoo.tests import TransactionCase, tagged

from .common import CrmServicesMixin


@tagged("post_install", "-at_install")
class TestPartner(CrmServicesMixin, TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.setUpCrmServices()

    def test_siret_splits_into_siren_and_nic(self):
        self.assertEqual(self.prospect.siren, "732829320")
        self.assertEqual(self.prospect.nic, "00074")

    def test_invalid_siret_is_refused(self):
        with self.assertRaises(ValidationError):
            self.env["res.partner"].create(
                {"name": "Faux SIRET", "is_company": True, "siret": "73282932000075"}
            )

    def test_same_siren_warns(self):
        other = self.env["res.partner"].create(
            {"name": "Provence Froid (agence Nice)", "is_company": True, "siret": "73282932000082"}
        )
        self.assertIn(self.prospect, other.same_siren_partner_ids)

    def test_contacts_share_the_qualification(self):
        self.prospect.write({"crm_legal_form": "sas", "crm_headcount": 42})
        self.assertEqual(self.contact.crm_category, "prospect")
        self.assertEqual(self.contact.crm_legal_form, "sas")
        self.assertEqual(self.contact.crm_headcount, 42)

    def test_main_contact_must_be_a_contact_of_the_company(self):
        self.prospect.crm_main_contact_id = self.contact
        stranger = self.env["res.partner"].create({"name": "Inconnu"})
        with self.assertRaises(ValidationError):
            self.prospect.crm_main_contact_id = stranger

    def test_first_contact_date_defaults_to_today(self):
        with freeze_time("2026-03-02"):
            partner = self.env["res.partner"].create({"name": "Nouveau prospect"})
        self.assertEqual(str(partner.crm_first_contact_date), "2026-03-02")

    def test_activity_done_moves_last_activity_date(self):
        self.assertFalse(self.prospect.crm_last_activity_date)
        activity = self.env["mail.activity"].create(
            {
                "res_model_id": self.env["ir.model"]._get_id("res.partner"),
                "res_id": self.contact.id,
                "activity_type_id": self.env.ref("mail.mail_activity_data_call").id,
                "summary": "Appel de découverte",
            }
        )
        with freeze_time("2026-04-10"):
            activity.action_feedback("Besoin de maintenance des chambres froides")
        self.assertEqual(str(self.prospect.crm_last_activity_date), "2026-04-10")
        # an older activity never moves the date back
        self.prospect._crm_touch(self.prospect.crm_last_activity_date.replace(year=2025))
        self.assertEqual(str(self.prospect.crm_last_activity_date), "2026-04-10")

    def test_activity_on_a_quote_moves_its_customer(self):
        quote = self._quote()
        quote.activity_schedule("mail.mail_activity_data_meeting", summary="Réunion")
        with freeze_time("2026-05-05"):
            quote.activity_ids.action_feedback("Réunion faite")
        self.assertEqual(str(self.prospect.crm_last_activity_date), "2026-05-05")

    def test_counters(self):
        self._quote()
        self._quote(partner=self.contact)
        self.contact.activity_schedule("mail.mail_activity_data_call", summary="Rappeler")
        self.prospect.invalidate_recordset()
        self.assertEqual(self.prospect.crm_quote_count, 2)
        self.assertEqual(self.prospect.crm_activity_count, 1)
        self.assertEqual(self.prospect.crm_contract_count, 0)
        self.prospect.activity_ids.action_feedback("fait")
        self.contact.activity_ids.action_feedback("fait")
        self.prospect.invalidate_recordset()
        self.assertEqual(self.prospect.crm_activity_count, 1, "a done activity still counts")
        action = self.prospect.action_crm_open_quotes()
        self.assertEqual(self.env["sale.order"].search_count(action["domain"]), 2)
