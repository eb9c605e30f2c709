from datetime import date

from odoo.exceptions import AccessError, ValidationError
from odoo.tests import TransactionCase, tagged

from .common import ItParkCommon


@tagged("post_install", "-at_install")
class TestLicense(ItParkCommon, TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.software = cls.env["it.software"].create({"name": "Microsoft 365", "publisher": "MS"})
        cls.licence = cls.env["it.license"].create(
            {
                "name": "M365 Business Standard",
                "software_id": cls.software.id,
                "customer_id": cls.customer_a.id,
                "license_key": "ABCDE-12345-FGHIJ-67890",
                "seats": 2,
                "date_start": date(2026, 1, 1),
                "date_end": date(2027, 1, 1),
            }
        )

    def test_seats_used_and_over_quota(self):
        asset = self._asset()
        Seat = self.env["it.license.assignment"]
        Seat.create({"license_id": self.licence.id, "asset_id": asset.id})
        Seat.create({"license_id": self.licence.id, "partner_id": self.contact_a.id})
        self.assertEqual(self.licence.seats_used, 2)
        self.assertFalse(self.licence.is_over_quota)
        Seat.create({"license_id": self.licence.id, "asset_id": self._asset(name="PC 2").id})
        self.assertEqual(self.licence.seats_used, 3)
        self.assertTrue(self.licence.is_over_quota)
        self.assertIn(self.licence, self.env["it.license"].search([("is_over_quota", "=", True)]))

    def test_seat_goes_to_one_target_of_the_customer(self):
        Seat = self.env["it.license.assignment"]
        with self.assertRaises(ValidationError):
            Seat.create({"license_id": self.licence.id})
        with self.assertRaises(ValidationError):
            Seat.create(
                {
                    "license_id": self.licence.id,
                    "asset_id": self._asset().id,
                    "partner_id": self.contact_a.id,
                }
            )
        other_asset = self._asset(customer_id=self.customer_b.id)
        with self.assertRaises(ValidationError):
            Seat.create({"license_id": self.licence.id, "asset_id": other_asset.id})
        self.assertEqual(self.licence.seats_used, 0)

    def test_key_visible_to_manager_only(self):
        as_manager = self.licence.with_user(self.manager_a)
        self.assertEqual(as_manager.license_key, "ABCDE-12345-FGHIJ-67890")
        as_tech = self.licence.with_user(self.tech_a)
        self.assertEqual(as_tech.license_key_masked, "••••••••7890")
        self.assertNotIn("ABCDE", as_tech.license_key_masked)
        with self.assertRaises(AccessError):
            as_tech.read(["license_key"])
        with self.assertRaises(AccessError):
            as_tech.write({"license_key": "stolen"})
        self.assertNotIn("license_key", as_tech.fields_get())

    def test_subscription_needs_consistent_dates(self):
        with self.assertRaises(ValidationError):
            self.env["it.license"].create(
                {"name": "Sophos", "software_id": self.software.id, "license_type": "subscription"}
            )
        with self.assertRaises(ValidationError):
            self.licence.date_end = date(2025, 1, 1)
        perpetual = self.env["it.license"].create(
            {"name": "Office 2021", "software_id": self.software.id, "license_type": "perpetual"}
        )
        self.assertFalse(perpetual.date_end)
