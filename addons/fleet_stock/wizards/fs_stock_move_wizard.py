from odoo import api, fields, models


class FsStockMoveWizard(models.TransientModel):
    """Enter, issue or transfer an article between depots, with its reason and links."""

    _name = "fs.stock.move.wizard"
    _description = "Article Stock Move"
    _check_company_auto = True

    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company
    )
    product_id = fields.Many2one(
        "product.product",
        string="Article",
        required=True,
        check_company=True,
        domain="[('fs_article', '=', True)]",
    )
    quantity = fields.Float(required=True, default=1.0, digits="Product Unit of Measure")
    reason_id = fields.Many2one("fs.move.reason", required=True, check_company=True)
    move_type = fields.Selection(related="reason_id.move_type")
    depot_id = fields.Many2one(
        "stock.location",
        required=True,
        check_company=True,
        domain="[('fs_depot', '=', True)]",
        help="Where an entry goes, where an issue or a transfer comes from.",
    )
    dest_depot_id = fields.Many2one(
        "stock.location",
        string="To Depot",
        check_company=True,
        domain="[('fs_depot', '=', True)]",
    )
    task_id = fields.Many2one("project.task", string="Intervention", check_company=True)
    service_id = fields.Many2one("fleet.vehicle.log.services", string="Vehicle Maintenance")
    bill_id = fields.Many2one(
        "account.move",
        string="Supplier Bill",
        check_company=True,
        domain="[('move_type', 'in', ('in_invoice', 'in_refund'))]",
    )
    vehicle_id = fields.Many2one("fleet.vehicle", check_company=True)

    @api.onchange("task_id")
    def _onchange_task_id(self):
        if self.task_id.fs_vehicle_id.fs_location_id:
            self.depot_id = self.task_id.fs_vehicle_id.fs_location_id

    def action_confirm(self):
        self.ensure_one()
        Move = self.env["stock.move"]
        Move._fs_check_move_rights(self.reason_id, self.depot_id, self.dest_depot_id, self.task_id)
        move = (
            Move.sudo()
            .with_context(fs_user_id=self.env.uid)
            ._fs_move(
                self.product_id,
                self.quantity,
                self.reason_id,
                depot=self.depot_id,
                dest_depot=self.dest_depot_id,
                fs_task_id=self.task_id.id,
                fs_service_id=self.service_id.id,
                fs_bill_id=self.bill_id.id,
                fs_vehicle_id=self.vehicle_id.id or self.task_id.fs_vehicle_id.id,
            )
        )
        return {
            "type": "ir.actions.act_window",
            "res_model": "stock.move",
            "res_id": move.id,
            "view_mode": "form",
            "target": "current",
        }
