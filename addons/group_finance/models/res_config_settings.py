from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    gf_expense_two_level_approval = fields.Boolean(
        related="company_id.gf_expense_two_level_approval", readonly=False
    )
    gf_expense_receipt_required = fields.Boolean(
        related="company_id.gf_expense_receipt_required", readonly=False
    )
    gf_expense_receipt_threshold = fields.Monetary(
        related="company_id.gf_expense_receipt_threshold",
        currency_field="currency_id",
        readonly=False,
    )
