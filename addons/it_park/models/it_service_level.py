from datetime import timedelta

from odoo import fields, models


class ItServiceLevel(models.Model):
    """A service level (SLA) sold with a contract: how fast the MSP answers and fixes."""

    _name = "it.service.level"
    _inherit = ["it.park.company.mixin"]
    _description = "IT Service Level"
    _order = "response_hours, name"
    _check_company_auto = True

    name = fields.Char(required=True, translate=True)
    active = fields.Boolean(default=True)
    response_hours = fields.Float(
        string="Response Time (hours)",
        required=True,
        default=8.0,
        help="Maximum delay between the ticket's creation and the first answer.",
    )
    resolution_hours = fields.Float(
        string="Resolution Time (hours)",
        required=True,
        default=24.0,
        help="Maximum delay between the ticket's creation and its resolution: the ticket's SLA "
        "deadline.",
    )
    ticket_priority = fields.Selection(
        [("0", "Low"), ("1", "Medium"), ("2", "High"), ("3", "Very High")],
        default="1",
        required=True,
        help="Priority given to the new tickets of the contracts with this service level.",
    )
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )
    resource_calendar_id = fields.Many2one(
        "resource.calendar",
        string="Working Hours",
        check_company=True,
        default=lambda self: self.env.company.resource_calendar_id,
        help="The response and resolution times are counted in these working hours (and its "
        "public holidays). Empty: the company's working hours.",
    )

    _sql_constraints = [
        (
            "hours_positive",
            "CHECK(response_hours > 0 AND resolution_hours >= response_hours)",
            "The response time must be positive and the resolution time at least the response "
            "time.",
        ),
    ]

    def _it_deadline(self, start, hours):
        """``hours`` of work after ``start`` (naive UTC datetimes) in the level's working hours
        (the company's when none is set; around the clock if the company has none either)."""
        self.ensure_one()
        calendar = self.resource_calendar_id or self.company_id.resource_calendar_id
        if calendar:
            deadline = calendar.plan_hours(hours, start, compute_leaves=True)
            if deadline:
                return deadline
        return start + timedelta(hours=hours)
