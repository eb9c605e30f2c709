from odoo import Command
from odoo.exceptions import AccessError
from odoo.tests import TransactionCase, tagged

from .common import ItParkServiceCommon


@tagged("post_install", "-at_install")
class TestInterventions(ItParkServiceCommon, TransactionCase):
    def test_corrective_from_ticket(self):
        ticket = self._ticket(user_id=self.tech_a.id)
        action = ticket.action_it_create_intervention()
        request = self.env["maintenance.request"].browse(action["res_id"])
        self.assertEqual(request.it_ticket_id, ticket)
        self.assertEqual(request.equipment_id, self.asset)
        self.assertEqual(request.maintenance_type, "corrective")
        self.assertEqual(request.it_contract_id, self.contract)
        self.assertEqual(request.user_id, self.tech_a)
        self.assertEqual(ticket.it_request_count, 1)
        self.assertIn("Intervention", self.asset.message_ids[0].body)

    def test_preventive_per_contract(self):
        self.contract.write(
            {"it_preventive_interval": 6, "it_asset_ids": [Command.link(self.asset_2.id)]}
        )
        requests = self.contract.action_it_plan_preventive()
        self.assertEqual(requests.equipment_id, self.asset | self.asset_2)
        self.assertEqual(set(requests.mapped("repeat_interval")), {6})
        self.assertTrue(all(requests.mapped("recurring_maintenance")))
        self.assertEqual(set(requests.mapped("maintenance_type")), {"preventive"})
        self.assertFalse(self.contract.action_it_plan_preventive(), "already planned")

    def test_time_parts_and_report(self):
        ticket = self._ticket()
        request = self.env["maintenance.request"].browse(
            ticket.action_it_create_intervention()["res_id"]
        )
        request.it_work_done = "<p>Remplacement du disque défectueux</p>"
        self.env["account.analytic.line"].create(
            {"name": "Remplacement disque", "it_request_id": request.id, "unit_amount": 2.0}
        )
        action = request.action_it_consume_parts()
        wizard = (
            self.env[action["res_model"]]
            .with_context(**action["context"])
            .create({"line_ids": [Command.create({"product_id": self.part.id, "quantity": 1})]})
        )
        wizard.action_deliver()
        self.assertEqual(request.it_move_ids.state, "done")
        self.assertEqual(request.it_move_ids.it_ticket_id, ticket)
        self.assertEqual(request.it_hours_spent, 2.0)
        html = (
            self.env["ir.actions.report"]
            ._render_qweb_html("it_park.report_it_intervention", request.ids)[0]
            .decode()
        )
        self.assertIn("Remplacement du disque défectueux", html)
        self.assertIn("Disque SSD 512 Go", html)
        self.assertIn("02:00", html)
        self.assertIn("Serveur NAS", html)

    def test_other_company_technician_cannot_read(self):
        request = self.env["maintenance.request"].create(
            {"name": "Révision", "equipment_id": self.asset.id, "company_id": self.company_a.id}
        )
        with self.assertRaises(AccessError):
            request.with_user(self.tech_b).read(["name"])
