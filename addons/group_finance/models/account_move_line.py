from odoo import Command, api, models


class AccountMoveLine(models.Model):
    _inherit = "account.move.line"

    @api.model
    def _prepare_account_move_line(self, dest_move, dest_company):
        """The mirror line of an inter-company document keeps its VAT: when the product gives
        no tax in the destination company (a line without product, a product without taxes
        there), the destination's tax of the same rate and the other use (sale <-> purchase,
        fully deductible) is used."""
        vals = super()._prepare_account_move_line(dest_move, dest_company)
        has_taxes = vals.get("tax_ids") and vals["tax_ids"][0][2]
        if self.tax_ids and not has_taxes and self.display_type == "product":
            Tax = self.env["account.tax"]
            taxes = Tax
            for tax in self.tax_ids:
                use = "purchase" if tax.type_tax_use == "sale" else "sale"
                taxes |= Tax._gf_equivalent_tax(dest_company, use, tax.amount)
            vals["tax_ids"] = [Command.set(taxes.ids)]
        return vals
