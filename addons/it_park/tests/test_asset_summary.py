from odoo import Command
from odoo.tests import Form, TransactionCase, tagged

from .common import ItParkServiceCommon


@tagged("post_install", "-at_install")
class TestAssetSummary(ItParkServiceCommon, TransactionCase):
    """The asset form as GLPI and Snipe-IT show it: counters of tickets, interventions,
    licences, contracts and documents, the installed software, and the financial summary
    (purchase, parts, hours and their cost, the covering contract's amount)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.asset.cost = 1200.0
        cls.part.standard_price = 48.0
        cls.env["hr.employee"].search([("user_id", "=", cls.tech_a.id)]).hourly_cost = 40.0
        cls.ticket = cls._ticket(user_id=cls.tech_a.id)
        cls.env["account.analytic.line"].create(
            {
                "name": "Diagnostic",
                "it_ticket_id": cls.ticket.id,
                "unit_amount": 1.5,
                "user_id": cls.tech_a.id,
            }
        )
        wizard = cls.env["it.consumable.delivery.wizard"].create(
            {
                "asset_id": cls.asset.id,
                "ticket_id": cls.ticket.id,
                "is_parts": True,
                "line_ids": [Command.create({"product_id": cls.part.id, "quantity": 2})],
            }
        )
        wizard.action_deliver()
        action = cls.ticket.action_it_create_intervention()
        cls.intervention = cls.env["maintenance.request"].browse(action["res_id"])
        cls.env["account.analytic.line"].create(
            {
                "name": "Remplacement disque",
                "it_request_id": cls.intervention.id,
                "unit_amount": 1.0,
                "user_id": cls.tech_a.id,
            }
        )
        # another asset's ticket counts for that asset only
        other_ticket = cls._ticket(it_asset_ids=[Command.set(cls.asset_2.ids)])
        cls.env["account.analytic.line"].create(
            {
                "name": "Autre poste",
                "it_ticket_id": other_ticket.id,
                "unit_amount": 3.0,
                "user_id": cls.tech_a.id,
            }
        )
        cls.software = cls.env["it.software"].create({"name": "Suite bureautique"})
        cls.licence = cls.env["it.license"].create(
            {
                "name": "Bureautique 5 postes",
                "software_id": cls.software.id,
                "customer_id": cls.customer_a.id,
                "license_type": "perpetual",
                "seats": 5,
            }
        )

    def test_financial_summary(self):
        asset = self.asset.with_user(self.tech_a)
        self.assertEqual(asset.it_hours_spent, 2.5)
        self.assertEqual(asset.it_parts_cost, 96.0)
        self.assertEqual(asset.it_labour_cost, 100.0)
        self.assertEqual(asset.it_total_cost, 1200.0 + 96.0 + 100.0)
        self.assertEqual(asset.it_contract_id, self.contract)
        self.assertEqual(asset.it_contract_amount, 300.0)
        self.assertEqual(asset.it_currency_id, self.company_a.currency_id)
        self.assertEqual(self.asset_2.it_hours_spent, 3.0)
        self.assertEqual(self.asset_2.it_parts_cost, 0.0)

    def test_counters_and_their_lists(self):
        self.env["it.license.assignment"].create(
            {"license_id": self.licence.id, "asset_id": self.asset.id}
        )
        self.env["ir.attachment"].create(
            {
                "name": "facture-achat-nas.pdf",
                "raw": b"%PDF-1.4",
                "res_model": "maintenance.equipment",
                "res_id": self.asset.id,
            }
        )
        asset = self.asset.with_user(self.tech_a)
        self.assertEqual(
            (
                asset.it_ticket_count,
                asset.maintenance_count,
                asset.it_license_count,
                asset.it_contract_count,
                asset.it_attachment_count,
            ),
            (1, 1, 1, 1, 1),
        )
        self.assertEqual(self.asset_2.it_ticket_count, 1)
        self.assertEqual(self.asset_2.it_license_count, 0)
        for method, model, expected in (
            ("action_it_view_tickets", "helpdesk.ticket", self.ticket),
            ("action_it_view_interventions", "maintenance.request", self.intervention),
            ("action_it_view_licenses", "it.license", self.licence),
            ("action_it_view_contracts", "contract.contract", self.contract),
        ):
            with self.subTest(method=method):
                action = getattr(asset, method)()
                self.assertEqual(action["res_model"], model)
                found = self.env[model].with_user(self.tech_a).search(action["domain"])
                self.assertEqual(found, expected)
        action = asset.action_it_view_attachments()
        self.assertEqual(
            self.env["ir.attachment"].search(action["domain"]).name, "facture-achat-nas.pdf"
        )

    def test_licence_seat_installs_its_software(self):
        self.assertFalse(self.asset.it_software_ids)
        self.env["it.license.assignment"].create(
            {"license_id": self.licence.id, "asset_id": self.asset.id}
        )
        self.assertEqual(self.asset.it_software_ids, self.software)
        antivirus = self.env["it.software"].create({"name": "Antivirus"})
        self.asset.with_user(self.tech_a).it_software_ids = [Command.link(antivirus.id)]
        self.assertEqual(self.asset.it_software_ids, self.software | antivirus)

    def test_technician_opens_the_asset_form(self):
        form = Form(self.asset.with_user(self.tech_a), view="it_park.it_asset_view_form")
        self.assertEqual(form.it_ticket_count, 1)
        self.assertEqual(form.it_hours_spent, 2.5)
        self.assertEqual(form.it_total_cost, 1396.0)

    def test_summary_in_constant_queries(self):
        assets = self.asset | self.asset_2
        assets.invalidate_recordset()
        self.env.invalidate_all()
        with self.assertQueryCount(__system__=19):
            assets.mapped("it_total_cost")
            assets.mapped("it_ticket_count")
        more = assets | self._asset(name="Imprimante") | self._asset(name="Switch")
        self.env.invalidate_all()
        with self.assertQueryCount(__system__=19):
            more.mapped("it_total_cost")
            more.mapped("it_ticket_count")
