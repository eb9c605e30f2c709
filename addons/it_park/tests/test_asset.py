import ast
from datetime import date

from freezegun import freeze_time
from psycopg2 import IntegrityError

from odoo.exceptions import ValidationError
from odoo.service.model import _as_validation_error
from odoo.tests import TransactionCase, tagged
from odoo.tools import mute_logger

from .common import ItParkCommon


@tagged("post_install", "-at_install")
class TestAsset(ItParkCommon, TransactionCase):
    def test_network_fields_accept_valid_values(self):
        asset = self._asset(
            hostname="pc-accueil.leroy.lan",
            ip_address="192.168.1.20",
            mac_address="AA:BB:CC:00:11:22",
        )
        asset.ip_address = "2001:db8::1"
        asset.mac_address = "aa-bb-cc-00-11-22"
        self.assertEqual(asset.ip_address, "2001:db8::1")

    def test_bad_ip_mac_hostname_are_refused(self):
        for field, value in [
            ("ip_address", "192.168.1.300"),
            ("ip_address", "not-an-ip"),
            ("mac_address", "AA:BB:CC:00:11"),
            ("mac_address", "GG:BB:CC:00:11:22"),
            ("hostname", "-bad-.lan"),
            ("hostname", "under_score"),
        ]:
            with self.subTest(field=field, value=value), self.assertRaises(ValidationError):
                self._asset(name="bad", **{field: value})
        self.assertFalse(self.env["maintenance.equipment"].search([("name", "=", "bad")]))

    def test_inventory_tag_unique_per_company(self):
        self._asset(inventory_tag="INV-001")
        # another company may reuse the tag
        other = self._asset(inventory_tag="INV-001", company_id=self.company_b.id)
        self.assertEqual(other.company_id, self.company_b)
        with mute_logger("odoo.sql_db"), self.assertRaises(IntegrityError), self.cr.savepoint():
            self._asset(inventory_tag="INV-001")

    def test_shared_records_cannot_share_a_code(self):
        """unique(code, company_id) lets two records without company (shared) have the same
        code, NULLs being distinct in SQL: ours is a unique index on COALESCE(company_id, 0)."""
        Category = self.env["it.asset.category"]
        Category.create({"name": "Tablette", "code": "tablet", "company_id": False})
        with mute_logger("odoo.sql_db"), self.assertRaises(IntegrityError) as caught:
            with self.cr.savepoint():
                Category.create({"name": "Tablette bis", "code": "tablet", "company_id": False})
        self.assertEqual(Category.search_count([("code", "=", "tablet")]), 1)
        # the user reads our message, not PostgreSQL's
        self.assertIn(
            "The code must be unique per company, and among the categories shared",
            str(_as_validation_error(self.env, caught.exception)),
        )
        # a company may still have its own category with that code, once
        Category.create({"name": "Tablette A", "code": "tablet", "company_id": self.company_a.id})
        with mute_logger("odoo.sql_db"), self.assertRaises(IntegrityError), self.cr.savepoint():
            Category.create(
                {"name": "Tablette A2", "code": "tablet", "company_id": self.company_a.id}
            )

        # same for the inventory tag of equipment without company
        Equipment = self.env["maintenance.equipment"]
        Equipment.create({"name": "Onduleur", "inventory_tag": "SHARED-1", "company_id": False})
        with mute_logger("odoo.sql_db"), self.assertRaises(IntegrityError), self.cr.savepoint():
            Equipment.create(
                {"name": "Onduleur 2", "inventory_tag": "SHARED-1", "company_id": False}
            )
        self.assertEqual(Equipment.search_count([("inventory_tag", "=", "SHARED-1")]), 1)

    def test_site_and_end_user_belong_to_the_customer(self):
        asset = self._asset(site_id=self.site_a.id, end_user_id=self.contact_a.id)
        self.assertEqual(asset.end_user_id, self.contact_a)
        with self.assertRaises(ValidationError):
            self._asset(customer_id=self.customer_b.id, end_user_id=self.contact_a.id)

    def test_components_cannot_loop(self):
        tower = self._asset(name="Serveur")
        disk = self._asset(name="Disque", it_parent_id=tower.id)
        self.assertEqual(tower.it_child_ids, disk)
        with self.assertRaises(ValidationError):
            tower.it_parent_id = disk

    @freeze_time("2026-03-02")
    def test_warranty_end_and_status(self):
        asset = self._asset(warranty_start_date=date(2024, 3, 1), warranty_duration=36)
        self.assertEqual(asset.warranty_date, date(2027, 3, 1))
        self.assertEqual(asset.warranty_state, "valid")
        asset.warranty_date = date(2026, 4, 1)
        self.assertEqual(asset.warranty_state, "expiring")
        asset.warranty_date = date(2026, 3, 1)
        self.assertEqual(asset.warranty_state, "expired")
        self.company_a.it_park_alert_days_1 = 10
        asset.warranty_date = date(2026, 4, 1)
        self.assertEqual(asset.warranty_state, "valid")

    def test_changes_are_tracked_in_chatter(self):
        asset = self._asset()
        self.env.flush_all()
        self.env.cr.precommit.run()  # creation and changes are tracked in separate transactions
        asset.write({"it_state": "deployed", "ip_address": "10.0.0.5"})
        self.env.flush_all()
        self.env.cr.precommit.run()
        self.env.invalidate_all()
        tracked = asset.message_ids.sudo().tracking_value_ids.field_id.mapped("name")
        self.assertIn("it_state", tracked)
        self.assertIn("ip_address", tracked)

    def test_plain_equipment_untouched(self):
        drill = self.env["maintenance.equipment"].create({"name": "Perceuse"})
        self.assertFalse(drill.is_it_asset)
        self.assertFalse(drill.it_category_id)
        # a plain equipment is not listed in the IT park
        action = self.env["ir.actions.act_window"]._for_xml_id("it_park.it_asset_action")
        domain = ast.literal_eval(action["domain"])
        self.assertNotIn(drill, self.env["maintenance.equipment"].search(domain))

    def test_technician_sees_all_it_assets_of_his_company(self):
        asset = self._asset()
        self.assertEqual(asset.with_user(self.tech_a).name, "PC comptoir")
        drill = self.env["maintenance.equipment"].create({"name": "Perceuse"})
        self.assertNotIn(drill, self.env["maintenance.equipment"].with_user(self.tech_a).search([]))
