from odoo import api, fields, models
from odoo.exceptions import ValidationError


class ItLicense(models.Model):
    _name = "it.license"
    _description = "Software Licence"
    _inherit = ["mail.thread", "mail.activity.mixin", "it.park.company.mixin"]
    _order = "date_end, name"
    _check_company_auto = True

    name = fields.Char(required=True, tracking=True)
    software_id = fields.Many2one("it.software", required=True, check_company=True, tracking=True)
    customer_id = fields.Many2one(
        "res.partner",
        index=True,
        tracking=True,
        check_company=True,
        domain="[('is_company', '=', True)]",
    )
    license_key = fields.Char(
        string="Licence Key", groups="it_park.group_manager", copy=False, tracking=True
    )
    license_key_masked = fields.Char(string="Licence Key (masked)", compute="_compute_key_masked")
    license_type = fields.Selection(
        [("perpetual", "Perpetual"), ("subscription", "Subscription")],
        string="Type",
        required=True,
        default="subscription",
        tracking=True,
    )
    seats = fields.Integer(default=1, tracking=True)
    seats_used = fields.Integer(compute="_compute_seats_used", store=True)
    is_over_quota = fields.Boolean(string="Over Quota", compute="_compute_seats_used", store=True)
    date_start = fields.Date(string="Start Date")
    date_end = fields.Date(string="Expiry Date", index=True, tracking=True)
    vendor_id = fields.Many2one("res.partner", check_company=True)
    cost = fields.Monetary(currency_field="currency_id")
    currency_id = fields.Many2one(related="company_id.currency_id")
    user_id = fields.Many2one(
        "res.users",
        string="Responsible",
        default=lambda self: self.env.user,
        help="Receives the expiry reminders when the customer has no account manager.",
    )
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )
    assignment_ids = fields.One2many(
        "it.license.assignment", "license_id", string="Seat Assignments"
    )
    note = fields.Html()
    active = fields.Boolean(default=True)

    _sql_constraints = [
        ("seats_positive", "CHECK(seats >= 0)", "The number of seats cannot be negative."),
    ]

    @api.depends_context("uid")
    def _compute_key_masked(self):
        for licence in self:
            key = licence.sudo().license_key or ""
            licence.license_key_masked = ("•" * 8 + key[-4:]) if key else False

    @api.depends("seats", "assignment_ids")
    def _compute_seats_used(self):
        counts = dict(
            self.env["it.license.assignment"]._read_group(
                [("license_id", "in", self.ids)], ["license_id"], ["__count"]
            )
        )
        for licence in self:
            used = counts.get(licence, 0) if licence.id else len(licence.assignment_ids)
            licence.seats_used = used
            licence.is_over_quota = used > licence.seats

    @api.constrains("date_start", "date_end", "license_type")
    def _check_dates(self):
        for licence in self:
            if licence.date_start and licence.date_end and licence.date_end < licence.date_start:
                raise ValidationError(
                    self.env._(
                        "The expiry date of %(name)s is before its start.", name=licence.name
                    )
                )
            if licence.license_type == "subscription" and not licence.date_end:
                raise ValidationError(
                    self.env._("The subscription %(name)s needs an expiry date.", name=licence.name)
                )

    @api.model_create_multi
    def create(self, vals_list):
        # Odoo checks the fields' groups on write only: a technician would set the licence
        # key (managers only) at creation
        if not self.env.su:
            self.check_field_access_rights(
                "create", list({key for vals in vals_list for key in vals})
            )
        return super().create(vals_list)
