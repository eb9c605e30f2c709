from odoo import fields, models

from .group_finance_vat_recovery_rule import EXPENSE_TYPES


class ProductTemplate(models.Model):
    _inherit = "product.template"

    gf_expense_type = fields.Selection(
        EXPENSE_TYPES,
        string="Expense Type",
        help="Type of the expense reports' lines of this expense category: its details, its "
        "recoverable VAT rule, the mileage scale.",
    )
    gf_expense_category_id = fields.Many2one(
        "group.finance.expense.category",
        string="Expense Account Category",
        help="Expenses of this category are charged to this category's account.",
    )
