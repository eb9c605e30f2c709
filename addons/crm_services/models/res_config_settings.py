from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    crm_late_penalty_rate = fields.Float(related="company_id.crm_late_penalty_rate", readonly=False)
    crm_recovery_indemnity = fields.Monetary(
        related="company_id.crm_recovery_indemnity",
        currency_field="currency_id",
        readonly=False,
    )
