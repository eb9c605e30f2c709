from odoo import api, fields, models
from odoo.exceptions import ValidationError


class GroupFinanceExpenseCategory(models.Model):
    """Expense category of supplier bills (the seed's ``categories_depenses``): a French chart
    account code (6xxx, or 2xxx for fixed assets) and whether its VAT is deductible."""

    _name = "group.finance.expense.category"
    _description = "Expense Category"
    _order = "code, name"
    _check_company_auto = True

    name = fields.Char(required=True, translate=True)
    code = fields.Char(
        required=True,
        help="Account code of the French chart (e.g. 6251): a bill of this category is charged "
        "to the company's first account whose code starts with it.",
    )
    category_type = fields.Selection(
        [("expense", "Expense"), ("asset", "Fixed asset")],
        string="Type",
        required=True,
        default="expense",
    )
    vat_deductible = fields.Boolean(
        string="VAT Deductible",
        default=True,
        help="Unchecked: the VAT of this category is not recoverable; the bill's lines carry no "
        "tax and the whole amount (VAT included) is charged to the account.",
    )
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        "res.company",
        index=True,
        help="Leave empty to share this category between companies.",
    )

    _sql_constraints = [
        (
            "code_name_company_uniq",
            "unique(code, name, company_id)",
            "This category already exists in this company.",
        ),
    ]

    @api.constrains("code")
    def _check_code(self):
        for category in self:
            if not (category.code or "").isdigit():
                raise ValidationError(
                    self.env._("The account code of a category is made of digits only.")
                )

    def _gf_account_for(self, company):
        """The account of ``company`` this category charges: the lowest code starting with the
        category's code (one search per category)."""
        self.ensure_one()
        return (
            self.env["account.account"]
            .with_company(company)
            .search(
                [
                    *self.env["account.account"]._check_company_domain(company),
                    ("code", "=like", f"{self.code}%"),
                    ("deprecated", "=", False),
                ],
                order="code",
                limit=1,
            )
        )
