from dateutil.relativedelta import relativedelta

from odoo import api, fields, models


class FleetVehicle(models.Model):
    _inherit = "fleet.vehicle"

    fs_kind = fields.Selection(
        [
            ("light", "Light Vehicle"),
            ("carrier", "Carrier Truck"),
            ("semi_trailer", "Semi-trailer"),
            ("aerial_platform", "Aerial Platform"),
            ("scaffolding", "Scaffolding"),
            ("other", "Other"),
        ],
        string="Equipment Type",
        default="light",
        tracking=True,
    )
    fs_location_id = fields.Many2one(
        "stock.location",
        string="Stock Location",
        check_company=True,
        domain="[('usage', '=', 'internal')]",
        help="The depot of the stock this vehicle carries.",
    )
    fs_user_ids = fields.Many2many(
        "res.users",
        "fs_vehicle_crew_rel",
        "vehicle_id",
        "user_id",
        string="Crew",
        help="Field operators who work from this vehicle and take articles out of its stock.",
    )
    fs_engine_hours = fields.Float(
        string="Engine Hours", tracking=True, help="For aerial platforms and machines."
    )
    fs_ptac = fields.Integer(string="Gross Weight (kg)")
    fs_financing = fields.Selection(
        [
            ("credit", "Credit"),
            ("loa", "Lease with Purchase Option (LOA)"),
            ("lld", "Long-term Lease (LLD)"),
            ("owned", "Owned"),
        ],
        string="Financing",
        default="owned",
    )
    fs_monthly_cost = fields.Monetary(
        string="Monthly Financing Cost", help="Credit, LOA or LLD instalment per month."
    )
    fs_financing_start = fields.Date(string="Financing Start")
    fs_financing_end = fields.Date(string="Financing End")
    fs_insurance_yearly = fields.Monetary(string="Yearly Insurance")
    fs_accessory_ids = fields.One2many(
        "fs.vehicle.accessory", "vehicle_id", string="Assigned Articles"
    )
    fs_check_ids = fields.One2many("fs.vehicle.check", "vehicle_id", string="Regulatory Checks")
    fs_check_state = fields.Selection(
        [
            ("ok", "Valid"),
            ("soon", "Due within 30 days"),
            ("urgent", "Due within 7 days"),
            ("expired", "Expired"),
        ],
        string="Regulatory Checks State",
        compute="_compute_fs_check_state",
        search="_search_fs_check_state",
        help="The most urgent state of the vehicle's regulatory checks (CT, VGP...).",
    )

    @api.depends("fs_check_ids.date_next")
    @api.depends_context("date")
    def _compute_fs_check_state(self):
        order = ["ok", "soon", "urgent", "expired"]
        for vehicle in self:
            states = vehicle.fs_check_ids.mapped("state")
            vehicle.fs_check_state = max(states, key=order.index) if states else "ok"

    def _search_fs_check_state(self, operator, value):
        if operator not in ("=", "in"):
            raise NotImplementedError(operator)
        values = [value] if isinstance(value, str) else list(value)
        order = ["ok", "soon", "urgent", "expired"]
        # a vehicle is in a state when one check is in it and none is worse
        worse = order[order.index(min(values, key=order.index)) + 1 :] if values else []
        worse = [state for state in worse if state not in values]
        domain = [("fs_check_ids", "any", [("state", "in", values)])]
        if "ok" in values:
            domain = ["|", ("fs_check_ids", "=", False), *domain]
        if worse:
            domain = ["&", *domain, ("fs_check_ids", "not any", [("state", "in", worse)])]
        return domain

    def _fs_expired_checks(self, date):
        """The checks of these vehicles that are past due on ``date``."""
        return self.fs_check_ids.filtered(lambda check: check.date_next < date)

    # Maintenance: due by date, km or engine hours, whichever comes first
    fs_maint_interval_months = fields.Integer(string="Maintenance Every (months)", default=12)
    fs_maint_interval_km = fields.Integer(string="Maintenance Every (km)")
    fs_maint_interval_hours = fields.Integer(string="Maintenance Every (engine hours)")
    fs_maint_last_date = fields.Date(string="Last Maintenance", compute="_compute_fs_maintenance")
    fs_maint_next_date = fields.Date(
        string="Next Maintenance Date", compute="_compute_fs_maintenance"
    )
    fs_maint_next_km = fields.Float(
        string="Next Maintenance (km)", compute="_compute_fs_maintenance"
    )
    fs_maint_next_hours = fields.Float(
        string="Next Maintenance (hours)", compute="_compute_fs_maintenance"
    )
    fs_maint_state = fields.Selection(
        [("ok", "Up to date"), ("soon", "Due soon"), ("overdue", "Overdue")],
        string="Maintenance",
        compute="_compute_fs_maintenance",
    )
    # Cost per km over the last twelve months
    fs_cost_per_km = fields.Float(
        string="Cost per km (12 months)", compute="_compute_fs_cost_per_km", digits=(16, 3)
    )

    @api.depends(
        "log_services.state",
        "log_services.date",
        "log_services.odometer",
        "log_services.fs_engine_hours",
        "fs_maint_interval_months",
        "fs_maint_interval_km",
        "fs_maint_interval_hours",
        "odometer",
        "fs_engine_hours",
    )
    @api.depends_context("date")
    def _compute_fs_maintenance(self):
        today = fields.Date.context_today(self)
        last_services = {}
        done = self.env["fleet.vehicle.log.services"].search_fetch(
            [("vehicle_id", "in", self.ids), ("state", "=", "done")],
            ["vehicle_id", "date", "odometer", "fs_engine_hours"],
            order="date desc, id desc",
        )
        for service in done:
            last_services.setdefault(service.vehicle_id.id, service)
        for vehicle in self:
            last = last_services.get(vehicle.id)
            vehicle.fs_maint_last_date = last.date if last else False
            base_date = (last.date if last else vehicle.acquisition_date) or False
            vehicle.fs_maint_next_date = (
                base_date + relativedelta(months=vehicle.fs_maint_interval_months)
                if base_date and vehicle.fs_maint_interval_months
                else False
            )
            vehicle.fs_maint_next_km = (
                (last.odometer if last else 0.0) + vehicle.fs_maint_interval_km
                if vehicle.fs_maint_interval_km
                else 0.0
            )
            vehicle.fs_maint_next_hours = (
                (last.fs_engine_hours if last else 0.0) + vehicle.fs_maint_interval_hours
                if vehicle.fs_maint_interval_hours
                else 0.0
            )
            vehicle.fs_maint_state = vehicle._fs_maintenance_state(today)

    def _fs_maintenance_state(self, today):
        self.ensure_one()
        overdue = (
            (self.fs_maint_next_date and self.fs_maint_next_date <= today)
            or (self.fs_maint_next_km and self.odometer >= self.fs_maint_next_km)
            or (self.fs_maint_next_hours and self.fs_engine_hours >= self.fs_maint_next_hours)
        )
        if overdue:
            return "overdue"
        soon = (
            (self.fs_maint_next_date and self.fs_maint_next_date <= today + relativedelta(days=30))
            or (self.fs_maint_next_km and self.odometer >= self.fs_maint_next_km - 1000)
            or (self.fs_maint_next_hours and self.fs_engine_hours >= self.fs_maint_next_hours - 25)
        )
        return "soon" if soon else "ok"

    @api.model
    def _cron_fs_maintenance_alert(self):
        """A to-do for the fleet manager of each vehicle whose maintenance is due soon or
        overdue, once while one is open."""
        vehicles = self.search([("active", "=", True)])
        due = vehicles.filtered(lambda v: v.fs_maint_state in ("soon", "overdue"))
        if not due:
            return True
        activity_type = self.env.ref("mail.mail_activity_data_todo")
        open_ids = set(
            self.env["mail.activity"]
            .search(
                [
                    ("res_model", "=", self._name),
                    ("res_id", "in", due.ids),
                    ("activity_type_id", "=", activity_type.id),
                    ("summary", "like", "%"),
                ]
            )
            .mapped("res_id")
        )
        root = self.env.ref("base.user_root")
        managers = self.env.ref("fleet_stock.group_manager").users.filtered(
            lambda u: u.active and not u.share and u != root
        )
        vals_list = []
        for vehicle in due.filtered(lambda v: v.id not in open_ids):
            user = (
                vehicle.manager_id
                or managers.filtered(lambda u, v=vehicle: v.company_id in u.company_ids)[:1]
            )
            if user:
                vals_list.append(
                    {
                        "res_model_id": self.env["ir.model"]._get_id(self._name),
                        "res_id": vehicle.id,
                        "activity_type_id": activity_type.id,
                        "user_id": user.id,
                        "date_deadline": vehicle.fs_maint_next_date
                        or fields.Date.context_today(self),
                        "summary": self.env._(
                            "Maintenance due: %(vehicle)s", vehicle=vehicle.display_name
                        ),
                    }
                )
        self.env["mail.activity"].create(vals_list)
        return True

    @api.depends_context("date")
    def _compute_fs_cost_per_km(self):
        today = fields.Date.context_today(self)
        report = self._fs_cost_report(today - relativedelta(years=1), today)
        for vehicle in self:
            vehicle.fs_cost_per_km = report.get(vehicle.id, {}).get("cost_per_km", 0.0)

    def _fs_cost_report(self, date_from, date_to):
        """Cost per km of these vehicles between two dates: fuel + parts + garage + the share
        of financing and insurance of the period, divided by the km driven in the period.
        Five queries whatever the number of vehicles."""
        domain_period = [
            ("vehicle_id", "in", self.ids),
            ("date", ">=", date_from),
            ("date", "<=", date_to),
        ]
        fuel = {
            vehicle.id: (amount, liter)
            for vehicle, amount, liter in self.env["fleet.vehicle.log.fuel"]._read_group(
                [*domain_period, ("state", "!=", "cancelled")],
                ["vehicle_id"],
                ["amount:sum", "liter:sum"],
            )
        }
        services = {
            vehicle.id: (garage, parts)
            for vehicle, garage, parts in self.env["fleet.vehicle.log.services"]._read_group(
                [*domain_period, ("state", "!=", "cancelled")],
                ["vehicle_id"],
                ["amount:sum", "fs_parts_cost:sum"],
            )
        }
        odometer_in = {
            vehicle.id: (low, high)
            for vehicle, low, high in self.env["fleet.vehicle.odometer"]._read_group(
                domain_period, ["vehicle_id"], ["value:min", "value:max"]
            )
        }
        odometer_before = dict(
            self.env["fleet.vehicle.odometer"]._read_group(
                [("vehicle_id", "in", self.ids), ("date", "<", date_from)],
                ["vehicle_id"],
                ["value:max"],
            )
        )
        days = (date_to - date_from).days + 1
        result = {}
        for vehicle in self:
            fuel_cost, liters = fuel.get(vehicle.id, (0.0, 0.0))
            garage, parts = services.get(vehicle.id, (0.0, 0.0))
            low, high = odometer_in.get(vehicle.id, (0.0, 0.0))
            start = odometer_before.get(vehicle, low) or low
            km = max(high - start, 0.0)
            financing = vehicle._fs_financing_share(date_from, date_to)
            insurance = vehicle.fs_insurance_yearly * days / 365.0
            total = fuel_cost + garage + parts + financing + insurance
            result[vehicle.id] = {
                "fuel": fuel_cost,
                "liters": liters,
                "garage": garage,
                "parts": parts,
                "financing": financing,
                "insurance": insurance,
                "total": total,
                "km": km,
                "cost_per_km": total / km if km else 0.0,
                "l_per_100km": liters * 100.0 / km if km else 0.0,
            }
        return result

    def _fs_financing_share(self, date_from, date_to):
        """The monthly financing cost over the days of the period it covers."""
        self.ensure_one()
        if self.fs_financing == "owned" or not self.fs_monthly_cost:
            return 0.0
        start = max(date_from, self.fs_financing_start or date_from)
        end = min(date_to, self.fs_financing_end or date_to)
        if end < start:
            return 0.0
        return self.fs_monthly_cost * 12.0 * ((end - start).days + 1) / 365.0
