import base64

from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import TransactionCase, tagged

from .common import FleetStockCommon

PDF = base64.b64encode(b"%PDF-1.4\n% rapport signe\n%%EOF\n")


@tagged("post_install", "-at_install")
class TestPlannedArticles(FleetStockCommon, TransactionCase):
    """Articles planned in advance for an intervention are reserved in its truck's stock and
    used up when taken out; the signed field report is a PDF on the intervention."""

    def _plan(self, product, qty, task=None, user=None):
        task = (task or self.task).with_user(user or self.storekeeper)
        task.write(
            {
                "fs_planned_move_ids": [
                    Command.create({"product_id": product.id, "product_uom_qty": qty})
                ]
            }
        )
        return task.fs_planned_move_ids.filtered(lambda m: m.product_id == product)

    def _reserved(self, product, location):
        quants = self.env["stock.quant"].search(
            [("product_id", "=", product.id), ("location_id", "=", location.id)]
        )
        return sum(quants.mapped("reserved_quantity"))

    def test_planned_articles_are_reserved_in_the_truck(self):
        move = self._plan(self.filter, 2)
        self.assertTrue(move.fs_planned)
        self.assertEqual(move.state, "assigned")
        self.assertEqual(move.location_id, self.truck_loc)
        self.assertEqual(move.location_dest_id, self.env.ref("stock.stock_location_customers"))
        self.assertEqual(move.fs_reason_id, self._reason("intervention"))
        self.assertEqual(self._reserved(self.filter, self.truck_loc), 2)
        # free stock of the truck: 6 carried, 2 reserved for the intervention
        self.assertEqual(self._qty(self.filter, self.truck_loc), 4)
        self.assertNotIn(move, self.task.fs_move_ids)
        table = self.env["fs.dashboard"]._stock_table(locations=self.truck_loc)
        row = next(r for r in table["rows"] if r["product_id"] == self.filter.id)
        self.assertEqual((row["total"], row["reserved"]), (6, 2))

    def test_taking_out_uses_up_the_reservation(self):
        move = self._plan(self.filter, 3)
        self._move(self.operator, self.filter, 1, "intervention", self.truck_loc, task=self.task)
        self.assertEqual(move.product_uom_qty, 2)
        self.assertEqual(self._reserved(self.filter, self.truck_loc), 2)
        self.assertEqual(self._qty(self.filter, self.truck_loc), 3)
        self._move(self.operator, self.filter, 3, "intervention", self.truck_loc, task=self.task)
        self.assertEqual(move.state, "cancel")
        self.assertEqual(self._reserved(self.filter, self.truck_loc), 0)
        self.assertEqual(self._qty(self.filter, self.truck_loc), 2)
        consumed = self.task._fs_consumed_quantities()
        self.assertEqual(consumed, {self.filter: 4})

    def test_more_than_the_truck_holds_is_refused(self):
        with self.assertRaises(UserError):
            self._move(
                self.operator, self.filter, 7, "intervention", self.truck_loc, task=self.task
            )

    def test_closing_the_intervention_frees_what_was_not_used(self):
        move = self._plan(self.filter, 2)
        self.task.state = "1_done"
        self.assertEqual(move.state, "cancel")
        self.assertEqual(self._reserved(self.filter, self.truck_loc), 0)

    def test_removing_a_planned_article_frees_it(self):
        move = self._plan(self.filter, 2)
        task = self.task.with_user(self.storekeeper)
        # the web client deletes a line removed from the list
        task.write({"fs_planned_move_ids": [Command.delete(move.id)]})
        self.assertFalse(move.exists())
        self.assertEqual(self._reserved(self.filter, self.truck_loc), 0)
        move = self._plan(self.filter, 1)
        self.assertEqual(self._reserved(self.filter, self.truck_loc), 1)
        task.write({"fs_planned_move_ids": [Command.unlink(move.id)]})
        self.assertEqual(move.state, "cancel")
        self.assertEqual(self._reserved(self.filter, self.truck_loc), 0)

    def test_planning_needs_a_truck_with_stock(self):
        task = self.env["project.task"].create(
            {"name": "Audit sans camion", "project_id": self.project.id}
        )
        with self.assertRaises(UserError):
            self._plan(self.filter, 1, task=task)

    def test_operator_cannot_plan(self):
        with self.assertRaises(AccessError):
            self._plan(self.filter, 1, user=self.operator)

    def test_signed_report_pdf_on_own_intervention(self):
        task = self.task.with_user(self.operator)
        task.write({"fs_report": PDF, "fs_report_name": "rapport-lambesc.pdf"})
        self.assertEqual(
            base64.b64decode(self.task.with_context(bin_size=False).fs_report)[:4], b"%PDF"
        )
        attachment = self.env["ir.attachment"].search(
            [
                ("res_model", "=", "project.task"),
                ("res_field", "=", "fs_report"),
                ("res_id", "=", self.task.id),
            ]
        )
        self.assertEqual(len(attachment), 1)
        with self.assertRaises(ValidationError):
            task.write({"fs_report": base64.b64encode(b"not a pdf")})
        with self.assertRaises(AccessError):
            self.other_task.with_user(self.operator).write({"fs_report": PDF})
        with self.assertRaises(AccessError):
            self.task.with_user(self.other_operator).write({"fs_report": PDF})
