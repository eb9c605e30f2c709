# Copyright 2026 The suite's authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""The co-managers' group dashboard: one read-only SQL view of figures per company and month,
shown with Odoo's own pivot and graph views (the group total is the pivot's total column).

It reads only core tables (journal items, invoices, expense reports) and this addon's VAT
returns, so it keeps working whatever other part of the suite is installed or not.
"""

from odoo import fields, models, tools

KPIS = [
    ("cash", "Cash"),
    ("revenue", "Revenue"),
    ("result", "Result"),
    ("current_account", "Partners' current accounts"),
    ("vat_due", "VAT to pay"),
    ("overdue_30", "Invoices overdue > 30 days"),
    ("expense_to_approve", "Expense reports awaiting approval"),
]


class GroupFinanceDashboard(models.Model):
    _name = "group.finance.dashboard"
    _description = "Group Dashboard"
    _auto = False
    _order = "date desc, company_id, kpi"
    _rec_name = "kpi"

    company_id = fields.Many2one("res.company", readonly=True)
    currency_id = fields.Many2one(related="company_id.currency_id")
    kpi = fields.Selection(KPIS, string="Indicator", readonly=True)
    date = fields.Date(readonly=True)
    amount = fields.Float(readonly=True, digits=(16, 2))
    count = fields.Integer("Number", readonly=True)
    is_alert = fields.Boolean("Alert", readonly=True)
    res_model = fields.Char(readonly=True)

    def init(self):
        # the view reads the VAT returns' table: create it first whatever the models' load order
        self.env["group.finance.vat.return"]._auto_init()
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute(
            f"""
            CREATE OR REPLACE VIEW {self._table} AS (
            SELECT ROW_NUMBER() OVER () AS id, kpis.* FROM (
                -- cash, revenue and result: posted journal items, per company and month
                SELECT aml.company_id,
                       CASE WHEN acc.account_type = 'asset_cash' THEN 'cash'
                            WHEN acc.account_type IN ('income', 'income_other') THEN 'revenue'
                       END AS kpi,
                       DATE_TRUNC('month', aml.date)::date AS date,
                       SUM(CASE WHEN acc.account_type = 'asset_cash' THEN aml.balance
                                ELSE -aml.balance END) AS amount,
                       COUNT(*) AS count, FALSE AS is_alert, 'account.move.line' AS res_model
                  FROM account_move_line aml
                  JOIN account_account acc ON acc.id = aml.account_id
                 WHERE aml.parent_state = 'posted'
                   AND acc.account_type IN ('asset_cash', 'income', 'income_other')
                 GROUP BY 1, 2, 3
                UNION ALL
                SELECT aml.company_id, 'result', DATE_TRUNC('month', aml.date)::date,
                       -SUM(aml.balance), COUNT(*), FALSE, 'account.move.line'
                  FROM account_move_line aml
                  JOIN account_account acc ON acc.id = aml.account_id
                 WHERE aml.parent_state = 'posted'
                   AND SPLIT_PART(acc.account_type, '_', 1) IN ('income', 'expense')
                 GROUP BY 1, 3
                UNION ALL
                -- 455: partners' current accounts (credit = owed to the partners)
                SELECT aml.company_id, 'current_account', DATE_TRUNC('month', aml.date)::date,
                       -SUM(aml.balance), COUNT(*), FALSE, 'account.move.line'
                  FROM account_move_line aml
                  JOIN account_account acc ON acc.id = aml.account_id
                  JOIN res_company comp ON comp.id = aml.company_id
                 WHERE aml.parent_state = 'posted'
                   AND acc.code_store->>SPLIT_PART(comp.parent_path, '/', 1) LIKE '455%'
                 GROUP BY 1, 3
                UNION ALL
                -- alerts
                SELECT company_id, 'vat_due', due_date, SUM(vat_to_pay), COUNT(*), TRUE,
                       'group.finance.vat.return'
                  FROM group_finance_vat_return
                 WHERE state = 'declared' AND vat_to_pay > 0
                 GROUP BY 1, 3
                UNION ALL
                SELECT company_id, 'overdue_30', CURRENT_DATE, SUM(amount_residual_signed),
                       COUNT(*), TRUE, 'account.move'
                  FROM account_move
                 WHERE move_type = 'out_invoice' AND state = 'posted'
                   AND payment_state IN ('not_paid', 'partial')
                   AND invoice_date_due < CURRENT_DATE - 30
                 GROUP BY 1
                UNION ALL
                SELECT company_id, 'expense_to_approve', CURRENT_DATE, SUM(total_amount),
                       COUNT(*), TRUE, 'hr.expense.sheet'
                  FROM hr_expense_sheet
                 WHERE state = 'submit'
                 GROUP BY 1
            ) kpis WHERE kpis.kpi IS NOT NULL
            )"""
        )

    def action_open_records(self):
        """From an alert to the records behind it."""
        self.ensure_one()
        domains = {
            "vat_due": [("state", "=", "declared"), ("vat_to_pay", ">", 0)],
            "overdue_30": [
                ("move_type", "=", "out_invoice"),
                ("state", "=", "posted"),
                ("payment_state", "in", ("not_paid", "partial")),
                ("invoice_date_due", "<", fields.Date.subtract(fields.Date.today(), days=30)),
            ],
            "expense_to_approve": [("state", "=", "submit")],
        }
        return {
            "type": "ir.actions.act_window",
            "name": dict(KPIS)[self.kpi],
            "res_model": self.res_model,
            "view_mode": "list,form",
            "domain": [*domains.get(self.kpi, []), ("company_id", "=", self.company_id.id)],
        }
