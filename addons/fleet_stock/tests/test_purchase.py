from freezegun import freeze_time

from odoo import Command
from odoo.exceptions import UserError
from odoo.tests import TransactionCase, tagged

from .common import FleetStockCommon


@tagged("post_install", "-at_install")
class TestReorderAndPurchase(FleetStockCommon, TransactionCase):
    """An article under its minimum is listed and alerts the managers; the replenishment makes
    a supplier order, emailed with its PDF, received partially into the workshop by scanning,
    matched with the supplier bill; late deliveries are flagged."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["account.chart.template"].try_loading(
            "generic_coa", company=cls.company, install_demo=False
        )
        cls.supplier.email = "commandes@osmotech.example.fr"
        cls.env["product.supplierinfo"].create(
            {
                "partner_id": cls.supplier.id,
                "product_tmpl_id": cls.brush.product_tmpl_id.id,
                "price": 180.0,
                "company_id": cls.company.id,
            }
        )
        cls.buy_route = cls.env.ref("purchase_stock.route_warehouse0_buy")
        cls.orderpoint = cls.env["stock.warehouse.orderpoint"].create(
            {
                "product_id": cls.brush.id,
                "location_id": cls.workshop.id,
                "warehouse_id": cls.warehouse.id,
                "product_min_qty": 5,
                "product_max_qty": 10,
                "route_id": cls.buy_route.id,
                "company_id": cls.company.id,
            }
        )
        cls.ok_orderpoint = cls.env["stock.warehouse.orderpoint"].create(
            {
                "product_id": cls.filter.id,
                "location_id": cls.workshop.id,
                "warehouse_id": cls.warehouse.id,
                "product_min_qty": 10,
                "product_max_qty": 50,
                "company_id": cls.company.id,
            }
        )

    def test_below_minimum_listed_and_alerted_once(self):
        Orderpoint = self.env["stock.warehouse.orderpoint"]
        below = Orderpoint.search([("fs_below_min", "=", True)])
        self.assertIn(self.orderpoint, below)
        self.assertNotIn(self.ok_orderpoint, below)
        self.assertIn(self.ok_orderpoint, Orderpoint.search([("fs_below_min", "=", False)]))
        Orderpoint._cron_fs_alert_below_min()
        Orderpoint._cron_fs_alert_below_min()
        activity_type = self.env.ref("fleet_stock.mail_activity_type_below_min")
        activities = self.env["mail.activity"].search([("activity_type_id", "=", activity_type.id)])
        self.assertEqual(len(activities), 1)
        self.assertEqual(activities.res_id, self.brush.product_tmpl_id.id)
        self.assertEqual(activities.user_id, self.storekeeper)
        self.assertIn("under its minimum in", activities.summary)

    def _order_from_orderpoint(self):
        self.orderpoint.action_replenish()
        order = self.env["purchase.order"].search(
            [("partner_id", "=", self.supplier.id), ("company_id", "=", self.company.id)]
        )
        self.assertEqual(len(order), 1)
        return order

    def test_order_send_receive_partially_and_match_bill(self):
        order = self._order_from_orderpoint()
        line = order.order_line
        self.assertEqual(line.product_id, self.brush)
        self.assertEqual(line.product_qty, 7)  # up to the maximum: 10 - 3
        self.assertEqual(line.price_unit, 180.0)
        # emailed with its PDF
        order.action_fs_send_rfq()
        self.assertEqual(order.state, "sent")
        message = order.message_ids.filtered(lambda m: m.attachment_ids)[:1]
        self.assertTrue(message)
        # the order's PDF, rendered by the purchase template's report
        self.assertIn(order.name, " ".join(message.attachment_ids.mapped("name")))
        self.assertIn(self.supplier, message.partner_ids)
        order.button_confirm()
        receipt_move = order.picking_ids.move_ids
        # received partially by scanning at reception
        Move = self.env["stock.move"].with_user(self.storekeeper).with_company(self.company)
        Move._fs_receive(receipt_move.with_user(self.storekeeper), self.brush, 4)
        self.assertEqual(line.qty_received, 4)
        self.assertEqual(order.receipt_status, "partial")
        self.assertEqual(self._qty(self.brush, self.workshop), 7)
        backorder = order.picking_ids.filtered(lambda p: p.state not in ("done", "cancel"))
        self.assertEqual(backorder.move_ids.product_uom_qty, 3)
        # the bill of 7 does not match the 4 received; the bill of 4 at the ordered price does
        order.action_create_invoice()
        bill = order.invoice_ids
        bill.invoice_date = "2026-11-20"
        bill_line = bill.invoice_line_ids.filtered(lambda aml: aml.product_id == self.brush)
        self.assertEqual(bill_line.quantity, 4)
        bill_line.quantity = 7
        self.assertEqual(bill.fs_match_state, "mismatch")
        with self.assertRaisesRegex(UserError, "7.0 billed, 4.0 received"):
            bill.action_post()
        bill_line.write({"quantity": 4, "price_unit": 200.0})
        with self.assertRaisesRegex(UserError, "billed at 200.0, ordered at 180.0"):
            bill.action_post()
        bill_line.price_unit = 180.0
        self.assertEqual(bill.fs_match_state, "matched")
        bill.action_post()
        self.assertEqual(bill.state, "posted")

    def test_operator_cannot_receive(self):
        order = self._order_from_orderpoint()
        order.button_confirm()
        move = order.picking_ids.move_ids
        with self.assertRaisesRegex(UserError, "storekeepers"):
            self.env["stock.move"].with_user(self.operator)._fs_receive(move, self.brush, 1)

    def test_late_delivery_flagged(self):
        with freeze_time("2026-11-10 09:00:00"):
            order = self.env["purchase.order"].create(
                {
                    "partner_id": self.supplier.id,
                    "company_id": self.company.id,
                    "order_line": [
                        Command.create(
                            {
                                "product_id": self.brush.id,
                                "product_qty": 2,
                                "price_unit": 180.0,
                                "date_planned": "2026-11-15 09:00:00",
                            }
                        )
                    ],
                }
            )
            order.button_confirm()
            self.assertFalse(order.fs_late)
        with freeze_time("2026-11-20 09:00:00"):
            order.invalidate_recordset(["fs_late"])
            self.assertTrue(order.fs_late)
            self.assertIn(order, self.env["purchase.order"].search([("fs_late", "=", True)]))
            self.assertNotIn(order, self.env["purchase.order"].search([("fs_late", "=", False)]))
