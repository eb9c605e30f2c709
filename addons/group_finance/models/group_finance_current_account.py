from datetime import timedelta

from odoo import Command, api, fields, models
from odoo.exceptions import UserError, ValidationError


class GroupFinanceCurrentAccount(models.Model):
    """A partner's current account (compte courant d'associé) in one company: the associate's
    455 sub-account, its movements and running balance, and the optional capped interest."""

    _name = "group.finance.current.account"
    _description = "Partner's Current Account"
    _inherit = ["mail.thread"]
    _order = "partner_id, company_id"
    _check_company_auto = True

    name = fields.Char(compute="_compute_name", store=True)
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    partner_id = fields.Many2one("res.partner", string="Associate", required=True, index=True)
    account_id = fields.Many2one(
        "account.account",
        string="455 Sub-account",
        readonly=True,
        check_company=True,
        help="Created with the current account: 4551 + a number, in the company's chart.",
    )
    line_ids = fields.One2many("group.finance.current.account.line", "current_account_id")
    balance = fields.Monetary(
        compute="_compute_balance",
        help="What the company owes the associate (posted entries of the sub-account).",
    )
    interest_rate = fields.Float(
        string="Interest Rate (%)",
        digits=(5, 3),
        help="Agreed yearly rate; the interest is computed at most at the legal maximum "
        "deductible rate of the year.",
    )
    interest_journal_id = fields.Many2one(
        "account.journal",
        check_company=True,
        domain="[('type', '=', 'general')]",
    )
    active = fields.Boolean(default=True)

    _sql_constraints = [
        (
            "partner_company_uniq",
            "unique(partner_id, company_id)",
            "This associate already has a current account in this company.",
        ),
    ]

    @api.depends("partner_id.name", "company_id.name")
    def _compute_name(self):
        for account in self:
            account.name = f"{account.partner_id.name or ''} - {account.company_id.name or ''}"

    def _compute_balance(self):
        groups = self.env["account.move.line"]._read_group(
            [
                ("account_id", "in", self.account_id.ids),
                ("partner_id", "in", self.partner_id.ids),
                ("parent_state", "=", "posted"),
            ],
            ["account_id", "partner_id"],
            ["balance:sum"],
        )
        balances = {(account.id, partner.id): total for account, partner, total in groups}
        for current in self:
            current.balance = -balances.get((current.account_id.id, current.partner_id.id), 0.0)

    @api.constrains("interest_rate")
    def _check_interest_rate(self):
        if any(account.interest_rate < 0 for account in self):
            raise ValidationError(self.env._("An interest rate cannot be negative."))

    @api.model_create_multi
    def create(self, vals_list):
        accounts = super().create(vals_list)
        for account in accounts:
            account.account_id = account._gf_create_sub_account()
        return accounts

    def _gf_create_sub_account(self):
        """The associate's own 455 sub-account: 4551 followed by the next free number."""
        self.ensure_one()
        Account = self.env["account.account"].sudo().with_company(self.company_id)
        domain = [
            *Account._check_company_domain(self.company_id),
            ("code", "=like", "4551%"),
        ]
        codes = Account.search(domain).mapped("code")
        number = 1
        while f"4551{number:02d}" in codes:
            number += 1
        return Account.create(
            {
                "name": self.env._("Current account %(partner)s", partner=self.partner_id.name),
                "code": f"4551{number:02d}",
                "account_type": "liability_current",
                "reconcile": True,
                "company_ids": [Command.set(self.company_id.ids)],
            }
        )

    # ---------------------------------------------------------------- interest
    def _gf_balance_by_day(self, date_from, date_to):
        """Balance owed to the associate at the end of each day of the period (one query)."""
        self.ensure_one()
        lines = self.env["account.move.line"].search(
            [
                ("account_id", "=", self.account_id.id),
                ("partner_id", "=", self.partner_id.id),
                ("parent_state", "=", "posted"),
                ("date", "<=", date_to),
            ],
            order="date",
        )
        opening = -sum(lines.filtered(lambda line: line.date < date_from).mapped("balance"))
        moves = {}
        for line in lines.filtered(lambda line: line.date >= date_from):
            moves[line.date] = moves.get(line.date, 0.0) - line.balance
        balances, balance, day = [], opening, date_from
        while day <= date_to:
            balance += moves.get(day, 0.0)
            balances.append(balance)
            day += timedelta(days=1)
        return balances

    def action_compute_interest(self, date_from, date_to):
        """The interest of the period as a draft entry (interest expense / accrued interest
        of the associate), at the agreed rate capped by the legal maximum of the year, on the
        daily balances owed to the associate. Once per current account and period."""
        lines = self.env["group.finance.current.account.line"]
        for account in self:
            if not account.interest_rate:
                raise UserError(
                    self.env._("%(name)s: no interest rate is agreed.", name=account.name)
                )
            cap = self.env["group.finance.current.account.rate"]._gf_max_rate(date_to.year)
            rate = min(account.interest_rate, cap)
            daily = account._gf_balance_by_day(date_from, date_to)
            days_in_year = 366 if date_to.year % 4 == 0 else 365
            amount = account.currency_id.round(
                sum(max(balance, 0.0) for balance in daily) * rate / 100.0 / days_in_year
            )
            if account.currency_id.is_zero(amount):
                continue
            lines |= lines.create(
                {
                    "current_account_id": account.id,
                    "line_type": "interest",
                    "date": date_to,
                    "amount": amount,
                    "interest_date_from": date_from,
                    "interest_rate": rate,
                    "name": self.env._(
                        "Interest %(start)s - %(end)s at %(rate)s %%",
                        start=fields.Date.to_string(date_from),
                        end=fields.Date.to_string(date_to),
                        rate=rate,
                    ),
                }
            )
        lines._gf_create_entries()
        return lines


class GroupFinanceCurrentAccountRate(models.Model):
    """The legal maximum rate of deductible interest on partners' current accounts (CGI art.
    39-1-3°), by financial year; to be entered from the yearly official publication."""

    _name = "group.finance.current.account.rate"
    _description = "Current Account Legal Maximum Rate"
    _order = "year desc"

    year = fields.Integer(required=True)
    rate = fields.Float(string="Maximum Rate (%)", required=True, digits=(5, 3))

    _sql_constraints = [("year_uniq", "unique(year)", "One maximum rate per year.")]

    @api.model
    def _gf_max_rate(self, year):
        row = self.search([("year", "=", year)], limit=1)
        if not row:
            raise UserError(
                self.env._(
                    "Enter the legal maximum rate of current accounts' interest for %(year)s "
                    "(Configuration > Current account rates).",
                    year=year,
                )
            )
        return row.rate
