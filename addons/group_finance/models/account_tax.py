from odoo import api, models


class AccountTax(models.Model):
    _inherit = "account.tax"

    @api.model
    def _gf_equivalent_tax(self, company, type_tax_use, rate, deductible=100.0):
        """The tax of ``company`` with this use and percentage whose deductible share (tax lines
        on 44566 for purchases, any tax line for sales) is ``deductible`` %, reverse charges
        excepted; empty when there is none (an expense's VAT then stays in the expense)."""
        if not rate:
            return self.browse()
        taxes = self.sudo().search(
            [
                *self._check_company_domain(company),
                ("type_tax_use", "=", type_tax_use),
                ("amount_type", "=", "percent"),
                ("amount", "=", rate),
            ],
            order="sequence, id",
        )
        for tax in taxes:
            lines = tax.invoice_repartition_line_ids.filtered(
                lambda line: line.repartition_type == "tax"
            )
            if any(line.factor_percent < 0 for line in lines):
                continue
            if type_tax_use == "purchase":
                lines = lines.filtered(
                    lambda line: (line.account_id.code or "").startswith("44566")
                )
            if lines and abs(sum(lines.mapped("factor_percent")) - deductible) < 0.01:
                return tax.sudo(False)
        return self.browse()
