from odoo import api, fields, models, tools
from odoo.tools import SQL


class FsStockValueReport(models.Model):
    """Stock of the articles per depot with its value at the article's cost, for the graph
    and pivot of the dashboard (same figures as its stock table)."""

    _name = "fs.stock.value.report"
    _description = "Stock Value per Depot"
    _auto = False
    _order = "location_id, product_id"

    company_id = fields.Many2one("res.company", readonly=True)
    currency_id = fields.Many2one(related="company_id.currency_id", readonly=True)
    location_id = fields.Many2one("stock.location", string="Depot", readonly=True)
    product_id = fields.Many2one("product.product", string="Article", readonly=True)
    categ_id = fields.Many2one("product.category", string="Article Category", readonly=True)
    quantity = fields.Float(readonly=True)
    value = fields.Monetary(string="Stock Value", readonly=True)

    def _query(self):
        return SQL(
            """
            SELECT min(q.id) AS id,
                   q.company_id,
                   q.location_id,
                   q.product_id,
                   pt.categ_id,
                   sum(q.quantity) AS quantity,
                   sum(q.quantity)
                       * COALESCE((pp.standard_price ->> q.company_id::text)::numeric, 0)
                       AS value
              FROM stock_quant q
              JOIN stock_location loc ON loc.id = q.location_id AND loc.fs_depot
              JOIN product_product pp ON pp.id = q.product_id
              JOIN product_template pt ON pt.id = pp.product_tmpl_id AND pt.fs_article
          GROUP BY q.company_id, q.location_id, q.product_id, pt.categ_id, pp.standard_price
            """
        )

    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute(
            SQL("CREATE OR REPLACE VIEW %s AS (%s)", SQL.identifier(self._table), self._query())
        )


