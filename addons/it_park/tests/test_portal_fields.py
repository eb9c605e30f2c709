from datetime import date

from odoo.exceptions import AccessError
from odoo.tests import HttpCase, tagged
from odoo.tests.common import JsonRpcException

from .common import ItParkPortalCommon


@tagged("post_install", "-at_install")
class TestPortalFields(ItParkPortalCommon, HttpCase):
    """What a portal user reads over JSON-RPC beyond the pages: only their own contracts'
    modifications, and none of the internal fields of their assets and contracts (issue 8,
    items 5 and 6)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Modification = cls.env["contract.modification"]
        cls.modification_a = Modification.create(
            {
                "contract_id": cls.contract_a.id,
                "date": date(2026, 2, 1),
                "description": "Ajout du NAS",
            }
        )
        cls.modification_b = Modification.create(
            {
                "contract_id": cls.contract_b.id,
                "date": date(2026, 2, 1),
                "description": "Garage: remise de 20 %",
            }
        )
        cls.asset_a.write(
            {
                "ip_address": "192.168.10.20",
                "mac_address": "AA:BB:CC:DD:EE:01",
                "cost": 1890.0,
                "partner_ref": "FOURNISSEUR-REF-77",
            }
        )
        cls.contract_a.it_invoice_error = "Compte client bloqué"

    def test_contract_modifications_own_contracts_only(self):
        Modification = self.env["contract.modification"].with_user(self.portal_a)
        self.assertIn(self.modification_a, Modification.search([]))
        self.assertEqual(Modification.search([]).contract_id, self.contract_a)
        with self.assertRaises(AccessError):
            self.modification_b.with_user(self.portal_a).read(["description"])
        # shared with the customer (follower of the contract): its changes are readable too
        self.contract_b.message_subscribe(partner_ids=self.contact_a.ids)
        self.env.flush_all()
        self.assertEqual(Modification.search([]).contract_id, self.contract_a | self.contract_b)
        self.assertEqual(
            self.env["contract.modification"].with_user(self.portal_b).search([]).contract_id,
            self.contract_b,
        )

    def test_internal_fields_not_readable_by_portal(self):
        asset = self.asset_a.with_user(self.portal_a)
        self.assertEqual(asset.read(["name"])[0]["name"], "Serveur NAS Tour")
        for fname in (
            "cost",
            "partner_id",
            "partner_ref",
            "technician_user_id",
            "ip_address",
            "mac_address",
            "note",
        ):
            with self.subTest(field=fname), self.assertRaises(AccessError):
                asset.read([fname])
        with self.assertRaises(AccessError):
            self.contract_a.with_user(self.portal_a).read(["it_invoice_error"])
        # an internal user still reads them
        self.assertEqual(self.asset_a.read(["ip_address"])[0]["ip_address"], "192.168.10.20")

    def test_internal_fields_over_json_rpc(self):
        self.authenticate("portal_a", "portal_a")

        def call_read(model, record, fnames):
            return self.make_jsonrpc_request(
                f"/web/dataset/call_kw/{model}/read",
                {"model": model, "method": "read", "args": [record.ids, fnames], "kwargs": {}},
            )

        self.assertEqual(
            call_read("maintenance.equipment", self.asset_a, ["name"])[0]["name"],
            "Serveur NAS Tour",
        )
        with self.assertRaises(JsonRpcException) as error:
            call_read("maintenance.equipment", self.asset_a, ["ip_address", "cost"])
        self.assertEqual(error.exception.args[0], "odoo.exceptions.AccessError")
        with self.assertRaises(JsonRpcException) as error:
            call_read("contract.contract", self.contract_a, ["it_invoice_error"])
        self.assertEqual(error.exception.args[0], "odoo.exceptions.AccessError")
        # the asset passport still shows what it shows, and not the internal fields
        page = self.url_open(f"/my/assets/{self.asset_a.id}").text
        self.assertIn("NAS-SN-4242", page)
        for secret in ("192.168.10.20", "FOURNISSEUR-REF-77", "1890"):
            self.assertNotIn(secret, page)
        self.assertEqual(self.url_open(f"/my/contracts/{self.contract_a.id}").status_code, 200)
