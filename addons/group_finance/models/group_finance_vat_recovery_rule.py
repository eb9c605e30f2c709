from odoo import api, fields, models
from odoo.exceptions import ValidationError

EXPENSE_TYPES = [
    ("fuel", "Fuel"),
    ("toll", "Toll"),
    ("meal", "Meal"),
    ("lodging", "Lodging"),
    ("supplies", "Supplies"),
    ("mileage", "Mileage allowance"),
    ("other", "Other"),
]
VEHICLE_KINDS = [
    ("passenger", "Passenger car (VP)"),
    ("utility", "Utility vehicle (VU)"),
]


class GroupFinanceVatRecoveryRule(models.Model):
    """How much of an expense's VAT the company recovers, by expense type (and, for fuel, by
    kind of vehicle): French rules seeded, editable."""

    _name = "group.finance.vat.recovery.rule"
    _description = "Recoverable VAT Rule"
    _order = "expense_type, vehicle_kind, id"
    _check_company_auto = True

    expense_type = fields.Selection(EXPENSE_TYPES, required=True)
    vehicle_kind = fields.Selection(
        VEHICLE_KINDS, help="Empty: every expense of this type, whatever the vehicle."
    )
    recovery_rate = fields.Float(
        string="Recoverable VAT (%)", required=True, digits=(5, 2), default=100.0
    )
    note = fields.Char(translate=True, help="The rule's legal ground.")
    company_id = fields.Many2one(
        "res.company", index=True, help="Leave empty to apply the rule in every company."
    )

    @api.constrains("recovery_rate")
    def _check_recovery_rate(self):
        if any(not 0 <= rule.recovery_rate <= 100 for rule in self):
            raise ValidationError(self.env._("The recoverable share of VAT is 0 to 100 %."))

    @api.model
    def _gf_rate_for(self, company, expense_type, vehicle_kind):
        """The most specific rule: the company's before the shared ones, the vehicle's kind
        before any kind. No rule: the VAT is not recovered."""
        rules = self.search(
            [
                ("expense_type", "=", expense_type),
                ("vehicle_kind", "in", [vehicle_kind or False, False]),
                ("company_id", "in", [company.id, False]),
            ]
        )
        best = rules.sorted(lambda r: (not r.company_id, not r.vehicle_kind))[:1]
        return best.recovery_rate if best else 0.0
