from odoo import fields, models


class AccountMove(models.Model):
    """Invoices of the contracts' recurring invoicing, one per contract and period."""

    _inherit = "account.move"

    it_contract_id = fields.Many2one(
        "contract.contract",
        string="IT Contract",
        index="btree_not_null",
        copy=False,
        readonly=True,
    )
    it_period_start = fields.Date(string="Contract Period Start", copy=False, readonly=True)

    _sql_constraints = [
        (
            "it_contract_period_uniq",
            "unique(it_contract_id, it_period_start)",
            "This contract period is already invoiced.",
        ),
    ]
