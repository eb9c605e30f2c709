from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.tools import float_compare


class FsDashboard(models.AbstractModel):
    """The figures of the Stock & Fleet dashboard and of the depot (truck) page, each read in
    a constant number of queries whatever the number of articles and depots."""

    _name = "fs.dashboard"
    _description = "Stock & Fleet Dashboard"

    @api.model
    def _depots(self):
        return self.env["stock.location"].search(
            [("fs_depot", "=", True), ("company_id", "in", self.env.companies.ids)],
            order="complete_name",
        )

    @api.model
    def _stock_table(self, locations=None, products=None):
        """Stock per article and depot, with totals, thresholds and value.

        Four queries: the depots, the quants grouped by article and depot, the reorder rules
        of those depots, and the articles' names, codes and costs.
        """
        locations = self._depots() if locations is None else locations
        product_domain = [("product_id.fs_article", "=", True)]
        if products is not None:
            product_domain = [("product_id", "in", products.ids)]
        qty = {}
        reserved = {}
        for product, location, quantity, reserved_qty in self.env["stock.quant"]._read_group(
            [*product_domain, ("location_id", "in", locations.ids)],
            ["product_id", "location_id"],
            ["quantity:sum", "reserved_quantity:sum"],
        ):
            qty[product.id, location.id] = quantity
            reserved[product.id, location.id] = reserved_qty
        thresholds = {}
        for orderpoint in (
            self.env["stock.warehouse.orderpoint"]
            .with_context(active_test=True)
            .search_fetch(
                [*product_domain, ("location_id", "in", locations.ids)],
                ["product_id", "location_id", "product_min_qty", "product_max_qty"],
            )
        ):
            thresholds[orderpoint.product_id.id, orderpoint.location_id.id] = (
                orderpoint.product_min_qty,
                orderpoint.product_max_qty,
            )
        if products is None:
            product_ids = {key[0] for key in qty} | {key[0] for key in thresholds}
            products = self.env["product.product"].browse(sorted(product_ids))
        products.fetch(["default_code", "name", "standard_price", "uom_id"])
        depot_names = [(loc.id, loc.name) for loc in locations]
        rows = []
        total_value = 0.0
        below = 0
        for product in products.sorted(lambda p: (p.default_code or "", p.name)):
            per_depot = []
            status = "ok"
            for loc_id, _name in depot_names:
                quantity = qty.get((product.id, loc_id), 0.0)
                minimum, maximum = thresholds.get((product.id, loc_id), (0.0, 0.0))
                low = minimum and float_compare(quantity, minimum, precision_digits=3) < 0
                if low:
                    status = "low"
                per_depot.append(
                    {
                        "qty": quantity,
                        "reserved": reserved.get((product.id, loc_id), 0.0),
                        "min": minimum,
                        "max": maximum,
                        "low": bool(low),
                    }
                )
            total = sum(cell["qty"] for cell in per_depot)
            total_reserved = sum(cell["reserved"] for cell in per_depot)
            value = total * product.standard_price
            total_value += value
            below += status == "low"
            rows.append(
                {
                    "product_id": product.id,
                    "code": product.default_code or "",
                    "name": product.name,
                    "depots": per_depot,
                    "total": total,
                    "reserved": total_reserved,
                    "value": value,
                    "status": status,
                }
            )
        return {
            "depots": [{"id": loc_id, "name": name} for loc_id, name in depot_names],
            "rows": rows,
            "total_value": total_value,
            "below_minimum": below,
        }

    @api.model
    def _moves_of_month(self):
        start = fields.Date.context_today(self).replace(day=1)
        counts = dict(
            self.env["stock.move"]._read_group(
                [
                    ("state", "=", "done"),
                    ("date", ">=", start),
                    ("company_id", "in", self.env.companies.ids),
                    "|",
                    ("location_id.fs_depot", "=", True),
                    ("location_dest_id.fs_depot", "=", True),
                ],
                ["fs_move_type"],
                ["__count"],
            )
        )
        return {
            "entry": counts.get("entry", 0),
            "issue": counts.get("issue", 0),
            "transfer": counts.get("transfer", 0),
            "total": sum(counts.values()),
        }

    @api.model
    def _period(self, date_from=None, date_to=None):
        """The period of the fleet cost report: the dates given if both are valid dates in
        order, else the last twelve months."""
        today = fields.Date.context_today(self)
        try:
            start = fields.Date.to_date(date_from) if date_from else None
            end = fields.Date.to_date(date_to) if date_to else None
        except (TypeError, ValueError):
            start = end = None
        if not start or not end or start > end:
            start, end = today - relativedelta(years=1), today
        return start, end

    @api.model
    def _fleet_figures(self, date_from=None, date_to=None):
        """Fleet value, monthly cost, fuel of the month and consumption per vehicle; cost per
        km of each vehicle over the period (fuel, parts, garage, financing and insurance)."""
        today = fields.Date.context_today(self)
        period_start, period_end = self._period(date_from, date_to)
        month_start = today.replace(day=1)
        vehicles = self.env["fleet.vehicle"].search(
            [("company_id", "in", self.env.companies.ids)], order="license_plate"
        )
        fuel_month = self.env["fleet.vehicle.log.fuel"]._read_group(
            [
                ("vehicle_id", "in", vehicles.ids),
                ("date", ">=", month_start),
                ("date", "<=", today),
                ("state", "!=", "cancelled"),
            ],
            [],
            ["amount:sum", "liter:sum"],
        )[0]
        year = vehicles._fs_cost_report(period_start, period_end)
        monthly = sum(
            (v.fs_monthly_cost if v.fs_financing != "owned" else 0.0) + v.fs_insurance_yearly / 12.0
            for v in vehicles
        )
        rows = []
        for vehicle in vehicles:
            costs = year.get(vehicle.id, {})
            rows.append(
                {
                    "vehicle": vehicle,
                    "km": vehicle.odometer,
                    "l_per_100km": costs.get("l_per_100km", 0.0),
                    "cost_per_km": costs.get("cost_per_km", 0.0),
                    "costs": costs,
                    "maint_state": vehicle.fs_maint_state,
                    "maint_next_date": vehicle.fs_maint_next_date,
                    "maint_next_km": vehicle.fs_maint_next_km,
                    "check_state": vehicle.fs_check_state,
                }
            )
        return {
            "vehicles": rows,
            "value": sum(vehicles.mapped("residual_value")),
            "monthly_cost": monthly,
            "fuel_month": fuel_month[0] or 0.0,
            "fuel_month_liters": fuel_month[1] or 0.0,
            "date_from": period_start,
            "date_to": period_end,
            "period_total": sum(costs.get("total", 0.0) for costs in year.values()),
            "period_km": sum(costs.get("km", 0.0) for costs in year.values()),
        }

    @api.model
    def _alerts(self, stock):
        """Alerts by urgency: expired checks, overdue maintenance and empty articles first."""
        urgent, warning = [], []
        checks = self.env["fs.vehicle.check"].search(
            [
                ("state", "in", ("expired", "urgent", "soon")),
                ("company_id", "in", self.env.companies.ids),
            ]
        )
        for check in checks:
            text = self.env._(
                "%(vehicle)s: %(check)s due on %(date)s",
                vehicle=check.vehicle_id.display_name,
                check=check.check_type_id.name,
                date=check.date_next,
            )
            (urgent if check.state in ("expired", "urgent") else warning).append(text)
        for row in stock["rows"]:
            if row["status"] == "low":
                text = self.env._(
                    "Article %(article)s under its minimum (%(qty)s in stock)",
                    article=row["name"],
                    qty=row["total"],
                )
                (urgent if row["total"] <= 0 else warning).append(text)
        late = self.env["purchase.order"].search(
            [("fs_late", "=", True), ("company_id", "in", self.env.companies.ids)]
        )
        for order in late:
            warning.append(
                self.env._(
                    "Supplier order %(order)s from %(supplier)s is late",
                    order=order.name,
                    supplier=order.partner_id.name,
                )
            )
        return {"urgent": urgent, "warning": warning}

    @api.model
    def _get_data(self, date_from=None, date_to=None):
        stock = self._stock_table()
        fleet = self._fleet_figures(date_from, date_to)
        alerts = self._alerts(stock)
        for row in fleet["vehicles"]:
            if row["maint_state"] == "overdue":
                alerts["urgent"].append(
                    self.env._(
                        "%(vehicle)s: maintenance overdue", vehicle=row["vehicle"].display_name
                    )
                )
            elif row["maint_state"] == "soon":
                alerts["warning"].append(
                    self.env._(
                        "%(vehicle)s: maintenance due soon", vehicle=row["vehicle"].display_name
                    )
                )
        return {
            "stock": stock,
            "moves": self._moves_of_month(),
            "fleet": fleet,
            "alerts": alerts,
        }
