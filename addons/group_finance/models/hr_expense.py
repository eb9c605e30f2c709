from odoo import api, fields, models
from odoo.exceptions import UserError

from .group_finance_vat_recovery_rule import EXPENSE_TYPES, VEHICLE_KINDS

VAT_RATES = [("0", "0 %"), ("5.5", "5.5 %"), ("10", "10 %"), ("20", "20 %")]
DEFAULT_VAT_RATE = {
    "fuel": "20",
    "toll": "20",
    "meal": "10",
    "lodging": "10",
    "supplies": "20",
    "mileage": "0",
    "other": "20",
}
MILEAGE_FIELDS = {"gf_distance_km", "gf_fiscal_hp", "date", "employee_id", "product_id"}


class HrExpense(models.Model):
    """An expense of the seed's expense reports ("Expensya level"): its type, VAT rate, the
    VAT and the share of it the company recovers (rules table), the type's details, the receipt
    required above an amount, and the mileage allowance of the official scale."""

    _inherit = "hr.expense"

    gf_expense_type = fields.Selection(
        EXPENSE_TYPES,
        string="Expense Type",
        compute="_compute_gf_expense_type",
        store=True,
        precompute=True,
    )
    gf_vat_rate = fields.Selection(
        VAT_RATES,
        string="VAT Rate",
        compute="_compute_gf_vat_rate",
        store=True,
        readonly=False,
        precompute=True,
    )
    gf_vat_recovery_rate = fields.Float(
        string="Recoverable VAT (%)",
        compute="_compute_gf_vat_recovery_rate",
        store=True,
        precompute=True,
        digits=(5, 2),
    )
    gf_amount_untaxed = fields.Monetary(
        string="Amount excl. VAT",
        compute="_compute_gf_vat_amounts",
        store=True,
        currency_field="currency_id",
    )
    gf_vat_amount = fields.Monetary(
        string="VAT", compute="_compute_gf_vat_amounts", store=True, currency_field="currency_id"
    )
    gf_vat_recoverable_amount = fields.Monetary(
        string="Recoverable VAT",
        compute="_compute_gf_vat_amounts",
        store=True,
        currency_field="currency_id",
    )
    # fuel
    gf_vehicle_kind = fields.Selection(VEHICLE_KINDS, string="Kind of Vehicle")
    # Shared on purpose: fleet_stock defines these two fields identically, so that an expense asks
    # its vehicle and litres once whichever of the two addons is installed, without either
    # depending on the other (hence no addon prefix).
    fleet_vehicle_id = fields.Many2one(
        "fleet.vehicle", string="Vehicle", check_company=True, index="btree_not_null"
    )
    fuel_liter = fields.Float(string="Fuel (litres)", digits=(16, 2))
    gf_odometer = fields.Integer(string="Odometer (km)")
    # mileage
    gf_trip_from = fields.Char(string="From")
    gf_trip_to = fields.Char(string="To")
    gf_distance_km = fields.Float(string="Distance (km)", digits=(10, 1))
    gf_fiscal_hp = fields.Integer(string="Fiscal Horsepower")
    gf_mileage_allowance = fields.Monetary(
        string="Mileage Allowance", readonly=True, copy=False, currency_field="currency_id"
    )
    gf_mileage_distance_before = fields.Float(
        string="Distance Already Driven This Year", readonly=True, copy=False, digits=(10, 1)
    )
    # toll
    gf_highway = fields.Char(string="Motorway")
    # meal
    gf_guest_count = fields.Integer(string="Number of People")
    gf_guest_names = fields.Char(string="Guests")
    # lodging
    gf_nights = fields.Integer(string="Nights")
    gf_city = fields.Char(string="City")
    gf_hotel = fields.Char(string="Hotel")

    @api.depends("product_id")
    def _compute_gf_expense_type(self):
        for expense in self:
            expense.gf_expense_type = expense.product_id.gf_expense_type

    @api.depends("gf_expense_type")
    def _compute_gf_vat_rate(self):
        for expense in self:
            expense.gf_vat_rate = DEFAULT_VAT_RATE.get(expense.gf_expense_type, expense.gf_vat_rate)

    @api.depends("gf_expense_type", "gf_vehicle_kind", "company_id")
    def _compute_gf_vat_recovery_rate(self):
        Rule = self.env["group.finance.vat.recovery.rule"].sudo()
        cache = {}
        for expense in self:
            if not expense.gf_expense_type:
                expense.gf_vat_recovery_rate = 0.0
                continue
            key = (expense.company_id, expense.gf_expense_type, expense.gf_vehicle_kind)
            if key not in cache:
                cache[key] = Rule._gf_rate_for(*key)
            expense.gf_vat_recovery_rate = cache[key]

    @api.depends("total_amount_currency", "gf_vat_rate", "gf_vat_recovery_rate")
    def _compute_gf_vat_amounts(self):
        for expense in self:
            rate = float(expense.gf_vat_rate or 0.0)
            currency = expense.currency_id or expense.company_id.currency_id
            vat = currency.round(expense.total_amount_currency * rate / (100.0 + rate))
            expense.gf_vat_amount = vat
            expense.gf_amount_untaxed = expense.total_amount_currency - vat
            expense.gf_vat_recoverable_amount = currency.round(
                vat * expense.gf_vat_recovery_rate / 100.0
            )

    @api.depends("product_id", "company_id", "gf_vat_rate", "gf_vat_recovery_rate")
    def _compute_tax_ids(self):
        """Odoo's taxes of the product, except for the typed expenses: the company's purchase
        tax of the VAT rate whose deductible share is the recoverable rate (e.g. 20 % fuel, 80 %
        deductible), none when nothing is recoverable (the VAT stays in the expense)."""
        typed = self.filtered("gf_expense_type")
        res = super(HrExpense, self - typed)._compute_tax_ids()
        cache = {}
        for expense in typed:
            key = (expense.company_id, expense.gf_vat_rate, expense.gf_vat_recovery_rate)
            if key not in cache:
                cache[key] = self._gf_find_tax(*key)
            expense.tax_ids = cache[key]
        return res

    @api.model
    def _gf_find_tax(self, company, vat_rate, recovery_rate):
        if not recovery_rate:
            return self.env["account.tax"]
        return self.env["account.tax"]._gf_equivalent_tax(
            company, "purchase", float(vat_rate or 0.0), recovery_rate
        )

    @api.depends("product_id", "company_id")
    def _compute_account_id(self):
        res = super()._compute_account_id()
        for expense in self.filtered("product_id.gf_expense_category_id"):
            account = expense.product_id.gf_expense_category_id.sudo()._gf_account_for(
                expense.company_id
            )
            if account:
                expense.account_id = account
        return res

    @api.onchange("gf_distance_km", "gf_fiscal_hp", "date", "product_id")
    def _onchange_gf_mileage(self):
        for expense in self.filtered(lambda e: e.gf_expense_type == "mileage"):
            if expense.gf_distance_km > 0 and expense.gf_fiscal_hp > 0 and expense.date:
                before = expense._gf_mileage_distance_before()
                allowance = self.env["group.finance.mileage.scale"]._gf_allowance(
                    expense.date.year, expense.gf_fiscal_hp, before, expense.gf_distance_km
                )
                expense.gf_mileage_allowance = allowance
                expense.total_amount_currency = allowance

    def _gf_mileage_distance_before(self):
        """Distance of the employee's mileage expenses of the year before this one (by date,
        then creation), refused ones excepted: the scale applies to the year's total."""
        self.ensure_one()
        domain = [
            ("employee_id", "=", self.employee_id.id),
            ("gf_expense_type", "=", "mileage"),
            ("date", ">=", self.date.replace(month=1, day=1)),
            ("date", "<=", self.date),
            ("state", "!=", "refused"),
        ]
        if self._origin.id:
            domain += [
                ("id", "!=", self._origin.id),
                "|",
                ("date", "<", self.date),
                ("id", "<", self._origin.id),
            ]
        groups = self.env["hr.expense"].sudo()._read_group(domain, [], ["gf_distance_km:sum"])
        return groups[0][0] or 0.0

    def _gf_update_mileage(self):
        """The allowance of each mileage expense from the official scale, which becomes its
        amount (no VAT)."""
        Scale = self.env["group.finance.mileage.scale"].sudo()
        for expense in self.filtered(lambda e: e.gf_expense_type == "mileage").sorted(
            lambda e: (e.date, e.id)
        ):
            if expense.gf_distance_km <= 0 or expense.gf_fiscal_hp <= 0 or not expense.date:
                continue
            before = expense._gf_mileage_distance_before()
            allowance = Scale._gf_allowance(
                expense.date.year, expense.gf_fiscal_hp, before, expense.gf_distance_km
            )
            expense.with_context(gf_mileage_computed=True).write(
                {
                    "gf_mileage_distance_before": before,
                    "gf_mileage_allowance": allowance,
                    "total_amount_currency": allowance,
                    "quantity": 1.0,
                }
            )

    @api.model
    def _get_view(self, view_id=None, view_type="form", **options):
        """The vehicle and litres are shared with fleet_stock (see the fields): when its view
        shows them already, the form does not ask them a second time in our details."""
        arch, view = super()._get_view(view_id, view_type, **options)
        if view_type == "form":
            for name in ("fleet_vehicle_id", "fuel_liter"):
                ours = arch.xpath(f"//group[@name='gf_details']//field[@name='{name}']")
                if ours and len(arch.xpath(f"//field[@name='{name}']")) > len(ours):
                    for node in ours:
                        node.getparent().remove(node)
        return arch, view

    @api.model_create_multi
    def create(self, vals_list):
        expenses = super().create(vals_list)
        expenses._gf_update_mileage()
        return expenses

    def write(self, vals):
        res = super().write(vals)
        if MILEAGE_FIELDS & set(vals) and not self.env.context.get("gf_mileage_computed"):
            self._gf_update_mileage()
        return res

    def _gf_check_submittable(self):
        """The details of each type and the receipt above the company's threshold, before an
        expense report goes to its approvers. Errors in the user's language, nothing written."""
        problems = []
        for expense in self:
            missing = []
            kind = expense.gf_expense_type
            if kind == "fuel" and (expense.fuel_liter <= 0 or not expense.gf_vehicle_kind):
                missing.append(self.env._("litres and kind of vehicle"))
            elif kind == "mileage" and (
                not expense.gf_trip_from
                or not expense.gf_trip_to
                or expense.gf_distance_km <= 0
                or expense.gf_fiscal_hp <= 0
            ):
                missing.append(self.env._("from, to, distance and fiscal horsepower"))
            elif kind == "meal" and expense.gf_guest_count < 1:
                missing.append(self.env._("number of people"))
            elif kind == "lodging" and (expense.gf_nights < 1 or not expense.gf_city):
                missing.append(self.env._("nights and city"))
            company = expense.company_id
            if (
                company.gf_expense_receipt_required
                and kind != "mileage"
                and expense.total_amount > company.gf_expense_receipt_threshold
            ):
                receipts = expense.attachment_ids.filtered(
                    lambda a: (a.mimetype or "").startswith("image/")
                    or a.mimetype == "application/pdf"
                )
                if not receipts:
                    missing.append(self.env._("a receipt (image or PDF)"))
            if missing:
                problems.append(f"- {expense.name}: {', '.join(missing)}")
        if problems:
            raise UserError(
                self.env._("These expenses cannot be submitted yet:\n%s", "\n".join(problems))
            )
