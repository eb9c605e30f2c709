from datetime import timedelta

from odoo import Command
from odoo.tests import TransactionCase, tagged

from .common import ItParkCommon


@tagged("post_install", "-at_install")
class TestExpiringSoon(ItParkCommon, TransactionCase):
    def test_lists_warranties_and_licences_of_next_60_days(self):
        today = self.env["res.partner"].browse().env.cr.now().date()
        soon = self._asset(name="Bientôt", warranty_date=today + timedelta(days=20))
        later = self._asset(name="Plus tard", warranty_date=today + timedelta(days=200))
        software = self.env["it.software"].create({"name": "Veeam"})
        licence = self.env["it.license"].create(
            {
                "name": "Veeam B&R",
                "software_id": software.id,
                "date_end": today + timedelta(days=59),
            }
        )
        self.env.flush_all()
        action = self.env["ir.actions.act_window"]._for_xml_id("it_park.it_park_expiring_action")
        self.assertIn("search_default_next_60_days", action["context"])
        domain = [
            ("expiry_date", ">=", today),
            ("expiry_date", "<=", today + timedelta(days=60)),
        ]
        items = self.env["it.park.expiring"].with_user(self.tech_a).search(domain)
        self.assertEqual(items.asset_id & (soon | later), soon)
        self.assertIn(licence, items.license_id)
        item = items.filtered(lambda i: i.license_id == licence)
        self.assertEqual(item.display_name, "Veeam B&R")
        self.assertEqual(item.action_open_record()["res_id"], licence.id)

    def test_lists_ending_contracts(self):
        today = self.env["res.partner"].browse().env.cr.now().date()
        product = self.env["product.product"].create({"name": "Forfait", "type": "service"})
        contract = self.env["contract.contract"].create(
            {
                "name": "Infogérance Leroy",
                "partner_id": self.customer_a.id,
                "company_id": self.company_a.id,
                "it_contract_kind": "maintenance",
                "line_recurrence": True,
                "contract_line_ids": [
                    Command.create(
                        {
                            "product_id": product.id,
                            "name": "Forfait",
                            "date_start": today - timedelta(days=300),
                            "date_end": today + timedelta(days=45),
                            "recurring_rule_type": "monthly",
                        }
                    )
                ],
            }
        )
        self.env.flush_all()
        [item] = self.env["it.park.expiring"].search([("contract_id", "=", contract.id)])
        self.assertEqual(item.kind, "contract")
        self.assertEqual(item.expiry_date, today + timedelta(days=45))
        self.assertEqual(item.customer_id, self.customer_a)
        self.assertEqual(item.display_name, contract.display_name)
        self.assertEqual(item.action_open_record()["res_model"], "contract.contract")
