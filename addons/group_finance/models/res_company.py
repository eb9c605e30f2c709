import re

from stdnum.eu import vat as eu_vat

from odoo import api, fields, models
from odoo.exceptions import ValidationError

COLOR_RE = re.compile(r"^#[0-9A-Fa-f]{6}$")
PREFIX_RE = re.compile(r"^[A-Z0-9][A-Z0-9_-]{0,9}$")


class ResCompany(models.Model):
    _inherit = "res.company"

    gf_holding_id = fields.Many2one(
        "res.company",
        string="Holding Company",
        index=True,
        help="The holding that owns this company. The group is the holding and the "
        "companies whose holding it is.",
    )
    gf_member_ids = fields.One2many("res.company", "gf_holding_id", string="Group Companies")
    gf_legal_form = fields.Selection(
        [
            ("sas", "SAS"),
            ("sasu", "SASU"),
            ("sarl", "SARL"),
            ("eurl", "EURL"),
            ("sa", "SA"),
            ("sci", "SCI"),
            ("holding", "Holding"),
        ],
        string="Legal Form",
    )
    gf_rcs = fields.Char(
        string="RCS", help="Trade and companies register, e.g. RCS Aix-en-Provence 820 504 421"
    )
    gf_share_capital = fields.Monetary(string="Share Capital", currency_field="currency_id")
    gf_color = fields.Char(
        string="Dashboard Colour", default="#1F6FB2", help="Hexadecimal colour, e.g. #1F6FB2"
    )
    gf_invoice_prefix = fields.Char(string="Invoice Prefix", help="e.g. FA")
    gf_refund_prefix = fields.Char(string="Credit Note Prefix", help="e.g. AV")
    gf_expense_two_level_approval = fields.Boolean(
        string="Two-level Approval of Expense Reports",
        help="Expense reports of this company are approved by the employee's manager, then by "
        "the accountant (tier validation).",
    )
    gf_expense_receipt_required = fields.Boolean(
        string="Receipts Required",
        help="An expense above the threshold cannot be submitted without a receipt.",
    )
    gf_expense_receipt_threshold = fields.Monetary(
        string="Receipt Required Above",
        currency_field="currency_id",
        default=0.0,
        help="An expense above this amount (VAT included) cannot be submitted without a receipt "
        "(image or PDF). 0: a receipt for every expense.",
    )

    @api.constrains("gf_holding_id")
    def _check_gf_holding_id(self):
        for company in self:
            holding = company.gf_holding_id
            if not holding:
                continue
            if holding == company:
                raise ValidationError(self.env._("A company cannot be its own holding."))
            if holding.gf_holding_id:
                raise ValidationError(
                    self.env._(
                        "%(holding)s already belongs to the group of %(top)s: "
                        "choose the group's holding.",
                        holding=holding.name,
                        top=holding.gf_holding_id.name,
                    )
                )
            if company.gf_member_ids:
                raise ValidationError(
                    self.env._(
                        "%(company)s is the holding of other companies: it cannot "
                        "belong to another holding.",
                        company=company.name,
                    )
                )

    @api.constrains("gf_color")
    def _check_gf_color(self):
        for company in self:
            if company.gf_color and not COLOR_RE.match(company.gf_color):
                raise ValidationError(
                    self.env._(
                        "The dashboard colour %(color)s is not a colour like #1F6FB2.",
                        color=company.gf_color,
                    )
                )

    @api.constrains("gf_invoice_prefix", "gf_refund_prefix")
    def _check_gf_prefixes(self):
        for company in self:
            for prefix in (company.gf_invoice_prefix, company.gf_refund_prefix):
                if prefix and not PREFIX_RE.match(prefix):
                    raise ValidationError(
                        self.env._(
                            "The prefix %(prefix)s must be 1 to 10 capital letters, digits, "
                            "'-' or '_'.",
                            prefix=prefix,
                        )
                    )
            if company.gf_invoice_prefix and company.gf_invoice_prefix == company.gf_refund_prefix:
                raise ValidationError(
                    self.env._("Invoices and credit notes need two different prefixes.")
                )

    @api.constrains("gf_share_capital")
    def _check_gf_share_capital(self):
        for company in self:
            if company.gf_share_capital < 0:
                raise ValidationError(self.env._("The share capital cannot be negative."))

    @api.constrains("vat", "country_id")
    def _check_gf_vat(self):
        """An intra-EU VAT number (checked by python-stdnum); for a French company it
        must also carry the company's SIREN."""
        for company in self:
            if not company.vat or company.country_id.code != "FR":
                continue
            number = eu_vat.compact(company.vat)
            if not eu_vat.is_valid(number):
                raise ValidationError(
                    self.env._("%(vat)s is not a valid intra-EU VAT number.", vat=company.vat)
                )
            siren = company.partner_id.siren
            if siren and number.startswith("FR") and number[4:] != siren:
                raise ValidationError(
                    self.env._(
                        "The VAT number %(vat)s does not belong to the SIREN %(siren)s.",
                        vat=company.vat,
                        siren=siren,
                    )
                )

    def _gf_group_companies(self):
        """The companies of the group(s) of these companies: their holding and the
        holding's members."""
        holdings = self.mapped(lambda c: c.gf_holding_id or c)
        return holdings | holdings.gf_member_ids
