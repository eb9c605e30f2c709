from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import float_compare, float_round


class SaleOrderLine(models.Model):
    _inherit = "sale.order.line"

    btp_progress = fields.Float(
        string="Progress (%)",
        digits=(5, 2),
        copy=False,
        help="Cumulative progress of the works of this line. The next situation invoices the "
        "increase since the previous one; it can never go below it.",
    )
    btp_progress_invoiced = fields.Float(
        string="Invoiced Progress (%)",
        digits=(5, 2),
        compute="_compute_btp_progress_invoiced",
        help="Progress already invoiced by the previous situations.",
    )

    @api.depends("qty_invoiced", "product_uom_qty")
    def _compute_btp_progress_invoiced(self):
        for line in self:
            if line.product_uom_qty:
                line.btp_progress_invoiced = float_round(
                    line.qty_invoiced / line.product_uom_qty * 100.0, precision_digits=2
                )
            else:
                line.btp_progress_invoiced = 0.0

    @api.constrains("btp_progress")
    def _check_btp_progress(self):
        for line in self:
            if float_compare(line.btp_progress, 0.0, precision_digits=2) < 0 or (
                float_compare(line.btp_progress, 100.0, precision_digits=2) > 0
            ):
                raise ValidationError(
                    self.env._(
                        "%(line)s: the progress must be between 0 and 100 %% (got %(value)s %%).",
                        line=line.name,
                        value=line.btp_progress,
                    )
                )
            if float_compare(line.btp_progress, line.btp_progress_invoiced, precision_digits=2) < 0:
                raise ValidationError(
                    self.env._(
                        "%(line)s: the progress (%(value)s %%) cannot go below the previous "
                        "situation (%(previous)s %% already invoiced).",
                        line=line.name,
                        value=line.btp_progress,
                        previous=line.btp_progress_invoiced,
                    )
                )

    def write(self, vals):
        if "btp_progress" in vals and any(line.order_id.state != "sale" for line in self):
            raise ValidationError(self.env._("Progress is entered on accepted quotes only."))
        result = super().write(vals)
        if "btp_progress" in vals:
            for line in self:
                line.qty_delivered = float_round(
                    line.product_uom_qty * line.btp_progress / 100.0,
                    precision_rounding=line.product_uom.rounding,
                )
        return result
