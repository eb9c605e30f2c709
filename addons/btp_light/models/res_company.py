from odoo import fields, models
from odoo.exceptions import UserError

RETENTION_ACCOUNT_CODE = "411700"


class ResCompany(models.Model):
    _inherit = "res.company"

    btp_retention_rate = fields.Float(
        string="Retention Guarantee (%)",
        default=5.0,
        help="Default share of the amount incl. VAT withheld on each construction invoice.",
    )
    btp_retention_account_id = fields.Many2one(
        "account.account",
        string="Retention Guarantee Account",
        check_company=True,
        domain="[('account_type', '=', 'asset_receivable')]",
        help="Receivable account holding the withheld amounts (411700 in the French chart).",
    )
    btp_jde_company = fields.Char(
        string="JD Edwards Company",
        size=5,
        help="Company code (KCO) of this company in JD Edwards.",
    )
    btp_alert_days = fields.Integer(
        string="Key Date Alert (days)",
        default=7,
        help="Site managers are emailed this many days before a key date of their job sites.",
    )

    def _btp_retention_account(self):
        """The retention account: the configured one, else the chart's 411700."""
        self.ensure_one()
        if self.btp_retention_account_id:
            return self.btp_retention_account_id
        account = (
            self.env["account.account"]
            .sudo()
            .search(
                [
                    *self.env["account.account"]._check_company_domain(self),
                    ("code", "=", RETENTION_ACCOUNT_CODE),
                    ("account_type", "=", "asset_receivable"),
                ],
                limit=1,
            )
        )
        if not account:
            raise UserError(
                self.env._(
                    "No retention guarantee account for %(company)s: set one in the "
                    "Construction settings (account %(code)s in the French chart).",
                    company=self.name,
                    code=RETENTION_ACCOUNT_CODE,
                )
            )
        return account
