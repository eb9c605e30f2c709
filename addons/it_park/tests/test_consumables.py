from odoo import Command
from odoo.exceptions import AccessError, UserError
from odoo.tests import TransactionCase, new_test_user, tagged

from .common import ItParkCommon


@tagged("post_install", "-at_install")
class TestConsumables(ItParkCommon, TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.toner = cls.env["product.product"].create(
            {"name": "Toner HP 59A", "is_storable": True, "is_it_consumable": True}
        )
        cls.model = cls.env["it.asset.model"].create(
            {
                "brand": "HP",
                "name": "LaserJet Pro M404dn",
                "consumable_product_ids": [Command.link(cls.toner.id)],
            }
        )
        cls.warehouse = cls.env["stock.warehouse"].search(
            [("company_id", "=", cls.company_a.id)], limit=1
        )
        cls.env["stock.quant"]._update_available_quantity(cls.toner, cls.warehouse.lot_stock_id, 10)
        cls.printer = cls._asset(name="Imprimante", asset_model_id=cls.model.id)

    def _wizard(self, user, quantity=2):
        return (
            self.env["it.consumable.delivery.wizard"]
            .with_user(user)
            .with_context(default_asset_id=self.printer.id)
            .create(
                {"line_ids": [Command.create({"product_id": self.toner.id, "quantity": quantity})]}
            )
        )

    def test_asset_model_lists_compatible_consumables(self):
        self.assertEqual(self.printer.compatible_consumable_ids, self.toner)
        defaults = (
            self.env["it.consumable.delivery.wizard"]
            .with_context(default_asset_id=self.printer.id)
            .default_get(["asset_id", "line_ids"])
        )
        self.assertEqual(defaults["line_ids"][0][2]["product_id"], self.toner.id)

    def test_delivery_moves_stock_to_customer_location(self):
        picking = self._wizard(self.tech_a).action_deliver()
        self.assertEqual(picking.state, "done")
        location = picking.location_dest_id
        # the customer's own location in core's "Customer Location" property
        self.assertEqual(
            self.customer_a.with_company(self.company_a).property_stock_customer, location
        )
        self.assertEqual(location.company_id, self.company_a)
        self.assertEqual(location.location_id, self.env.ref("stock.stock_location_customers"))
        self.assertEqual(
            self.toner.with_context(location=self.warehouse.lot_stock_id.id).qty_available, 8
        )
        Quant = self.env["stock.quant"]
        # the customer location keeps count of what the customer received
        self.assertEqual(Quant._get_available_quantity(self.toner, location), 2)
        self.assertEqual(sum(picking.move_ids.mapped("quantity")), 2)
        # second delivery reuses the location
        self.assertEqual(self._wizard(self.tech_a, 1).action_deliver().location_dest_id, location)

    def test_delivery_refusals(self):
        with self.assertRaises(UserError):
            self._wizard(self.tech_a, 0).action_deliver()
        self.printer.customer_id = False
        with self.assertRaises(UserError):
            self._wizard(self.tech_a).action_deliver()
        self.printer.customer_id = self.customer_a
        with self.assertRaises(AccessError):
            self._wizard(self.tech_b).action_deliver()
        self.assertEqual(
            self.toner.with_context(location=self.warehouse.lot_stock_id.id).qty_available, 10
        )

    def test_customer_locations_are_per_company(self):
        location_a = self.customer_a._it_park_customer_location(self.company_a)
        location_b = self.customer_a._it_park_customer_location(self.company_b)
        self.assertNotEqual(location_a, location_b)
        self.assertEqual(location_b.company_id, self.company_b)
        self.assertEqual(
            self.customer_a.with_company(self.company_b).property_stock_customer, location_b
        )
        self.assertEqual(self.customer_a._it_park_customer_location(self.company_a), location_a)
        stock_user_b = new_test_user(
            self.env,
            "stock_b",
            groups="stock.group_stock_user",
            company_id=self.company_b.id,
            company_ids=[self.company_b.id],
        )
        Location = self.env["stock.location"].with_user(stock_user_b)
        self.assertEqual(Location.search([("id", "in", (location_a | location_b).ids)]), location_b)
        with self.assertRaises(AccessError):
            location_a.with_user(stock_user_b).read(["name"])
