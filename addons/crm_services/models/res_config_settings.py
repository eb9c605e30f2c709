from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    crm_late_penalty_rate = fields.Float(related="company_id.crm_late_penalty_rate", readonly=False)
    crm_recovery_indemnity = fields.Monetary(
        related="company_id.crm_recovery_indemnity",
        currency_field="currency_id",
        readonly=False,
    )
    crm_renewal_notice_days = fields.Integer(
        related="company_id.crm_renewal_notice_days", readonly=False
    )
    crm_contract_reminder_days = fields.Integer(
        related="company_id.crm_contract_reminder_days", readonly=False
    )
