from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import AccessError

HORIZON_DAYS = 90
SOURCE_BY_MODEL = {"group.finance.fixed.charge": "fixed_charge"}


class GroupFinanceForecast(models.Model):
    """One line of the 90-day cash forecast of the companies a user looks at.

    The lines are rebuilt for the user each time the forecast is opened, from the open items
    of each source model (``_gf_forecast_sources``); the chart, the pivot and the table are
    Odoo's own views aggregating them (read_group)."""

    _name = "group.finance.forecast"
    _description = "Cash Forecast Line"
    _order = "date, id"
    _check_company_auto = True

    user_id = fields.Many2one("res.users", required=True, index=True, ondelete="cascade")
    company_id = fields.Many2one("res.company", required=True, index=True)
    currency_id = fields.Many2one(related="company_id.currency_id")
    date = fields.Date(required=True, index=True)
    amount = fields.Monetary(required=True, aggregator="sum")
    amount_in = fields.Monetary(string="Receipts", aggregator="sum")
    amount_out = fields.Monetary(string="Payments", aggregator="sum")
    label = fields.Char(required=True)
    source = fields.Selection(
        [
            ("balance", "Bank Balance Today"),
            ("customer_invoice", "Customer Invoices"),
            ("supplier_bill", "Supplier Bills"),
            ("expense_report", "Expense Reports"),
            ("fixed_charge", "Fixed Charges"),
            ("other", "Other"),
        ],
        required=True,
        default="other",
    )
    res_model = fields.Char(string="Document Model")
    res_id = fields.Many2oneReference(model_field="res_model", string="Document")

    # -- sources -----------------------------------------------------------------------------
    @api.model
    def _gf_forecast_sources(self):
        """Models that implement ``_gf_forecast_items(companies, date_from, date_to)``.
        Other parts of the addon append theirs with super()."""
        return ["account.move", "hr.expense.sheet", "group.finance.fixed.charge"]

    @api.model
    def _gf_bank_balances(self, companies):
        """Balance of each bank journal of these companies: (journal, balance) pairs, one
        read_group over the statement lines."""
        groups = self.env["account.bank.statement.line"]._read_group(
            [("company_id", "in", companies.ids), ("journal_id.type", "=", "bank")],
            ["journal_id"],
            ["amount:sum"],
        )
        return list(groups)

    @api.model
    def _gf_check_scope(self, companies):
        if len(companies) > 1 and not self.env.user.has_group("group_finance.group_manager"):
            raise AccessError(
                self.env._("Only the co-managers see the treasury of several companies at once.")
            )

    @api.model
    def _gf_collect(self, companies, date_from, date_to):
        self._gf_check_scope(companies)
        items = [
            {
                "date": date_from,
                "amount": balance,
                "label": self.env._("Balance of %(journal)s", journal=journal.display_name),
                "res_model": "account.journal",
                "res_id": journal.id,
                "company_id": journal.company_id.id,
                "source": "balance",
            }
            for journal, balance in self._gf_bank_balances(companies)
        ]
        for model in dict.fromkeys(self._gf_forecast_sources()):
            if model in self.env:
                items += self.env[model]._gf_forecast_items(companies, date_from, date_to)
        return items

    @api.model
    def _gf_refresh(self, companies=None):
        if not companies:
            is_manager = self.env.user.has_group("group_finance.group_manager")
            companies = self.env.companies if is_manager else self.env.company
        today = fields.Date.context_today(self)
        items = self._gf_collect(companies, today, today + timedelta(days=HORIZON_DAYS))
        self.search([("user_id", "=", self.env.uid)]).sudo().unlink()
        vals_list = []
        for item in items:
            amount = item["amount"]
            vals_list.append(
                {
                    "user_id": self.env.uid,
                    "company_id": item["company_id"],
                    "date": max(item["date"], today),
                    "amount": amount,
                    "amount_in": max(amount, 0.0),
                    "amount_out": min(amount, 0.0),
                    "label": item["label"],
                    "source": item.get("source")
                    or SOURCE_BY_MODEL.get(item.get("res_model"), "other"),
                    "res_model": item.get("res_model"),
                    "res_id": item.get("res_id"),
                }
            )
        return self.create(vals_list)

    @api.model
    def _gf_weekly_table(self):
        """The user's forecast per week: receipts, payments, net (read_group)."""
        return self._read_group(
            [("user_id", "=", self.env.uid)],
            ["date:week"],
            ["amount_in:sum", "amount_out:sum", "amount:sum"],
        )

    @api.model
    def action_open_forecast(self):
        self._gf_refresh()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "group_finance.action_group_finance_forecast"
        )
        action["domain"] = [("user_id", "=", self.env.uid)]
        return action

    @api.model
    def action_open_treasury(self, scope="company"):
        """The treasury of the current company, or of the group for the co-managers:
        balance per bank account, movements, balance over time."""
        companies = self.env.company
        if scope == "group":
            companies = self.env.companies
            self._gf_check_scope(companies)
        action = self.env["ir.actions.act_window"]._for_xml_id("group_finance.action_gf_treasury")
        action["domain"] = [("company_id", "in", companies.ids), ("journal_id.type", "=", "bank")]
        if scope == "group":
            action["name"] = self.env._("Group Treasury")
        return action

    def action_open_document(self):
        self.ensure_one()
        if not self.res_model or not self.res_id:
            return False
        return {
            "type": "ir.actions.act_window",
            "res_model": self.res_model,
            "res_id": self.res_id,
            "view_mode": "form",
            "views": [[False, "form"]],
        }
