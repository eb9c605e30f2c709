import copy

from odoo import Command
from odoo.tests import new_test_user

NAMESPACE = "test_app"


class OrderSyncCommon:
    """Fixtures shared by the order_sync tests: two companies, an integration user and a source in
    each, products mapped to app ids in the namespace ``test_app``. Mixed into TransactionCase or
    HttpCase; no demo data is needed."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True))
        cls.company = cls.env.company
        cls.company_b = cls.env["res.company"].create({"name": "Order Sync Co B"})
        cls.integration = new_test_user(
            cls.env, "os_integration", groups="order_sync.group_integration"
        )
        cls.integration_b = new_test_user(
            cls.env,
            "os_integration_b",
            groups="order_sync.group_integration",
            company_id=cls.company_b.id,
            company_ids=[cls.company_b.id],
        )
        cls.manager = new_test_user(cls.env, "os_manager", groups="order_sync.group_manager")
        Partner = cls.env["res.partner"]
        cls.counter = Partner.create({"name": "Counter customer"})
        cls.source = cls.env["order.sync.source"].create(
            {
                "name": "Test app",
                "code": "test_app",
                "company_id": cls.company.id,
                "user_id": cls.integration.id,
                "xmlid_module": NAMESPACE,
                "partner_id": cls.counter.id,
            }
        )
        cls.source_b = cls.env["order.sync.source"].create(
            {
                "name": "Test app B",
                "code": "test_app",
                "company_id": cls.company_b.id,
                "user_id": cls.integration_b.id,
                "xmlid_module": NAMESPACE,
                "partner_id": cls.counter.id,
            }
        )
        Product = cls.env["product.product"]
        cls.burger = Product.create({"name": "Burger", "list_price": 12.5, "type": "consu"})
        cls.fries = Product.create({"name": "Fries", "list_price": 3.5, "type": "consu"})
        cls.soda = Product.create({"name": "Soda", "list_price": 2.0, "type": "consu"})
        cls.archived = Product.create({"name": "Old dish", "list_price": 5.0, "active": False})
        cls.not_for_sale = Product.create({"name": "Flour", "sale_ok": False})
        cls.product_a_only = Product.create({"name": "A only", "company_id": cls.company.id})
        cls.menu_template = cls.env["product.template"].create({"name": "Menu", "list_price": 15})
        size = cls.env["product.attribute"].create(
            {
                "name": "Size",
                "value_ids": [Command.create({"name": "S"}), Command.create({"name": "L"})],
            }
        )
        cls.variants_template = cls.env["product.template"].create(
            {
                "name": "Pizza",
                "attribute_line_ids": [
                    Command.create(
                        {"attribute_id": size.id, "value_ids": [Command.set(size.value_ids.ids)]}
                    )
                ],
            }
        )
        cls.map_product("burger", cls.burger)
        cls.map_product("fries", cls.fries)
        cls.map_product("soda", cls.soda)
        cls.map_product("42", Product.create({"name": "Burger 42", "list_price": 13}))
        cls.map_product("archived", cls.archived)
        cls.map_product("flour", cls.not_for_sale)
        cls.map_product("a_only", cls.product_a_only)
        cls.map_product("menu", cls.menu_template)
        cls.map_product("pizza", cls.variants_template)

    @classmethod
    def map_product(cls, app_id, record):
        cls.env["ir.model.data"].create(
            {
                "module": NAMESPACE,
                "name": f"product_{app_id}",
                "model": record._name,
                "res_id": record.id,
            }
        )

    @staticmethod
    def order_payload(external_id="A1", status="pending", **values):
        payload = {
            "external_id": external_id,
            "type": "livraison",
            "status": status,
            "lines": [
                {"product_id": "burger", "quantity": 2, "unit_price": 11.0},
                {"product_id": "fries", "quantity": 1},
            ],
        }
        payload.update(copy.deepcopy(values))
        return payload

    def push(self, *payloads, source=None):
        """Push payloads the way the endpoint does; return the result of each. Each call starts
        with an empty cache, as a request does (a warm cache would hide access errors)."""
        self.env.invalidate_all()
        return (source or self.source)._sync_as_user("push", list(payloads))

    def set_status(self, external_id, status, source=None, status_at=None):
        self.env.invalidate_all()
        params = {"external_id": external_id, "status": status}
        if status_at:
            params["status_at"] = status_at
        return (source or self.source)._sync_as_user("status", [params])[0]

    def find_orders(self, source=None):
        return self.env["sale.order"].search(
            [("order_sync_source_id", "=", (source or self.source).id)]
        )
