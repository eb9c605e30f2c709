from datetime import date

from odoo.exceptions import AccessError, UserError
from odoo.tests import TransactionCase, tagged

from .common import ItParkCommon


@tagged("post_install", "-at_install")
class TestMultiCompany(ItParkCommon, TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.asset_a = cls._asset(name="PC A")
        cls.asset_b = cls._asset(
            name="PC B", customer_id=cls.customer_b.id, company_id=cls.company_b.id
        )
        Software = cls.env["it.software"]
        cls.software_a = Software.create({"name": "Veeam A", "company_id": cls.company_a.id})
        cls.software_b = Software.create({"name": "Veeam B", "company_id": cls.company_b.id})
        License = cls.env["it.license"]
        cls.licence_a = License.create(
            {
                "name": "Veeam A",
                "software_id": cls.software_a.id,
                "company_id": cls.company_a.id,
                "date_end": date(2027, 1, 1),
            }
        )
        cls.licence_b = License.create(
            {
                "name": "Veeam B",
                "software_id": cls.software_b.id,
                "company_id": cls.company_b.id,
                "date_end": date(2027, 1, 1),
            }
        )

    def test_read_only_own_company(self):
        for user, mine, theirs in [
            (self.tech_a, [self.asset_a, self.licence_a], [self.asset_b, self.licence_b]),
            (self.tech_b, [self.asset_b, self.licence_b], [self.asset_a, self.licence_a]),
        ]:
            expiring = self.env["it.park.expiring"].with_user(user).search([])
            for record in mine:
                self.assertIn(record, self.env[record._name].with_user(user).search([]))
            for record in theirs:
                self.assertNotIn(record, self.env[record._name].with_user(user).search([]))
                with self.assertRaises(AccessError):
                    record.with_user(user).read(["name"])
            self.assertEqual(set(expiring.company_id.ids), {user.company_id.id})

    def test_write_other_company_refused(self):
        with self.assertRaises(AccessError):
            self.asset_b.with_user(self.tech_a).write({"name": "hijack"})
        with self.assertRaises(AccessError):
            self.licence_b.with_user(self.tech_a).write({"seats": 99})
        self.assertEqual(self.asset_b.name, "PC B")
        self.asset_a.with_user(self.tech_a).write({"name": "PC A2"})
        self.assertEqual(self.asset_a.name, "PC A2")

    def test_create_in_other_company_refused(self):
        Asset = self.env["maintenance.equipment"].with_user(self.tech_a)
        mine = Asset.create({"name": "new", "is_it_asset": True, "customer_id": self.customer_a.id})
        self.assertEqual(mine.company_id, self.company_a)
        with self.assertRaises(AccessError):
            Asset.create({"name": "x", "is_it_asset": True, "company_id": self.company_b.id})
        with self.assertRaises(UserError):
            self.env["it.license"].with_user(self.tech_a).create(
                {"name": "x", "software_id": self.software_b.id, "date_end": date(2027, 1, 1)}
            )
        with self.assertRaises(UserError):
            self.env["it.license.assignment"].with_user(self.tech_a).create(
                {"license_id": self.licence_a.id, "asset_id": self.asset_b.id}
            )
        self.assertFalse(self.licence_a.assignment_ids)

    def test_unlink(self):
        with self.assertRaises(AccessError):
            self.asset_a.with_user(self.tech_a).unlink()  # technicians do not delete
        manager_b = self.manager_a.copy(
            {
                "login": "manager_b",
                "company_id": self.company_b.id,
                "company_ids": [self.company_b.id],
            }
        )
        with self.assertRaises(AccessError):
            self.asset_a.with_user(manager_b).unlink()
        with self.assertRaises(AccessError):
            self.licence_a.with_user(manager_b).unlink()
        self.assertTrue(self.asset_a.exists() and self.licence_a.exists())
        self.licence_a.with_user(self.manager_a).unlink()
        self.asset_a.with_user(self.manager_a).unlink()
        self.assertFalse(self.asset_a.exists() or self.licence_a.exists())
