import base64

from odoo import Command, api, fields, models
from odoo.exceptions import UserError, ValidationError


class ProjectTask(models.Model):
    _inherit = "project.task"

    fs_vehicle_id = fields.Many2one(
        "fleet.vehicle", string="Vehicle", check_company=True, index="btree_not_null"
    )
    fs_planned_date = fields.Datetime(string="Planned Date", index=True, tracking=True)
    fs_site = fields.Char(string="Site", help="The customer's site: plant, roof, address.")
    fs_move_ids = fields.One2many(
        "stock.move", "fs_task_id", string="Article Moves", domain=[("fs_planned", "=", False)]
    )
    fs_planned_move_ids = fields.One2many(
        "stock.move",
        "fs_task_id",
        string="Planned Articles",
        domain=[("fs_planned", "=", True)],
        context={"default_fs_planned": True},
        help="Articles planned in advance: reserved in the vehicle's depot until taken out.",
    )
    fs_report = fields.Binary(
        string="Signed Report",
        attachment=True,
        copy=False,
        help="The field report signed on site (PDF).",
    )
    fs_report_name = fields.Char(string="Signed Report File Name", copy=False)

    @api.constrains("fs_vehicle_id", "fs_planned_date")
    def _check_fs_vehicle_checks(self):
        for task in self.filtered("fs_vehicle_id"):
            date = (task.fs_planned_date or fields.Datetime.now()).date()
            expired = task.fs_vehicle_id.sudo()._fs_expired_checks(date)
            if expired:
                raise ValidationError(
                    self.env._(
                        "%(vehicle)s cannot be planned on %(date)s: %(checks)s expired. "
                        "Record the new check on the vehicle first.",
                        vehicle=task.fs_vehicle_id.display_name,
                        date=date,
                        checks=", ".join(
                            f"{check.check_type_id.name} ({check.date_next})" for check in expired
                        ),
                    )
                )

    fs_invoice_id = fields.Many2one("account.move", string="Invoice", readonly=True, copy=False)

    @api.constrains("fs_report", "fs_report_name")
    def _check_fs_report(self):
        for task in self.filtered("fs_report"):
            data = base64.b64decode(task.with_context(bin_size=False).fs_report or b"")
            if not data.startswith(b"%PDF"):
                raise ValidationError(
                    self.env._("The signed report of %(task)s must be a PDF file.", task=task.name)
                )

    def write(self, vals):
        res = super().write(vals)
        if vals.get("state") in ("1_done", "1_canceled"):
            # what was planned and not taken out goes back to the truck's free stock
            self.sudo().fs_planned_move_ids.filtered(
                lambda m: m.state not in ("done", "cancel")
            )._action_cancel()
        return res

    def _fs_consumed_quantities(self):
        """Net quantity of each article used on the intervention: taken out minus put back."""
        self.ensure_one()
        quantities = {}
        for move in self.fs_move_ids.filtered(lambda m: m.state == "done"):
            sign = {"issue": 1, "entry": -1}.get(move.fs_move_type, 0)
            quantities[move.product_id] = (
                quantities.get(move.product_id, 0.0) + sign * move.quantity
            )
        return {product: qty for product, qty in quantities.items() if qty > 0}

    def action_fs_invoice_articles(self):
        """A draft customer invoice of the billable articles consumed (those that can be sold)."""
        self.ensure_one()
        if self.fs_invoice_id:
            raise UserError(self.env._("The articles of this intervention are already invoiced."))
        if not self.partner_id:
            raise UserError(self.env._("Set the customer of the intervention first."))
        lines = [
            Command.create(
                {"product_id": product.id, "quantity": qty, "name": product.display_name}
            )
            for product, qty in self._fs_consumed_quantities().items()
            if product.sale_ok
        ]
        if not lines:
            raise UserError(self.env._("No billable article was used on this intervention."))
        invoice = (
            self.env["account.move"]
            .with_company(self.company_id)
            .create(
                {
                    "move_type": "out_invoice",
                    "partner_id": self.partner_id.id,
                    "company_id": self.company_id.id,
                    "invoice_origin": self.name,
                    "invoice_line_ids": lines,
                }
            )
        )
        self.fs_invoice_id = invoice
        return {
            "type": "ir.actions.act_window",
            "res_model": "account.move",
            "res_id": invoice.id,
            "view_mode": "form",
        }
