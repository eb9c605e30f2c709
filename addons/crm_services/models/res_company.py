from odoo import fields, models


class ResCompany(models.Model):
    _inherit = "res.company"

    crm_late_penalty_rate = fields.Float(
        string="Late-Payment Penalty Rate (%)",
        default=12.15,
        digits=(16, 2),
        help="Yearly rate of the late-payment penalties printed on quotes and "
        "applied to overdue invoices (French Commercial Code, art. L441-10: at least "
        "three times the legal interest rate; commonly the ECB rate plus 10 points).",
    )
    crm_recovery_indemnity = fields.Monetary(
        string="Fixed Recovery Indemnity",
        currency_field="currency_id",
        default=40.0,
        help="Fixed indemnity for recovery costs owed by a business customer paying "
        "late (French Commercial Code, art. D441-5: 40 euros).",
    )
    crm_renewal_notice_days = fields.Integer(
        string="Renewal Notice (days before the deadline)",
        default=30,
        help="For a business customer, the renewal notice of a tacitly renewed contract "
        "is sent this many days before its notice deadline. A consumer's notice follows "
        "the French consumer code (three to one month before the deadline).",
    )
    crm_contract_reminder_days = fields.Integer(
        string="Contract End Reminder (days)",
        default=60,
        help="A reminder is created this many days before the end of a contract that is "
        "not renewed tacitly.",
    )
