from datetime import date

from odoo import Command
from odoo.exceptions import AccessError, ValidationError
from odoo.tests import TransactionCase, new_test_user, tagged

from .common import ItParkServiceCommon


@tagged("post_install", "-at_install")
class TestCompanyChecks(ItParkServiceCommon, TransactionCase):
    """Records stay in their users' companies, contracts cover their own customer's assets and
    tickets point to their own customer's contract (issue 8, items 2, 3, 4 and 7)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.asset_b = cls._asset(name="Poste atelier Moreau", customer_id=cls.customer_b.id)
        cls.contract_b = cls._contract(
            name="Maintenance Garage Moreau",
            partner_id=cls.customer_b.id,
            it_asset_ids=[Command.set(cls.asset_b.ids)],
        )
        cls.software = cls.env["it.software"].create(
            {"name": "Sauvegarde Pro", "company_id": False}
        )
        cls.licence = cls.env["it.license"].create(
            {
                "name": "Sauvegarde Pro 5 postes",
                "software_id": cls.software.id,
                "customer_id": cls.customer_a.id,
                "license_type": "perpetual",
                "company_id": cls.company_a.id,
            }
        )
        cls.request = cls.env["maintenance.request"].create(
            {"name": "Nettoyage serveur", "equipment_id": cls.asset_2.id}
        )
        cls.tech_ab = new_test_user(
            cls.env,
            "tech_ab",
            groups="it_park.group_manager",
            company_id=cls.company_a.id,
            company_ids=[cls.company_a.id, cls.company_b.id],
        )

    # 8.2: no record moves to a company its user does not belong to

    def test_technician_cannot_move_records_to_another_company(self):
        ticket = self._ticket(it_asset_ids=False, team_id=False)
        for record in (self.asset_2, self.licence, ticket, self.request):
            with self.subTest(model=record._name):
                with self.assertRaises(AccessError):
                    record.with_user(self.tech_a).write({"company_id": self.company_b.id})
                self.assertEqual(record.company_id, self.company_a)

    def test_manager_cannot_move_records_to_another_company(self):
        contract = self._contract(it_asset_ids=False, name="Contrat sans équipement")
        records = (
            contract,
            self.level,
            self.env["it.asset.model"].create(
                {"name": "ProLiant", "brand": "HPE", "company_id": self.company_a.id}
            ),
            self.env["it.asset.category"].create(
                {"name": "Onduleur", "code": "UPS", "company_id": self.company_a.id}
            ),
            self.env["it.software"].create({"name": "Antivirus", "company_id": self.company_a.id}),
        )
        for record in records:
            with self.subTest(model=record._name):
                with self.assertRaises(AccessError):
                    record.with_user(self.manager_a).write({"company_id": self.company_b.id})
                self.assertEqual(record.company_id, self.company_a)

    def test_cannot_create_in_another_company(self):
        Asset = self.env["maintenance.equipment"].with_user(self.tech_a)
        with self.assertRaises(AccessError):
            Asset.create(
                {
                    "name": "Portable",
                    "is_it_asset": True,
                    "customer_id": self.customer_a.id,
                    "company_id": self.company_b.id,
                }
            )
        with self.assertRaises(AccessError):
            self.env["it.service.level"].with_user(self.manager_a).create(
                {"name": "Argent", "resolution_hours": 24, "company_id": self.company_b.id}
            )

    def test_user_of_both_companies_moves_records(self):
        self.asset_2.with_user(self.tech_ab).write({"company_id": self.company_b.id})
        self.assertEqual(self.asset_2.company_id, self.company_b)
        self.licence.with_user(self.tech_ab).write({"company_id": self.company_b.id})
        self.assertEqual(self.licence.company_id, self.company_b)

    # 8.3: a contract covers its own customer's assets, in its own company

    def test_contract_covers_only_its_customer_assets(self):
        with self.assertRaises(ValidationError):
            self.contract.write({"it_asset_ids": [Command.link(self.asset_b.id)]})
        with self.assertRaises(ValidationError):
            self.asset_b.write({"it_covering_contract_ids": [Command.link(self.contract.id)]})
        self.assertNotIn(self.asset_b, self.contract.it_asset_ids)
        # nor the customer's asset in another company
        asset_other_company = self._asset(name="PC Sud", company_id=self.company_b.id)
        with self.assertRaises(ValidationError):
            asset_other_company.write(
                {"it_covering_contract_ids": [Command.link(self.contract.id)]}
            )
        # a covered asset does not change customer under its contract
        with self.assertRaises(ValidationError):
            self.asset.write({"customer_id": self.customer_b.id})
        # a contract does not change customer under its assets
        with self.assertRaises(ValidationError):
            self.contract.write({"partner_id": self.customer_b.id})

    def test_asset_side_needs_contract_write_rights(self):
        """A technician only reads contracts: linking or unlinking from the asset is refused."""
        Asset = self.env["maintenance.equipment"]
        with self.assertRaises(AccessError):
            self.asset_2.with_user(self.tech_a).write(
                {"it_covering_contract_ids": [Command.link(self.contract.id)]}
            )
        with self.assertRaises(AccessError):
            self.asset.with_user(self.tech_a).write({"it_covering_contract_ids": [Command.clear()]})
        with self.assertRaises(AccessError):
            Asset.with_user(self.tech_a).create(
                {
                    "name": "Imprimante accueil",
                    "is_it_asset": True,
                    "customer_id": self.customer_a.id,
                    "company_id": self.company_a.id,
                    "it_covering_contract_ids": [Command.link(self.contract.id)],
                }
            )
        self.assertEqual(self.contract.it_asset_ids, self.asset)
        # the technician still edits the asset itself
        self.asset.with_user(self.tech_a).write({"hostname": "nas-leroy"})
        # a manager writes contracts: from either side
        self.asset_2.with_user(self.manager_a).write(
            {"it_covering_contract_ids": [Command.link(self.contract.id)]}
        )
        self.assertEqual(self.contract.it_asset_ids, self.asset | self.asset_2)

    # 8.4: a ticket's contract is its customer's, in its company

    def test_ticket_contract_of_its_customer_only(self):
        ticket = self._ticket()
        self.assertEqual(ticket.it_contract_id, self.contract)
        with self.assertRaises(ValidationError):
            ticket.write({"it_contract_id": self.contract_b.id})
        with self.assertRaises(ValidationError):
            self._ticket(it_asset_ids=False, it_contract_id=self.contract_b.id)
        contract_other_company = self._contract(
            name="Contrat Sud",
            company_id=self.company_b.id,
            it_asset_ids=False,
            it_service_level_id=False,
            date_start=date(2026, 2, 1),
        )
        with self.assertRaises(ValidationError):
            ticket.write({"it_contract_id": contract_other_company.id})
        self.assertEqual(ticket.it_contract_id, self.contract)

    def test_intervention_contract_of_its_customer_only(self):
        self.assertFalse(self.request.it_contract_id)
        with self.assertRaises(ValidationError):
            self.request.write({"it_contract_id": self.contract_b.id})
        with self.assertRaises(ValidationError):
            self.env["maintenance.request"].create(
                {
                    "name": "Remplacement disque",
                    "equipment_id": self.asset.id,
                    "it_contract_id": self.contract_b.id,
                }
            )
        self.request.write({"it_contract_id": self.contract.id})
        self.assertEqual(self.request.it_contract_id, self.contract)

    # 8.7: licence keys are managers' only, at creation too

    def test_licence_key_at_creation_managers_only(self):
        vals = {
            "name": "Office 10 postes",
            "software_id": self.software.id,
            "customer_id": self.customer_a.id,
            "license_type": "perpetual",
        }
        License = self.env["it.license"]
        with self.assertRaises(AccessError):
            License.with_user(self.tech_a).create(dict(vals, license_key="OFF-SECRET-1234"))
        self.assertFalse(License.search([("name", "=", "Office 10 postes")]))
        licence = License.with_user(self.tech_a).create(vals)
        self.assertFalse(licence.sudo().license_key)
        licence = License.with_user(self.manager_a).create(
            dict(vals, license_key="OFF-SECRET-1234")
        )
        self.assertEqual(licence.sudo().license_key, "OFF-SECRET-1234")
