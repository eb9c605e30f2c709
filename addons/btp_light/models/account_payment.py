from odoo import fields, models


class AccountPayment(models.Model):
    _inherit = "account.payment"

    btp_site_id = fields.Many2one(
        "project.project",
        string="Job Site",
        index=True,
        check_company=True,
        domain="[('btp_is_site', '=', True)]",
    )
    btp_jde_export_id = fields.Many2one(
        "btp.jde.export", string="JD Edwards Export", copy=False, readonly=True, index=True
    )
