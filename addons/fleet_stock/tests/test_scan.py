from odoo import Command
from odoo.tests import HttpCase, new_test_user, tagged

from .common import FleetStockCommon


@tagged("post_install", "-at_install")
class TestScanPages(FleetStockCommon, HttpCase):
    """The pages opened by scanning a QR label, and the labels themselves."""

    def test_tour_operator_takes_articles_out(self):
        self.start_tour(
            f"/fleet_stock/scan/product/{self.filter.id}",
            "fleet_stock_scan_take_out",
            login="fs_operator",
        )
        self.assertEqual(self._qty(self.filter, self.truck_loc), 4)
        move = self.task.fs_move_ids
        self.assertEqual(move.quantity, 2)
        self.assertEqual(move.fs_user_id, self.operator)
        self.assertEqual(move.fs_reason_id, self._reason("intervention"))

    def test_tour_storekeeper_receives_a_purchase_by_scanning(self):
        order = self.env["purchase.order"].create(
            {
                "partner_id": self.supplier.id,
                "company_id": self.company.id,
                "picking_type_id": self.warehouse.in_type_id.id,
                "order_line": [
                    Command.create(
                        {"product_id": self.brush.id, "product_qty": 5, "price_unit": 180.0}
                    )
                ],
            }
        )
        order.button_confirm()
        self.start_tour(
            f"/fleet_stock/scan/product/{self.brush.id}",
            "fleet_stock_scan_receive",
            login="fs_storekeeper",
        )
        self.assertEqual(order.order_line.qty_received, 2)
        self.assertEqual(self._qty(self.brush, self.workshop), 5)
        done = order.picking_ids.filtered(lambda p: p.state == "done")
        self.assertEqual(done.move_ids.quantity, 2)
        backorder = order.picking_ids - done
        self.assertEqual(backorder.move_ids.product_uom_qty, 3)
        self.assertNotIn(backorder.state, ("done", "cancel"))

    def test_tour_operator_sees_planned_articles_reserved(self):
        self.env["project.task"].browse(self.task.id).write(
            {
                "fs_planned_move_ids": [
                    Command.create({"product_id": self.filter.id, "product_uom_qty": 2})
                ]
            }
        )
        self.authenticate("fs_operator", "fs_operator")
        response = self.url_open(f"/fleet_stock/scan/product/{self.filter.id}")
        self.assertIn("(2 reserved)", response.text)
        self.authenticate("fs_storekeeper", "fs_storekeeper")
        response = self.url_open(f"/fleet_stock/scan/location/{self.truck_loc.id}")
        self.assertRegex(response.text, r'o_fs_reserved"[^>]*>2<')

    def test_article_page_shows_only_own_depots(self):
        self.authenticate("fs_operator", "fs_operator")
        response = self.url_open(f"/fleet_stock/scan/product/{self.filter.id}")
        self.assertEqual(response.status_code, 200)
        self.assertIn("Porteur 26 T", response.text)
        self.assertIn("Atelier", response.text)
        self.assertNotIn("Porteur 32 T", response.text)
        self.assertIn("Nettoyage centrale de Lambesc", response.text)
        self.assertNotIn("Nettoyage toiture Pertuis", response.text)

    def test_depot_page_lists_its_stock(self):
        self.authenticate("fs_storekeeper", "fs_storekeeper")
        response = self.url_open(f"/fleet_stock/scan/location/{self.truck_loc.id}")
        self.assertEqual(response.status_code, 200)
        self.assertIn("FLT-OSM10", response.text)
        self.assertNotIn("BRO-110", response.text)

    def test_pages_refused_to_outsiders(self):
        new_test_user(self.env, "fs_outsider", groups="base.group_user")
        self.authenticate("fs_outsider", "fs_outsider")
        response = self.url_open(f"/fleet_stock/scan/product/{self.filter.id}")
        self.assertEqual(response.status_code, 404)
        response = self.url_open(f"/fleet_stock/scan/location/{self.truck_loc.id}")
        self.assertEqual(response.status_code, 404)
        self.authenticate("fs_operator", "fs_operator")
        response = self.url_open("/fleet_stock/scan/product/999999")
        self.assertEqual(response.status_code, 404)

    def test_labels_pdf_carries_qr_of_the_scan_url(self):
        report = self.env["ir.actions.report"]
        html = report._render_qweb_html(
            "fleet_stock.action_report_fs_article_label", (self.filter | self.brush).ids
        )[0].decode()
        self.assertEqual(html.count('class="fs_label_qr"'), 2)
        self.assertIn("data:image/png;base64,", html)
        self.assertIn("FLT-OSM10", html)
        self.assertTrue(
            self.filter._fs_scan_url().endswith(f"/fleet_stock/scan/product/{self.filter.id}")
        )
        depot_html = report._render_qweb_html(
            "fleet_stock.action_report_fs_depot_label", self.truck_loc.ids
        )[0].decode()
        self.assertIn("Porteur 26 T", depot_html)
        pdf, kind = report.with_context(force_report_rendering=True)._render_qweb_pdf(
            "fleet_stock.action_report_fs_article_label", self.filter.ids
        )
        self.assertEqual(kind, "pdf")
        self.assertTrue(pdf.startswith(b"%PDF"))
