from datetime import timedelta

from odoo import api, fields, models

ALERT_DAYS = (30, 7)


class FsVehicleCheck(models.Model):
    """A regulatory check of a vehicle (CT, VGP...): last and next dates, the inspection
    report, and its state against today. Alerts at J-30 and J-7; expired blocks planning."""

    _name = "fs.vehicle.check"
    _description = "Vehicle Regulatory Check"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "date_next, id"
    _check_company_auto = True

    vehicle_id = fields.Many2one(
        "fleet.vehicle", required=True, ondelete="cascade", index=True, check_company=True
    )
    company_id = fields.Many2one(related="vehicle_id.company_id", store=True, index=True)
    check_type_id = fields.Many2one(
        "fleet.check.type", string="Check", required=True, check_company=True
    )
    date_last = fields.Date(string="Last Check", tracking=True)
    date_next = fields.Date(string="Next Check", required=True, index=True, tracking=True)
    report = fields.Binary(string="Inspection Report", attachment=True)
    report_name = fields.Char()
    notes = fields.Text()
    state = fields.Selection(
        [
            ("ok", "Valid"),
            ("soon", "Due within 30 days"),
            ("urgent", "Due within 7 days"),
            ("expired", "Expired"),
        ],
        compute="_compute_state",
        search="_search_state",
    )
    alert_level = fields.Integer(
        copy=False,
        help="Days before the due date of the last alert sent (30, then 7); reset when the "
        "next date changes.",
    )

    @api.depends("date_next")
    @api.depends_context("date")
    def _compute_state(self):
        today = fields.Date.context_today(self)
        for check in self:
            check.state = self._state_of(check.date_next, today)

    @api.model
    def _state_of(self, date_next, today):
        if not date_next or date_next < today:
            return "expired"
        if date_next <= today + timedelta(days=ALERT_DAYS[1]):
            return "urgent"
        if date_next <= today + timedelta(days=ALERT_DAYS[0]):
            return "soon"
        return "ok"

    def _search_state(self, operator, value):
        today = fields.Date.context_today(self)
        bounds = {
            "expired": [("date_next", "<", today)],
            "urgent": [
                ("date_next", ">=", today),
                ("date_next", "<=", today + timedelta(days=ALERT_DAYS[1])),
            ],
            "soon": [
                ("date_next", ">", today + timedelta(days=ALERT_DAYS[1])),
                ("date_next", "<=", today + timedelta(days=ALERT_DAYS[0])),
            ],
            "ok": [("date_next", ">", today + timedelta(days=ALERT_DAYS[0]))],
        }
        values = [value] if isinstance(value, str) else list(value)
        if operator not in ("=", "in", "!=", "not in"):
            raise NotImplementedError(operator)
        domain = ["|"] * (len(values) - 1)
        for state in values:
            domain = domain + ["&"] * (len(bounds[state]) - 1) + bounds[state]
        if operator in ("!=", "not in"):
            domain = ["!", *domain] if values else []
        return domain

    def write(self, vals):
        if "date_next" in vals:
            vals = dict(vals, alert_level=0)
        return super().write(vals)

    @api.model
    def _cron_alert(self):
        """Plan a to-do for the vehicle's fleet manager (or the Fleet & Stock managers) at
        J-30 and again at J-7 before a check is due, once each; expired checks too."""
        today = fields.Date.context_today(self)
        activity_type = self.env.ref("mail.mail_activity_data_todo")
        managers = self.env.ref("fleet_stock.group_manager").users.filtered(
            lambda u: not u.share and u.active and u.id != self.env.ref("base.user_root").id
        )
        checks = self.search(
            [("date_next", "<=", today + timedelta(days=ALERT_DAYS[0]))], order="date_next"
        )
        vals_list = []
        for check in checks:
            days = (check.date_next - today).days
            level = ALERT_DAYS[1] if days <= ALERT_DAYS[1] else ALERT_DAYS[0]
            if check.alert_level and check.alert_level <= level:
                continue
            user = (
                check.vehicle_id.manager_id
                or managers.filtered(lambda u, c=check: c.company_id in u.company_ids)[:1]
            )
            if not user:
                continue
            vals_list.append(
                {
                    "res_model_id": self.env["ir.model"]._get_id(self._name),
                    "res_id": check.id,
                    "activity_type_id": activity_type.id,
                    "user_id": user.id,
                    "date_deadline": check.date_next,
                    "summary": self.env._(
                        "%(check)s of %(vehicle)s due on %(date)s",
                        check=check.check_type_id.name,
                        vehicle=check.vehicle_id.display_name,
                        date=check.date_next,
                    ),
                }
            )
            check.alert_level = level
        self.env["mail.activity"].create(vals_list)
        return True
