import logging
from calendar import monthrange
from datetime import date

from dateutil.relativedelta import relativedelta
from psycopg2 import IntegrityError

from odoo import Command, api, fields, models
from odoo.exceptions import ValidationError

_logger = logging.getLogger(__name__)

FREQUENCY_MONTHS = {"monthly": 1, "quarterly": 3, "half_yearly": 6, "yearly": 12}


class GroupFinanceFixedCharge(models.Model):
    """A recurring supplier charge of one company (rent, insurance, subscription, loan
    instalment): the template from which the scheduled action makes each period's draft bill,
    exactly once (``account.move``'s unique (charge, period) constraint)."""

    _name = "group.finance.fixed.charge"
    _description = "Fixed Charge"
    _inherit = ["mail.thread"]
    _order = "company_id, name"
    _check_company_auto = True

    name = fields.Char(required=True, tracking=True)
    active = fields.Boolean(default=True, tracking=True)
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    charge_type_id = fields.Many2one("group.finance.charge.type", required=True, check_company=True)
    partner_id = fields.Many2one(
        "res.partner", string="Supplier", required=True, check_company=True, tracking=True
    )
    account_id = fields.Many2one(
        "account.account",
        string="Expense Account",
        required=True,
        check_company=True,
        domain="[('account_type', 'in', ('expense', 'expense_direct_cost'))]",
    )
    tax_id = fields.Many2one(
        "account.tax",
        string="VAT",
        check_company=True,
        domain="[('type_tax_use', '=', 'purchase'), ('amount_type', '=', 'percent')]",
    )
    vat_deductible = fields.Boolean(
        string="VAT Deductible",
        default=True,
        help="Unchecked: the bill carries no tax and its whole amount (VAT included) is the "
        "expense.",
    )
    amount_untaxed = fields.Monetary(string="Amount (excl. VAT)", required=True, tracking=True)
    amount_tax = fields.Monetary(string="VAT Amount", compute="_compute_amounts", store=True)
    amount_total = fields.Monetary(
        string="Amount (incl. VAT)", compute="_compute_amounts", store=True
    )
    frequency = fields.Selection(
        [
            ("monthly", "Monthly"),
            ("quarterly", "Quarterly"),
            ("half_yearly", "Half-yearly"),
            ("yearly", "Yearly"),
        ],
        required=True,
        default="monthly",
    )
    debit_day = fields.Integer(
        default=1,
        required=True,
        help="Day of the month the charge is debited (1-31; the last day of shorter months).",
    )
    date_start = fields.Date(
        string="Start", required=True, default=lambda self: fields.Date.context_today(self)
    )
    date_end = fields.Date(string="End")
    move_ids = fields.One2many("account.move", "gf_fixed_charge_id", string="Bills")
    move_count = fields.Integer(compute="_compute_move_count", string="Bill Count")
    last_period_start = fields.Date(compute="_compute_move_count", string="Last Generated Period")

    @api.depends("amount_untaxed", "tax_id", "currency_id")
    def _compute_amounts(self):
        for charge in self:
            if charge.tax_id:
                taxes = charge.tax_id.compute_all(
                    charge.amount_untaxed, currency=charge.currency_id
                )
                charge.amount_tax = taxes["total_included"] - taxes["total_excluded"]
            else:
                charge.amount_tax = 0.0
            charge.amount_total = charge.amount_untaxed + charge.amount_tax

    def _compute_move_count(self):
        groups = self.env["account.move"]._read_group(
            [("gf_fixed_charge_id", "in", self.ids)],
            ["gf_fixed_charge_id"],
            ["__count", "gf_period_start:max"],
        )
        data = {charge.id: (count, last) for charge, count, last in groups}
        for charge in self:
            charge.move_count, charge.last_period_start = data.get(charge.id, (0, False))

    @api.constrains(
        "tax_id", "vat_deductible", "amount_untaxed", "debit_day", "date_start", "date_end"
    )
    def _check_charge(self):
        for charge in self:
            if charge.amount_untaxed <= 0:
                raise ValidationError(
                    self.env._(
                        "Fixed charge %(name)s: the amount must be positive.", name=charge.name
                    )
                )
            if not 1 <= charge.debit_day <= 31:
                raise ValidationError(
                    self.env._(
                        "Fixed charge %(name)s: the debit day is a day of the month, 1 to 31.",
                        name=charge.name,
                    )
                )
            if charge.date_end and charge.date_end < charge.date_start:
                raise ValidationError(
                    self.env._(
                        "Fixed charge %(name)s: the end cannot be before the start.",
                        name=charge.name,
                    )
                )
            if charge.vat_deductible and not charge.tax_id:
                raise ValidationError(
                    self.env._(
                        "Fixed charge %(name)s: choose the VAT of a charge whose VAT is "
                        "deductible.",
                        name=charge.name,
                    )
                )

    # ------------------------------------------------------------------ periods
    def _gf_period_start(self, index):
        self.ensure_one()
        return self.date_start + relativedelta(months=FREQUENCY_MONTHS[self.frequency] * index)

    def _gf_debit_date(self, period_start):
        """The debit date of the period starting at ``period_start``: the debit day of its first
        month (the last day of a shorter month), never before the period's start."""
        self.ensure_one()
        last_day = monthrange(period_start.year, period_start.month)[1]
        debit = date(period_start.year, period_start.month, min(self.debit_day, last_day))
        if debit < period_start:
            debit = period_start + relativedelta(
                months=1, day=min(self.debit_day, 31)
            )  # relativedelta clamps the day to the month's length
        return debit

    def _gf_periods(self, date_to, date_from=None):
        """(period start, debit date) of the periods whose debit date is in
        [date_from, date_to] and which start before the charge's end."""
        self.ensure_one()
        periods = []
        index = 0
        while True:
            start = self._gf_period_start(index)
            if (self.date_end and start > self.date_end) or start > date_to:
                break
            debit = self._gf_debit_date(start)
            if debit <= date_to and (not date_from or debit >= date_from):
                periods.append((start, debit))
            index += 1
        return periods

    # ------------------------------------------------------------------ bills
    def _gf_prepare_bill(self, period_start, debit_date):
        self.ensure_one()
        price = self.amount_untaxed if self.vat_deductible else self.amount_total
        label = self.env._(
            "%(charge)s - period from %(start)s",
            charge=self.name,
            start=fields.Date.to_string(period_start),
        )
        return {
            "move_type": "in_invoice",
            "company_id": self.company_id.id,
            "partner_id": self.partner_id.id,
            "invoice_date": debit_date,
            "invoice_date_due": debit_date,
            "date": debit_date,
            "ref": label,
            "gf_fixed_charge_id": self.id,
            "gf_period_start": period_start,
            "invoice_line_ids": [
                Command.create(
                    {
                        "name": label,
                        "quantity": 1.0,
                        "price_unit": price,
                        "account_id": self.account_id.id,
                        "tax_ids": [Command.set(self.tax_id.ids if self.vat_deductible else [])],
                    }
                )
            ],
        }

    def _gf_generate_bills(self, date_ref=None):
        """Create the draft bill of every due period (debit date <= ``date_ref``) not billed yet.

        Exactly once: the periods already billed are read in one query, and the database's
        unique (charge, period) index refuses a bill that a concurrent run made in the meantime
        (that charge is then skipped under its savepoint: the other run made its bills).
        Returns the created bills."""
        date_ref = date_ref or fields.Date.context_today(self)
        charges = self.filtered(lambda c: c.active and c.date_start <= date_ref)
        if not charges:
            return self.env["account.move"]
        Move = self.env["account.move"].sudo()
        billed = {
            (charge.id, period)
            for charge, period in Move._read_group(
                [("gf_fixed_charge_id", "in", charges.ids)],
                ["gf_fixed_charge_id", "gf_period_start:day"],
            )
        }
        created = self.env["account.move"]
        for charge in charges:
            vals_list = [
                charge._gf_prepare_bill(start, debit)
                for start, debit in charge._gf_periods(date_ref)
                if (charge.id, start) not in billed
            ]
            if not vals_list:
                continue
            try:
                with self.env.cr.savepoint():
                    created |= Move.with_company(charge.company_id).create(vals_list)
                    self.env.flush_all()
            except IntegrityError:
                # A concurrent run billed these periods first: nothing to do for this charge.
                _logger.info("Fixed charge %s: periods already billed by another run", charge.id)
        return created

    @api.model
    def _cron_generate_bills(self):
        charges = self.search([("active", "=", True)])
        charges._gf_generate_bills()

    def action_generate_bills(self):
        bills = self._gf_generate_bills()
        return self._gf_action_bills(bills)

    def action_view_bills(self):
        return self._gf_action_bills(self.move_ids)

    def _gf_action_bills(self, bills):
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "account.action_move_in_invoice_type"
        )
        action["domain"] = [("id", "in", bills.ids)]
        action["context"] = {"default_move_type": "in_invoice", "create": False}
        return action

    # ------------------------------------------------------------------ forecast
    @api.model
    def _gf_forecast_items(self, companies, date_from, date_to):
        """The treasury forecast's items: the debits to come of the periods not billed yet (a
        period already billed is in the forecast as an open bill)."""
        charges = self.search(
            [
                ("company_id", "in", companies.ids),
                ("date_start", "<=", date_to),
                "|",
                ("date_end", "=", False),
                ("date_end", ">=", date_from),
            ]
        )
        billed = {
            (charge.id, period)
            for charge, period in self.env["account.move"]._read_group(
                [("gf_fixed_charge_id", "in", charges.ids)],
                ["gf_fixed_charge_id", "gf_period_start:day"],
            )
        }
        items = []
        for charge in charges:
            for start, debit in charge._gf_periods(date_to, date_from=date_from):
                if (charge.id, start) in billed:
                    continue
                items.append(
                    {
                        "date": debit,
                        "amount": -charge.amount_total,
                        "label": charge.name,
                        "res_model": self._name,
                        "res_id": charge.id,
                        "company_id": charge.company_id.id,
                    }
                )
        return items
