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

    _sql_constraints = [
        (
            "hours_positive",
            "CHECK(response_hours > 0 AND resolution_hours >= response_hours)",
            "The response time must be positive and the resolution time at least the response "
            "time.",
        ),
    ]
