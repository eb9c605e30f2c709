from odoo.exceptions import AccessError, UserError
from odoo.tests import TransactionCase, new_test_user, tagged

from .common import FleetStockCommon


@tagged("post_install", "-at_install")
class TestStockMoves(FleetStockCommon, TransactionCase):
    """Entries, issues and transfers are Odoo stock moves with a reason and their links; a move
    that would make a depot's stock negative is refused."""

    def test_entry_from_supplier_with_bill(self):
        bill = self.env["account.move"].create(
            {
                "move_type": "in_invoice",
                "partner_id": self.supplier.id,
                "company_id": self.company.id,
            }
        )
        wizard = (
            self.env["fs.stock.move.wizard"]
            .with_user(self.storekeeper)
            .with_company(self.company)
            .create(
                {
                    "product_id": self.brush.id,
                    "quantity": 2,
                    "reason_id": self._reason("purchase").id,
                    "depot_id": self.workshop.id,
                    "bill_id": bill.id,
                }
            )
        )
        move = self.env["stock.move"].browse(wizard.action_confirm()["res_id"])
        self.assertEqual(move.state, "done")
        self.assertEqual(move.fs_move_type, "entry")
        self.assertEqual(move.fs_bill_id, bill)
        self.assertEqual(move.fs_user_id, self.storekeeper)
        self.assertEqual(move.location_id, self.env.ref("stock.stock_location_suppliers"))
        self.assertEqual(self._qty(self.brush, self.workshop), 5)

    def test_issue_for_intervention_out_of_the_truck(self):
        move = self._move(
            self.operator, self.filter, 2, "intervention", self.truck_loc, task=self.task
        )
        self.assertEqual(move.state, "done")
        self.assertEqual(move.fs_move_type, "issue")
        self.assertEqual(move.fs_reason_id, self._reason("intervention"))
        self.assertEqual(move.fs_task_id, self.task)
        self.assertEqual(move.fs_vehicle_id, self.truck)
        self.assertEqual(move.fs_user_id, self.operator)
        self.assertEqual(self._qty(self.filter, self.truck_loc), 4)
        self.assertIn(move, self.task.fs_move_ids)

    def test_put_back_and_transfer(self):
        self._move(self.operator, self.filter, 3, "intervention", self.truck_loc, task=self.task)
        back = self._move(self.operator, self.filter, 1, "return", self.truck_loc, task=self.task)
        self.assertEqual(back.fs_move_type, "entry")
        self.assertEqual(self._qty(self.filter, self.truck_loc), 4)
        transfer = self._move(
            self.operator, self.filter, 4, "restock", self.truck_loc, dest_depot=self.workshop
        )
        self.assertEqual(transfer.fs_move_type, "transfer")
        self.assertEqual(self._qty(self.filter, self.truck_loc), 0)
        self.assertEqual(self._qty(self.filter, self.workshop), 44)

    def test_negative_stock_refused_nothing_written(self):
        moves_before = self.env["stock.move"].search_count([("product_id", "=", self.filter.id)])
        with self.assertRaises(UserError) as caught:
            self._move(
                self.operator, self.filter, 7, "intervention", self.truck_loc, task=self.task
            )
        self.assertIn("Not enough", str(caught.exception))
        self.assertEqual(self._qty(self.filter, self.truck_loc), 6)
        self.assertEqual(
            self.env["stock.move"].search_count([("product_id", "=", self.filter.id)]),
            moves_before,
        )

    def test_negative_stock_refused_for_managers_too(self):
        with self.assertRaises(UserError) as caught:
            self._move(self.storekeeper, self.brush, 4, "loss", self.workshop)
        self.assertIn("Not enough", str(caught.exception))
        self.assertEqual(self._qty(self.brush, self.workshop), 3)

    def test_non_positive_quantity_refused(self):
        with self.assertRaisesRegex(UserError, "positive"):
            self._move(
                self.operator, self.filter, 0, "intervention", self.truck_loc, task=self.task
            )

    def test_operator_cannot_take_from_another_truck(self):
        with self.assertRaisesRegex(UserError, "cannot move articles"):
            self._move(
                self.operator, self.filter, 1, "intervention", self.other_truck_loc, task=self.task
            )

    def test_operator_cannot_issue_without_own_intervention(self):
        with self.assertRaisesRegex(UserError, "your interventions"):
            self._move(self.operator, self.filter, 1, "intervention", self.truck_loc)
        with self.assertRaisesRegex(UserError, "your interventions"):
            self._move(
                self.operator, self.filter, 1, "intervention", self.truck_loc, task=self.other_task
            )

    def test_operator_cannot_receive_from_supplier(self):
        with self.assertRaisesRegex(UserError, "storekeepers"):
            self._move(self.operator, self.filter, 1, "purchase", self.truck_loc)
        self.assertEqual(self._qty(self.filter, self.truck_loc), 6)

    def test_outsider_cannot_move(self):
        outsider = new_test_user(self.env, "fs_outsider", groups="base.group_user")
        with self.assertRaises(AccessError):
            self._move(
                outsider, self.filter, 1, "restock", self.workshop, dest_depot=self.truck_loc
            )
        self.assertEqual(self._qty(self.filter, self.truck_loc), 6)

    def test_billable_articles_on_customer_invoice(self):
        self.env["account.chart.template"].try_loading(
            "generic_coa", company=self.company, install_demo=False
        )
        self.filter.sale_ok = True
        self.brush.sale_ok = False
        self._move(self.operator, self.filter, 3, "intervention", self.truck_loc, task=self.task)
        self._move(self.operator, self.filter, 1, "return", self.truck_loc, task=self.task)
        self._move(self.storekeeper, self.brush, 1, "intervention", self.workshop, task=self.task)
        self.assertEqual(self.task._fs_consumed_quantities(), {self.filter: 2, self.brush: 1})
        task = self.task.with_company(self.company)
        task.action_fs_invoice_articles()
        invoice = task.fs_invoice_id
        self.assertEqual(invoice.move_type, "out_invoice")
        self.assertEqual(invoice.partner_id, self.customer)
        self.assertEqual(invoice.invoice_line_ids.product_id, self.filter)
        self.assertEqual(invoice.invoice_line_ids.quantity, 2)
        with self.assertRaisesRegex(UserError, "already invoiced"):
            task.action_fs_invoice_articles()
