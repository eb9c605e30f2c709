from odoo import api, fields, models
from odoo.exceptions import ValidationError


class GroupFinanceMileageScale(models.Model):
    """One row of the official French mileage scale (barème kilométrique) of a year: for a band
    of fiscal horsepower and a band of yearly distance, allowance = distance x rate + fixed."""

    _name = "group.finance.mileage.scale"
    _description = "Mileage Allowance Scale"
    _order = "year desc, hp_min, distance_min"

    year = fields.Integer(required=True)
    hp_min = fields.Integer(string="From (fiscal hp)", required=True)
    hp_max = fields.Integer(string="To (fiscal hp)", help="0: no upper limit.")
    distance_min = fields.Integer(string="From (km/year)", required=True)
    distance_max = fields.Integer(string="To (km/year)", help="0: no upper limit.")
    rate = fields.Float(string="Rate (€/km)", required=True, digits=(6, 3))
    fixed_amount = fields.Float(string="Fixed Amount (€)", digits=(10, 2))

    @api.constrains("hp_min", "hp_max", "distance_min", "distance_max", "rate")
    def _check_bands(self):
        for row in self:
            if row.rate < 0 or row.hp_min < 0 or row.distance_min < 0:
                raise ValidationError(self.env._("A mileage scale row has no negative value."))
            if (row.hp_max and row.hp_max < row.hp_min) or (
                row.distance_max and row.distance_max < row.distance_min
            ):
                raise ValidationError(self.env._("A mileage scale band ends after it starts."))

    @api.model
    def _gf_rows(self, year, fiscal_hp):
        """The rows of the scale of ``year`` (the latest published year before it when the
        year's scale is not entered yet) for ``fiscal_hp``."""
        years = self.search([("year", "<=", year)]).mapped("year")
        if not years:
            return self.browse()
        scale_year = max(years)
        return self.search(
            [
                ("year", "=", scale_year),
                ("hp_min", "<=", fiscal_hp),
                "|",
                ("hp_max", "=", 0),
                ("hp_max", ">=", fiscal_hp),
            ],
            order="distance_min",
        )

    @api.model
    def _gf_yearly_amount(self, rows, distance):
        """The scale's allowance for a yearly ``distance``."""
        if distance <= 0:
            return 0.0
        for row in rows:  # ordered by band: the first band that reaches the distance
            if not row.distance_max or distance <= row.distance_max:
                return distance * row.rate + row.fixed_amount
        return 0.0

    @api.model
    def _gf_allowance(self, year, fiscal_hp, distance_before, distance):
        """The allowance of a trip of ``distance`` km when the employee already drove
        ``distance_before`` km this year: what the yearly scale gives with the trip minus what
        it gave without (the scale applies to the year's total)."""
        rows = self._gf_rows(year, fiscal_hp)
        if not rows:
            raise ValidationError(
                self.env._(
                    "No mileage scale for %(year)s: enter the year's scale in the "
                    "configuration.",
                    year=year,
                )
            )
        return round(
            self._gf_yearly_amount(rows, distance_before + distance)
            - self._gf_yearly_amount(rows, distance_before),
            2,
        )