class FsFleetCostReport(models.Model):
    """Cost of each vehicle per month: fuel, garage, parts, financing instalment and
    insurance share (the last twelve months for those two), km driven and consumption per
    100 km. Grouped rows recompute the consumption from their litres and km."""

    _name = "fs.fleet.cost.report"
    _description = "Fleet Monthly Cost"
    _auto = False
    _order = "date desc, vehicle_id"

    company_id = fields.Many2one("res.company", readonly=True)
    currency_id = fields.Many2one(related="company_id.currency_id", readonly=True)
    vehicle_id = fields.Many2one("fleet.vehicle", readonly=True)
    date = fields.Date(string="Month", readonly=True)
    fuel_liter = fields.Float(string="Fuel (litres)", readonly=True, digits=(16, 2))
    fuel_amount = fields.Monetary(string="Fuel Cost", readonly=True)
    garage_amount = fields.Monetary(string="Garage Cost", readonly=True)
    parts_amount = fields.Monetary(string="Parts Cost", readonly=True)
    financing_amount = fields.Monetary(string="Financing", readonly=True)
    insurance_amount = fields.Monetary(string="Insurance", readonly=True)
    total_amount = fields.Monetary(string="Total Cost", readonly=True)
    km = fields.Float(string="Km Driven", readonly=True, digits=(16, 0))
    l_per_100km = fields.Float(
        string="Consumption (l/100 km)", readonly=True, digits=(16, 2), aggregator="avg"
    )

    def _query(self):
        return SQL(
            """
            WITH months AS (
                SELECT generate_series(
                           date_trunc('month', CURRENT_DATE) - interval '11 months',
                           date_trunc('month', CURRENT_DATE),
                           interval '1 month'
                       )::date AS month
            ),
            odometer AS (
                SELECT vehicle_id,
                       date_trunc('month', date)::date AS month,
                       max(value) AS high,
                       min(value) AS low
                  FROM fleet_vehicle_odometer
                 WHERE date IS NOT NULL
              GROUP BY vehicle_id, date_trunc('month', date)
            ),
            lines AS (
                SELECT vehicle_id, date_trunc('month', date)::date AS month,
                       liter AS fuel_liter, amount AS fuel_amount,
                       0.0 AS garage_amount, 0.0 AS parts_amount,
                       0.0 AS financing_amount, 0.0 AS insurance_amount, 0.0 AS km
                  FROM fleet_vehicle_log_fuel
                 WHERE state != 'cancelled' AND date IS NOT NULL
             UNION ALL
                SELECT vehicle_id, date_trunc('month', date)::date,
                       0.0, 0.0, COALESCE(amount, 0.0), COALESCE(fs_parts_cost, 0.0),
                       0.0, 0.0, 0.0
                  FROM fleet_vehicle_log_services
                 WHERE state != 'cancelled' AND date IS NOT NULL
             UNION ALL
                SELECT v.id, m.month, 0.0, 0.0, 0.0, 0.0,
                       CASE WHEN v.fs_financing != 'owned'
                             AND m.month >= date_trunc(
                                     'month', COALESCE(v.fs_financing_start, m.month))
                             AND m.month <= COALESCE(v.fs_financing_end, m.month)
                            THEN COALESCE(v.fs_monthly_cost, 0.0) ELSE 0.0 END,
                       COALESCE(v.fs_insurance_yearly, 0.0) / 12.0,
                       0.0
                  FROM fleet_vehicle v
            CROSS JOIN months m
                 WHERE v.active
             UNION ALL
                SELECT vehicle_id, month, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0,
                       GREATEST(
                           high - COALESCE(
                               lag(high) OVER (PARTITION BY vehicle_id ORDER BY month), low
                           ),
                           0.0
                       )
                  FROM odometer
            ),
            grouped AS (
                SELECT vehicle_id, month,
                       sum(fuel_liter) AS fuel_liter, sum(fuel_amount) AS fuel_amount,
                       sum(garage_amount) AS garage_amount, sum(parts_amount) AS parts_amount,
                       sum(financing_amount) AS financing_amount,
                       sum(insurance_amount) AS insurance_amount,
                       sum(km) AS km
                  FROM lines
              GROUP BY vehicle_id, month
            )
            SELECT row_number() OVER (ORDER BY g.month, g.vehicle_id) AS id,
                   v.company_id,
                   g.vehicle_id,
                   g.month AS date,
                   g.fuel_liter, g.fuel_amount, g.garage_amount, g.parts_amount,
                   g.financing_amount, g.insurance_amount,
                   g.fuel_amount + g.garage_amount + g.parts_amount
                       + g.financing_amount + g.insurance_amount AS total_amount,
                   g.km,
                   CASE WHEN g.km > 0 THEN g.fuel_liter * 100.0 / g.km ELSE 0.0 END
                       AS l_per_100km
              FROM grouped g
              JOIN fleet_vehicle v ON v.id = g.vehicle_id
             WHERE g.fuel_liter != 0 OR g.fuel_amount != 0 OR g.garage_amount != 0
                OR g.parts_amount != 0 OR g.financing_amount != 0
                OR g.insurance_amount != 0 OR g.km != 0
            """
        )

    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute(
            SQL("CREATE OR REPLACE VIEW %s AS (%s)", SQL.identifier(self._table), self._query())
        )

    @api.model
    def read_group(self, domain, fields, groupby, offset=0, limit=None, orderby=False, lazy=True):
        """The consumption of a group is its litres over its km, not an average of ratios:
        the litres and km are summed in the same query and the ratio recomputed."""
        names = {spec.split(":")[0] for spec in fields}
        if "l_per_100km" not in names:
            return super().read_group(
                domain, fields, groupby, offset=offset, limit=limit, orderby=orderby, lazy=lazy
            )
        extra = [name for name in ("fuel_liter", "km") if name not in names]
        groups = super().read_group(
            domain,
            [*fields, *extra],
            groupby,
            offset=offset,
            limit=limit,
            orderby=orderby,
            lazy=lazy,
        )
        for group in groups:
            liters, km = group.get("fuel_liter") or 0.0, group.get("km") or 0.0
            group["l_per_100km"] = liters * 100.0 / km if km else 0.0
            for name in extra:
                group.pop(name, None)
        return groups
