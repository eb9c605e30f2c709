from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import float_compare


class AccountMove(models.Model):
    _inherit = "account.move"

    fs_match_state = fields.Selection(
        [("none", "Not from a purchase"), ("matched", "Matched"), ("mismatch", "Mismatch")],
        string="Purchase Matching",
        compute="_compute_fs_match_state",
        help="Workshop articles billed against their purchase order: billed quantities "
        "within the received ones and prices equal to the ordered ones.",
    )
    fs_stock_move_ids = fields.One2many("stock.move", "fs_bill_id", string="Stock Entries")

    @api.depends(
        "invoice_line_ids.quantity",
        "invoice_line_ids.price_unit",
        "invoice_line_ids.purchase_line_id",
    )
    def _compute_fs_match_state(self):
        for move in self:
            lines = move._fs_purchase_lines()
            if not lines:
                move.fs_match_state = "none"
            else:
                move.fs_match_state = "mismatch" if move._fs_mismatches() else "matched"

    def _fs_purchase_lines(self):
        self.ensure_one()
        if self.move_type not in ("in_invoice", "in_refund"):
            return self.env["account.move.line"]
        return self.invoice_line_ids.filtered(
            lambda line: line.purchase_line_id and line.product_id.fs_article
        )

    def _fs_mismatches(self):
        """Messages for the workshop-article lines that bill more than was received (counting
        the other bills of the order line) or at another price than ordered."""
        self.ensure_one()
        messages = []
        for line in self._fs_purchase_lines():
            po_line = line.purchase_line_id
            rounding = line.product_uom_id.rounding or 0.01
            qty = line.product_uom_id._compute_quantity(line.quantity, po_line.product_uom)
            other_lines = po_line.invoice_lines.filtered(
                lambda aml, cur=line: aml != cur
                and aml.move_id.state == "posted"
                and aml.move_id.move_type == "in_invoice"
            )
            billed_elsewhere = sum(
                aml.product_uom_id._compute_quantity(aml.quantity, po_line.product_uom)
                for aml in other_lines
            )
            if (
                float_compare(
                    qty + billed_elsewhere, po_line.qty_received, precision_rounding=rounding
                )
                > 0
            ):
                messages.append(
                    self.env._(
                        "%(article)s: %(billed)s billed, %(received)s received.",
                        article=line.product_id.display_name,
                        billed=qty + billed_elsewhere,
                        received=po_line.qty_received,
                    )
                )
            price = (
                po_line.currency_id._convert(
                    po_line.price_unit,
                    line.currency_id,
                    line.company_id,
                    line.date or fields.Date.today(),
                )
                if po_line.currency_id != line.currency_id
                else po_line.price_unit
            )
            if line.currency_id.compare_amounts(line.price_unit, price) != 0:
                messages.append(
                    self.env._(
                        "%(article)s: billed at %(billed)s, ordered at %(ordered)s.",
                        article=line.product_id.display_name,
                        billed=line.price_unit,
                        ordered=price,
                    )
                )
        return messages

    def _post(self, soft=True):
        for move in self.filtered(lambda m: m.move_type == "in_invoice"):
            messages = move._fs_mismatches()
            if messages:
                raise UserError(
                    self.env._(
                        "The bill %(bill)s does not match its purchase order:\n%(lines)s",
                        bill=move.name or move.ref or "",
                        lines="\n".join(messages),
                    )
                )
        return super()._post(soft=soft)
