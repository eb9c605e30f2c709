from odoo.tests import TransactionCase, new_test_user, tagged

from .common import OrderSyncCommon


@tagged("post_install", "-at_install")
class TestStock(OrderSyncCommon, TransactionCase):
    """With sale_stock installed (the suite installs it: sale and stock are both there), the
    delivery of an app order follows the app: reserved at accepted/preparing, done at delivered,
    returned when cancelled after the courier took it; missing stock never blocks an app status,
    it flags the order for the source's stock manager."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.stock_manager = new_test_user(
            cls.env, "os_stock_manager", groups="stock.group_stock_manager"
        )
        cls.source.stock_user_id = cls.stock_manager
        cls.warehouse = cls.env["stock.warehouse"].search(
            [("company_id", "=", cls.company.id)], limit=1
        )
        cls.flour = cls.env["product.product"].create(
            {"name": "Bag of flour", "is_storable": True, "list_price": 4.0}
        )
        cls.map_product("stocked", cls.flour)
        cls.env["stock.quant"]._update_available_quantity(cls.flour, cls.warehouse.lot_stock_id, 5)

    def payload(self, external_id, quantity, status="pending"):
        return self.order_payload(
            external_id, status=status, lines=[{"product_id": "stocked", "quantity": quantity}]
        )

    def order(self, external_id, quantity):
        result = self.push(self.payload(external_id, quantity))[0]
        self.assertTrue(result["ok"], result)
        order = self.env["sale.order"].browse(result["order_id"])
        self.assertFalse(order.picking_ids, "a pending order moves no stock")
        return order

    def available(self):
        return self.flour.with_context(warehouse_id=self.warehouse.id).free_qty

    def on_hand(self):
        return self.flour.with_context(warehouse_id=self.warehouse.id).qty_available

    def assert_ok(self, result):
        self.assertTrue(result["ok"], result)

    def test_reserved_when_accepted_done_when_delivered(self):
        order = self.order("S1", 2)
        self.assert_ok(self.set_status("S1", "accepted"))
        picking = order.picking_ids
        self.assertEqual((len(picking), picking.state), (1, "assigned"))
        self.assertEqual(self.available(), 3, "2 of the 5 reserved")
        self.assert_ok(self.set_status("S1", "preparing"))
        self.assertEqual(picking.state, "assigned")
        self.assert_ok(self.set_status("S1", "delivered"))
        self.assertEqual(picking.state, "done")
        self.assertEqual(self.on_hand(), 3)
        self.assertEqual(order.order_line.qty_delivered, 2)
        self.assertFalse(order.order_sync_stock_issue)
        self.assertFalse(order.activity_ids)

    def test_not_enough_stock_flags_without_blocking(self):
        order = self.order("S2", 8)
        self.assert_ok(self.set_status("S2", "accepted"))
        self.assertEqual(order.state, "sale", "the app accepted it: the order goes on")
        self.assertIn("Bag of flour", order.order_sync_stock_issue)
        self.assertEqual(order.activity_ids.user_id, self.stock_manager)
        result = self.set_status("S2", "delivered")
        self.assert_ok(result)
        self.assertEqual(order.picking_ids.state, "done", "delivered by the app: done anyway")
        self.assertEqual(self.on_hand(), -3)
        self.assertIn("without enough stock", order.order_sync_stock_issue)
        # the stock manager checks it and clears the flag
        order.with_user(self.stock_manager).sudo().action_order_sync_stock_checked()
        self.assertFalse(order.order_sync_stock_issue)
        self.assertFalse(order.activity_ids)

    def test_cancelled_after_pickup_is_returned(self):
        order = self.order("S3", 2)
        self.assert_ok(self.set_status("S3", "accepted"))
        self.assert_ok(self.set_status("S3", "on_the_way"))
        self.assert_ok(self.set_status("S3", "cancelled"))
        self.assertEqual(order.state, "cancel")
        out = order.picking_ids.filtered(lambda p: p.picking_type_code == "outgoing")
        back = order.picking_ids.filtered(lambda p: p.picking_type_code == "incoming")
        self.assertEqual(out.state, "done", "the courier took the goods")
        self.assertEqual(back.state, "done", "and they came back")
        self.assertEqual(back.move_ids.origin_returned_move_id, out.move_ids)
        self.assertEqual(self.on_hand(), 5)
        self.assertEqual(self.available(), 5)

    def test_cancelled_before_pickup_releases_the_reservation(self):
        order = self.order("S4", 2)
        self.assert_ok(self.set_status("S4", "preparing"))
        self.assertEqual(self.available(), 3)
        self.assert_ok(self.set_status("S4", "cancelled"))
        self.assertEqual(order.picking_ids.state, "cancel")
        self.assertEqual((self.on_hand(), self.available()), (5, 5))

    def test_order_pushed_delivered_at_once(self):
        result = self.push(self.payload("S5", 1, status="delivered"))[0]
        self.assert_ok(result)
        order = self.env["sale.order"].browse(result["order_id"])
        self.assertEqual(order.picking_ids.state, "done")
        self.assertEqual(self.on_hand(), 4)
