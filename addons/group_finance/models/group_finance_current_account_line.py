from odoo import Command, api, fields, models
from odoo.exceptions import UserError, ValidationError

SIGN = {"contribution": 1, "interest": 1, "withdrawal": -1, "repayment": -1}


class GroupFinanceCurrentAccountLine(models.Model):
    """A movement of a partner's current account: a contribution, withdrawal or repayment
    (an entry between the bank journal's outstanding account and the associate's 455
    sub-account, linked to its bank line and supporting document), or the period's interest."""

    _name = "group.finance.current.account.line"
    _description = "Current Account Movement"
    _order = "date desc, id desc"
    _check_company_auto = True

    current_account_id = fields.Many2one(
        "group.finance.current.account", required=True, index=True, ondelete="restrict"
    )
    company_id = fields.Many2one(related="current_account_id.company_id", store=True, index=True)
    partner_id = fields.Many2one(related="current_account_id.partner_id", store=True)
    currency_id = fields.Many2one(related="current_account_id.currency_id")
    date = fields.Date(required=True, default=fields.Date.context_today)
    line_type = fields.Selection(
        [
            ("contribution", "Contribution"),
            ("withdrawal", "Withdrawal"),
            ("repayment", "Repayment"),
            ("interest", "Interest"),
        ],
        string="Type",
        required=True,
    )
    name = fields.Char(string="Description", required=True)
    amount = fields.Monetary(required=True)
    signed_amount = fields.Monetary(compute="_compute_signed_amount", store=True)
    running_balance = fields.Monetary(compute="_compute_running_balance")
    journal_id = fields.Many2one(
        "account.journal",
        string="Bank Journal",
        check_company=True,
        domain="[('type', 'in', ('bank', 'cash'))]",
    )
    move_id = fields.Many2one("account.move", string="Entry", readonly=True, copy=False)
    state = fields.Selection(
        [("draft", "Draft"), ("posted", "Posted"), ("cancel", "Cancelled")],
        compute="_compute_state",
        store=True,
    )
    statement_line_id = fields.Many2one(
        "account.bank.statement.line",
        string="Bank Line",
        check_company=True,
        copy=False,
    )
    document = fields.Binary(string="Supporting Document", attachment=True)
    document_name = fields.Char()
    interest_date_from = fields.Date(string="Interest From", readonly=True)
    interest_rate = fields.Float(string="Rate Applied (%)", readonly=True, digits=(5, 3))

    _sql_constraints = [
        (
            "interest_period_uniq",
            "unique(current_account_id, interest_date_from)",
            "The interest of this period is already computed.",
        ),
    ]

    @api.depends("amount", "line_type")
    def _compute_signed_amount(self):
        for line in self:
            line.signed_amount = SIGN.get(line.line_type, 1) * line.amount

    @api.depends("move_id.state")
    def _compute_state(self):
        for line in self:
            line.state = line.move_id.state or "draft"

    @api.depends("current_account_id.line_ids.signed_amount", "date", "state")
    def _compute_running_balance(self):
        """The balance after each posted movement, per current account, by date."""
        for current in self.current_account_id:
            balance = 0.0
            posted = current.line_ids.filtered(
                lambda line: line.state == "posted" and line.line_type != "interest"
            )
            for line in posted.sorted(lambda line: (line.date, line.id)):
                balance += line.signed_amount
                line.running_balance = balance
            (current.line_ids - posted).running_balance = 0.0
        (self - self.current_account_id.line_ids).running_balance = 0.0

    @api.constrains("amount")
    def _check_amount(self):
        if any(line.amount <= 0 for line in self):
            raise ValidationError(
                self.env._(
                    "The amount of a current account movement is positive; its type gives its "
                    "sense."
                )
            )

    @api.constrains("statement_line_id", "current_account_id")
    def _check_statement_line(self):
        for line in self.filtered("statement_line_id"):
            if line.statement_line_id.partner_id and (
                line.statement_line_id.partner_id.commercial_partner_id
                != line.partner_id.commercial_partner_id
            ):
                raise ValidationError(
                    self.env._("The bank line is not the associate's (%(name)s).", name=line.name)
                )

    def _gf_entry_vals(self):
        self.ensure_one()
        current = self.current_account_id
        company = current.company_id
        if self.line_type == "interest":
            Journal = self.env["account.journal"]
            journal = current.interest_journal_id or Journal.search(
                [*Journal._check_company_domain(company), ("type", "=", "general")], limit=1
            )
            Account = self.env["account.account"].with_company(company)
            company_domain = Account._check_company_domain(company)
            debit_account = Account.search(
                [*company_domain, ("code", "=like", "6615%")], order="code", limit=1
            )
            credit_account = Account.search(
                [*company_domain, ("code", "=like", "4558%")], order="code", limit=1
            )
        else:
            journal = self.journal_id
            if not journal:
                raise UserError(
                    self.env._("%(name)s: choose the bank journal of the movement.", name=self.name)
                )
            if self.line_type == "contribution":
                outstanding = self._gf_outstanding_account(journal, "debit")
                debit_account, credit_account = outstanding, current.account_id
            else:
                outstanding = self._gf_outstanding_account(journal, "credit")
                debit_account, credit_account = current.account_id, outstanding
        if not journal or not debit_account or not credit_account:
            raise UserError(
                self.env._(
                    "%(name)s: the company's chart lacks the journal or accounts of this "
                    "movement (outstanding accounts of the bank journal, 6615, 4558).",
                    name=self.name,
                )
            )
        common = {"partner_id": current.partner_id.id, "name": self.name}
        return {
            "move_type": "entry",
            "company_id": company.id,
            "journal_id": journal.id,
            "date": self.date,
            "ref": self.name,
            "line_ids": [
                Command.create({**common, "account_id": debit_account.id, "debit": self.amount}),
                Command.create({**common, "account_id": credit_account.id, "credit": self.amount}),
            ],
        }

    @api.model
    def _gf_outstanding_account(self, journal, side):
        """The outstanding receipts (debit) or payments (credit) account of the bank journal,
        on which the bank line is reconciled: its payment methods' or the company's."""
        if side == "debit":
            accounts = journal._get_journal_inbound_outstanding_payment_accounts()
        else:
            accounts = journal._get_journal_outbound_outstanding_payment_accounts()
        accounts = accounts.filtered("id")[:1]
        if not accounts:
            accounts = (
                self.env.ref(
                    f"account.{journal.company_id.id}_account_journal_payment_{side}_account_id",
                    raise_if_not_found=False,
                )
                or self.env["account.account"]
            )
        return accounts

    def _gf_create_entries(self):
        lines = self.filtered(lambda line: not line.move_id)
        moves = self.env["account.move"].create([line._gf_entry_vals() for line in lines])
        for line, move in zip(lines, moves, strict=True):
            line.move_id = move
        return moves

    def action_post(self):
        """Create (if need be) and post the movements' entries; interest stays a draft entry
        for the accountant to check."""
        self._gf_create_entries()
        to_post = self.filtered(lambda line: line.line_type != "interest").move_id.filtered(
            lambda move: move.state == "draft"
        )
        to_post.action_post()
        return True

    @api.ondelete(at_uninstall=False)
    def _unlink_except_posted(self):
        if any(line.state == "posted" for line in self):
            raise UserError(self.env._("A posted movement cannot be deleted: reverse its entry."))
