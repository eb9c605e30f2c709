# Copyright 2026 The suite's authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""The French VAT return (CA3, form 3310-CA3) of one company for one month or one quarter.

The amounts are read from the tax report tags that l10n_fr_account puts on its taxes
(``account.move.line.tax_tag_ids``), on POSTED entries only, with the sign rule of Odoo's tax
report (a "-" tag negates, ``tax_tag_invert`` inverts): each box of the return is the figure Odoo's
own tax report would show. Declaring the return posts the VAT settlement entry (the VAT accounts
of the period are cleared against 445510 "TVA à décaisser" or 445670 "Crédit de TVA à reporter")
and locks the period for taxes (core ``tax_lock_date``); the return is paid once the 445510 line
is reconciled with the bank.
"""

from collections import defaultdict

from dateutil.relativedelta import relativedelta

from odoo import Command, api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import SQL, float_compare, float_is_zero

# The boxes of the gross VAT (line 16 of the CA3) and of the deductible VAT (line 23): the
# tags whose amounts add up to them, as in l10n_fr_account's tax report (report lines box_16 and
# box_23, without the carried-over credit of line 22, which the return takes from the previous
# return).
GROSS_VAT_TAGS = (
    "08_taxe", "09_taxe", "9B_taxe", "10_taxe", "11_taxe", "13_taxe", "14_taxe",
    "T1_taxe", "T2_taxe", "T3_taxe", "T4_taxe", "T5_taxe", "T6_taxe", "T7_taxe",
    "P1_taxe", "P2_taxe", "I1_taxe", "I2_taxe", "I3_taxe", "I4_taxe", "I5_taxe", "I6_taxe",
    "15", "5B",
)  # fmt: skip
DEDUCTIBLE_VAT_TAGS = ("19", "20", "21", "22", "2C")


class GroupFinanceVatReturn(models.Model):
    _name = "group.finance.vat.return"
    _description = "VAT Return (CA3)"
    _inherit = ["mail.thread"]
    _order = "date_from desc, company_id"
    _check_company_auto = True

    name = fields.Char(compute="_compute_name", store=True)
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    regime = fields.Selection(
        [("monthly", "Monthly"), ("quarterly", "Quarterly")],
        required=True,
        default="monthly",
        tracking=True,
    )
    date_from = fields.Date("Period start", required=True, tracking=True)
    date_to = fields.Date("Period end", compute="_compute_date_to", store=True)
    due_date = fields.Date(
        compute="_compute_date_to",
        store=True,
        help="The CA3 is filed and paid in the month after the period (the 15th by default).",
    )
    state = fields.Selection(
        [("draft", "Draft"), ("declared", "Declared"), ("paid", "Paid")],
        compute="_compute_state",
        store=True,
        tracking=True,
    )
    line_ids = fields.One2many("group.finance.vat.return.line", "return_id", readonly=True)
    tax_line_ids = fields.One2many(
        "group.finance.vat.return.tax", "return_id", string="By tax", readonly=True
    )
    vat_collected = fields.Monetary("Gross VAT (16)", readonly=True)
    vat_deductible = fields.Monetary("Deductible VAT of the period", readonly=True)
    credit_carried_in = fields.Monetary(
        "Credit carried over (22)",
        readonly=True,
        help="Line 27 of the previous declared return of the company.",
    )
    vat_to_pay = fields.Monetary("VAT to pay (28)", readonly=True)
    credit_to_carry = fields.Monetary("Credit to carry forward (27)", readonly=True)
    computed_date = fields.Datetime(readonly=True)
    declared_date = fields.Date(readonly=True, tracking=True)
    move_id = fields.Many2one(
        "account.move", "Settlement entry", readonly=True, check_company=True, copy=False
    )
    payable_line_id = fields.Many2one(
        "account.move.line", compute="_compute_payable_line", store=True
    )
    paid_date = fields.Date(compute="_compute_state", store=True)
    journal_id = fields.Many2one(
        "account.journal",
        "Settlement journal",
        check_company=True,
        domain="[('type', '=', 'general')]",
        default=lambda self: self.env["account.journal"].search(
            [*self.env["account.journal"]._check_company_domain(self.env.company),
             ("type", "=", "general")], limit=1,
        ),
    )  # fmt: skip
    unposted_count = fields.Integer(
        "Unposted entries with VAT",
        compute="_compute_unposted_count",
        help="Draft entries of the period that carry taxes: they are not in the return.",
    )

    _sql_constraints = [
        (
            "company_period_unique",
            "unique(company_id, date_from, regime)",
            "A VAT return already exists for this company and period.",
        ),
    ]

    @api.depends("company_id", "date_from", "regime")
    def _compute_name(self):
        for rec in self:
            if not rec.date_from:
                rec.name = self.env._("VAT return")
                continue
            if rec.regime == "quarterly":
                period = f"T{(rec.date_from.month - 1) // 3 + 1} {rec.date_from.year}"
            else:
                period = rec.date_from.strftime("%m/%Y")
            rec.name = self.env._(
                "CA3 %(period)s - %(company)s", period=period, company=rec.company_id.name
            )

    @api.depends("date_from", "regime")
    def _compute_date_to(self):
        for rec in self:
            if not rec.date_from:
                rec.date_to = rec.due_date = False
                continue
            months = 3 if rec.regime == "quarterly" else 1
            rec.date_to = rec.date_from + relativedelta(months=months, days=-1)
            rec.due_date = rec.date_to + relativedelta(days=15)

    @api.constrains("date_from", "regime")
    def _check_period(self):
        for rec in self:
            if rec.date_from.day != 1:
                raise ValidationError(
                    self.env._("A VAT period starts on the first day of a month.")
                )
            if rec.regime == "quarterly" and rec.date_from.month not in (1, 4, 7, 10):
                raise ValidationError(
                    self.env._("A quarterly VAT period starts in January, April, July or October.")
                )

    @api.depends("move_id.line_ids.account_id")
    def _compute_payable_line(self):
        for rec in self:
            account = rec._gf_account("pcg_44551") if rec.move_id else False
            rec.payable_line_id = rec.move_id.line_ids.filtered(
                lambda line, account=account: line.account_id == account
            )[:1]

    @api.depends("move_id.state", "payable_line_id.reconciled", "payable_line_id.amount_residual")
    def _compute_state(self):
        for rec in self:
            line = rec.payable_line_id
            if not rec.move_id or rec.move_id.state != "posted":
                rec.state = "draft"
                rec.paid_date = False
            elif line and line.reconciled:
                rec.state = "paid"
                rec.paid_date = max(line.matched_debit_ids.debit_move_id.mapped("date") or [False])
            else:
                rec.state = "declared"
                rec.paid_date = False

    def _compute_unposted_count(self):
        for rec in self:
            rec.unposted_count = self.env["account.move"].search_count(
                rec._gf_draft_domain()
            ) if rec.date_from else 0  # fmt: skip

    def _gf_draft_domain(self):
        self.ensure_one()
        return [
            ("company_id", "=", self.company_id.id),
            ("state", "=", "draft"),
            ("date", ">=", self.date_from),
            ("date", "<=", self.date_to),
            ("line_ids.tax_tag_ids", "!=", False),
        ]

    def _gf_account(self, xmlid):
        self.ensure_one()
        return (
            self.env["account.chart.template"].with_company(self.company_id).ref(xmlid, False)
            or self.env["account.account"]
        )

    @api.model
    def _gf_report_expressions(self):
        """{tag formula: report line} of the French tax report (engine tax_tags)."""
        report = self.env.ref("l10n_fr_account.tax_report")
        expressions = self.env["account.report.expression"].search(
            [("report_line_id.report_id", "=", report.id), ("engine", "=", "tax_tags")]
        )
        return {expr.formula: expr.report_line_id for expr in expressions}

    def _gf_tag_amounts(self):
        """Amounts per tag formula and per (tax, tag formula), from posted lines of the period.

        One query, grouped in SQL: the sign is Odoo's tax report's (a "-" tag negates the
        balance, tax_tag_invert inverts it), so that sales VAT, bills' VAT and credit notes come
        out as the report shows them."""
        self.ensure_one()
        self.env["account.move.line"].flush_model(
            ["balance", "tax_tag_invert", "tax_tag_ids", "parent_state", "date", "company_id"]
        )
        self.env["account.account.tag"].flush_model(["name", "tax_negate", "country_id"])
        country = self.env.ref("base.fr")
        self.env.cr.execute(
            SQL(
                """
                SELECT SUBSTRING(tag.name->>'en_US' FROM 2) AS formula,
                       aml.tax_line_id,
                       SUM(aml.balance
                           * CASE WHEN tag.tax_negate THEN -1 ELSE 1 END
                           * CASE WHEN aml.tax_tag_invert THEN -1 ELSE 1 END) AS amount
                  FROM account_move_line aml
                  JOIN account_account_tag_account_move_line_rel rel
                    ON rel.account_move_line_id = aml.id
                  JOIN account_account_tag tag ON tag.id = rel.account_account_tag_id
                 WHERE aml.company_id = %(company)s
                   AND aml.parent_state = 'posted'
                   AND aml.date BETWEEN %(date_from)s AND %(date_to)s
                   AND tag.applicability = 'taxes'
                   AND tag.country_id = %(country)s
                 GROUP BY 1, 2
                """,
                company=self.company_id.id,
                date_from=self.date_from,
                date_to=self.date_to,
                country=country.id,
            )
        )
        by_formula = defaultdict(float)
        by_tax = defaultdict(float)
        for formula, tax_id, amount in self.env.cr.fetchall():
            by_formula[formula] += amount
            if tax_id:
                by_tax[(tax_id, formula)] += amount
        return by_formula, by_tax

    def _gf_previous_credit(self):
        self.ensure_one()
        previous = self.search(
            [
                ("company_id", "=", self.company_id.id),
                ("date_from", "<", self.date_from),
                ("state", "in", ("declared", "paid")),
            ],
            order="date_from desc",
            limit=1,
        )
        return previous.credit_to_carry

    def action_compute(self):
        """(Re)computes the boxes of draft returns from the posted entries of their period."""
        for rec in self:
            if rec.state != "draft":
                raise UserError(self.env._("Only a draft VAT return can be computed again."))
            if rec.company_id.account_fiscal_country_id.code != "FR":
                raise UserError(
                    self.env._("The CA3 return is for French companies (%s).", rec.company_id.name)
                )
            rec._gf_compute()
        return True

    def _gf_compute(self):
        self.ensure_one()
        currency = self.company_id.currency_id
        expressions = self._gf_report_expressions()
        by_formula, by_tax = self._gf_tag_amounts()
        credit_in = self._gf_previous_credit()
        gross = currency.round(sum(by_formula.get(tag, 0.0) for tag in GROSS_VAT_TAGS))
        deductible = currency.round(sum(by_formula.get(tag, 0.0) for tag in DEDUCTIBLE_VAT_TAGS))
        balance = currency.round(gross - deductible - credit_in)
        line_vals = []
        for formula, amount in sorted(by_formula.items()):
            if float_is_zero(amount, precision_rounding=currency.rounding):
                continue
            report_line = expressions.get(formula)
            line_vals.append(
                {
                    "box": formula,
                    "name": report_line.name if report_line else formula,
                    "sequence": report_line.sequence if report_line else 999,
                    "amount": currency.round(amount),
                    "kind": "gross"
                    if formula in GROSS_VAT_TAGS
                    else "deductible"
                    if formula in DEDUCTIBLE_VAT_TAGS
                    else "base",
                }
            )
        tax_vals = []
        taxes = self.env["account.tax"].browse({tax_id for tax_id, __ in by_tax})
        for (tax_id, formula), amount in sorted(by_tax.items()):
            if formula not in GROSS_VAT_TAGS and formula not in DEDUCTIBLE_VAT_TAGS:
                continue
            tax = taxes.browse(tax_id)
            tax_vals.append(
                {
                    "tax_id": tax.id,
                    "box": formula,
                    "kind": "gross" if formula in GROSS_VAT_TAGS else "deductible",
                    "amount": currency.round(amount),
                }
            )
        self.write(
            {
                "line_ids": [Command.clear()] + [Command.create(vals) for vals in line_vals],
                "tax_line_ids": [Command.clear()] + [Command.create(vals) for vals in tax_vals],
                "vat_collected": gross,
                "vat_deductible": deductible,
                "credit_carried_in": credit_in,
                "vat_to_pay": max(balance, 0.0),
                "credit_to_carry": max(-balance, 0.0),
                "computed_date": fields.Datetime.now(),
            }
        )

    def _gf_settlement_move_vals(self):
        """The settlement entry: each VAT account's balance of the period (on the lines that carry
        the return's VAT tags) is cleared; the difference goes to 445510 (to pay) or 445670
        (credit to carry); the credit carried in is taken out of 445670."""
        self.ensure_one()
        currency = self.company_id.currency_id
        # tag names are translatable: the tax report's are matched in English, as core does
        tags = self.env["account.account.tag"].with_context(lang="en_US").search(
            [
                ("applicability", "=", "taxes"),
                ("country_id", "=", self.env.ref("base.fr").id),
                ("name", "in", [sign + tag for tag in GROSS_VAT_TAGS + DEDUCTIBLE_VAT_TAGS
                                for sign in "+-"]),
            ]
        )  # fmt: skip
        groups = self.env["account.move.line"]._read_group(
            [
                ("company_id", "=", self.company_id.id),
                ("parent_state", "=", "posted"),
                ("date", ">=", self.date_from),
                ("date", "<=", self.date_to),
                ("tax_repartition_line_id", "!=", False),
                ("tax_tag_ids", "in", tags.ids),
            ],
            ["account_id"],
            ["balance:sum"],
        )
        lines = []
        for account, balance in groups:
            if float_is_zero(balance, precision_rounding=currency.rounding):
                continue
            lines.append((account, -balance))
        credit_account = self._gf_account("pcg_44567")
        payable_account = self._gf_account("pcg_44551")
        if not credit_account or not payable_account:
            raise UserError(
                self.env._(
                    "The accounts 445510 and 445670 of the French chart are missing in %s.",
                    self.company_id.name,
                )
            )
        if self.credit_carried_in:
            lines.append((credit_account, -self.credit_carried_in))
        total = currency.round(sum(amount for __, amount in lines))
        if float_compare(total, 0.0, precision_rounding=currency.rounding) < 0:
            lines.append((credit_account, -total))
        elif float_compare(total, 0.0, precision_rounding=currency.rounding) > 0:
            lines.append((payable_account, -total))
        label = self.name
        return {
            "move_type": "entry",
            "company_id": self.company_id.id,
            "journal_id": self.journal_id.id,
            "date": self.date_to,
            "ref": label,
            "line_ids": [
                Command.create(
                    {
                        "name": label,
                        "account_id": account.id,
                        "debit": amount if amount > 0 else 0.0,
                        "credit": -amount if amount < 0 else 0.0,
                    }
                )
                for account, amount in lines
            ],
        }

    def action_declare(self):
        """Declares the return: computes it once more, posts the settlement entry and locks the
        period for taxes."""
        for rec in self:
            if rec.state != "draft":
                raise UserError(self.env._("This VAT return is already declared."))
            if rec.unposted_count:
                raise UserError(
                    self.env._(
                        "%(count)s entries with VAT of the period are still in draft: post or "
                        "delete them before declaring.",
                        count=rec.unposted_count,
                    )
                )
            if not rec.journal_id:
                raise UserError(self.env._("Choose the journal of the VAT settlement entry."))
            rec.action_compute()
            move = self.env["account.move"].create(rec._gf_settlement_move_vals())
            move.action_post()
            rec.write({"move_id": move.id, "declared_date": fields.Date.context_today(rec)})
            company = rec.company_id.sudo()
            if not company.tax_lock_date or company.tax_lock_date < rec.date_to:
                # the core lock: no tax may be posted any more in a declared period
                company.tax_lock_date = rec.date_to
        return True

    def action_open_move(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": "account.move",
            "res_id": self.move_id.id,
            "view_mode": "form",
        }

    def action_open_lines(self):
        """The posted journal items the return is made of."""
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Journal items of %s", self.name),
            "res_model": "account.move.line",
            "view_mode": "list,form",
            "domain": [
                ("company_id", "=", self.company_id.id),
                ("parent_state", "=", "posted"),
                ("date", ">=", self.date_from),
                ("date", "<=", self.date_to),
                ("tax_tag_ids", "!=", False),
            ],
            "context": {"search_default_group_by_move": 1},
        }

    @api.ondelete(at_uninstall=False)
    def _unlink_only_draft(self):
        if any(rec.state != "draft" for rec in self):
            raise UserError(self.env._("A declared VAT return cannot be deleted."))


class GroupFinanceVatReturnLine(models.Model):
    _name = "group.finance.vat.return.line"
    _description = "VAT Return Box"
    _order = "sequence, box"

    return_id = fields.Many2one("group.finance.vat.return", required=True, ondelete="cascade")
    company_id = fields.Many2one(related="return_id.company_id", store=True)
    currency_id = fields.Many2one(related="return_id.currency_id")
    sequence = fields.Integer()
    box = fields.Char(required=True)
    name = fields.Char(required=True)
    kind = fields.Selection(
        [("base", "Taxable base"), ("gross", "Gross VAT"), ("deductible", "Deductible VAT")]
    )
    amount = fields.Monetary()


class GroupFinanceVatReturnTax(models.Model):
    _name = "group.finance.vat.return.tax"
    _description = "VAT Return Amount by Tax"
    _order = "kind desc, tax_id"

    return_id = fields.Many2one("group.finance.vat.return", required=True, ondelete="cascade")
    company_id = fields.Many2one(related="return_id.company_id", store=True)
    currency_id = fields.Many2one(related="return_id.currency_id")
    tax_id = fields.Many2one("account.tax", required=True)
    rate = fields.Float(related="tax_id.amount", string="Rate")
    box = fields.Char()
    kind = fields.Selection([("gross", "Gross VAT"), ("deductible", "Deductible VAT")])
    amount = fields.Monetary()
