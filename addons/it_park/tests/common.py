from datetime import date

from odoo.tests import TransactionCase, new_test_user


class ItParkCase(TransactionCase):
    """Two MSP companies, a technician and a manager in each, a customer with a contact and a
    site per company."""

    TODAY = date(2026, 3, 2)

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=False))
        cls.company_a = cls.env.company
        cls.company_b = cls.env["res.company"].create({"name": "Infogérance Sud"})
        cls.tech_a = new_test_user(
            cls.env,
            "tech_a",
            groups="it_park.group_user",
            company_id=cls.company_a.id,
            company_ids=[cls.company_a.id],
        )
        cls.manager_a = new_test_user(
            cls.env,
            "manager_a",
            groups="it_park.group_manager",
            company_id=cls.company_a.id,
            company_ids=[cls.company_a.id],
        )
        cls.tech_b = new_test_user(
            cls.env,
            "tech_b",
            groups="it_park.group_user",
            company_id=cls.company_b.id,
            company_ids=[cls.company_b.id],
        )
        cls.account_manager = new_test_user(cls.env, "am_a", groups="it_park.group_user")
        Partner = cls.env["res.partner"]
        cls.customer_a = Partner.create(
            {"name": "Pharmacie Leroy", "is_company": True, "user_id": cls.account_manager.id}
        )
        cls.contact_a = Partner.create({"name": "Julie Leroy", "parent_id": cls.customer_a.id})
        cls.site_a = Partner.create(
            {"name": "Officine Croix-Rousse", "parent_id": cls.customer_a.id, "type": "other"}
        )
        cls.customer_b = Partner.create({"name": "Garage Moreau", "is_company": True})
        cls.category_pc = cls.env.ref("it_park.it_asset_category_computer")
        cls.Asset = cls.env["maintenance.equipment"].with_context(default_is_it_asset=True)

    @classmethod
    def _asset(cls, **values):
        vals = {
            "name": "PC comptoir",
            "is_it_asset": True,
            "customer_id": cls.customer_a.id,
            "it_category_id": cls.category_pc.id,
            "company_id": cls.company_a.id,
        }
        vals.update(values)
        return cls.env["maintenance.equipment"].create(vals)
