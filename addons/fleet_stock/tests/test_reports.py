from dateutil.relativedelta import relativedelta

from odoo.exceptions import AccessError
from odoo.tests import TransactionCase, tagged

from .common import FleetStockCommon


@tagged("post_install", "-at_install")
class TestReports(FleetStockCommon, TransactionCase):
    """Dashboard charts: graph and pivot views of the stock value per depot, the fleet's
    monthly cost per vehicle and the fuel / consumption per 100 km, for managers only."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # the SQL views use the database's date: build the figures around it
        cls.env.cr.execute("SELECT CURRENT_DATE")
        cls.today = cls.env.cr.fetchone()[0]
        cls.month = cls.today.replace(day=1)
        before = cls.month - relativedelta(days=1)
        Odometer = cls.env["fleet.vehicle.odometer"]
        for vehicle, start, end in ((cls.truck, 50000, 50500), (cls.other_truck, 20000, 20400)):
            Odometer.create({"vehicle_id": vehicle.id, "value": start, "date": before})
            Odometer.create({"vehicle_id": vehicle.id, "value": end, "date": cls.month})
        Fuel = cls.env["fleet.vehicle.log.fuel"]
        for vehicle, liter, amount in (
            (cls.truck, 30.0, 60.0),
            (cls.truck, 45.0, 90.0),
            (cls.other_truck, 20.0, 40.0),
        ):
            Fuel.create(
                {
                    "vehicle_id": vehicle.id,
                    "date": cls.month,
                    "liter": liter,
                    "amount": amount,
                    "company_id": cls.company.id,
                    "service_type_id": cls.fuel_type.id,
                }
            )
        cls.truck.write(
            {
                "fs_financing": "lld",
                "fs_monthly_cost": 1200.0,
                "fs_financing_start": cls.month - relativedelta(months=3),
                "fs_insurance_yearly": 2400.0,
            }
        )
        cls.env["fleet.vehicle.log.services"].create(
            {
                "vehicle_id": cls.truck.id,
                "service_type_id": cls.service_type.id,
                "date": cls.month,
                "amount": 300.0,
            }
        )
        # another company's depot and stock: never in our figures
        cls.company_b = cls.env["res.company"].create({"name": "Autre Société"})
        depot_b = cls.env["stock.warehouse"].search([("company_id", "=", cls.company_b.id)])
        depot_b.lot_stock_id.fs_depot = True
        article_b = cls.env["product.product"].create(
            {"name": "Brosse B", "fs_article": True, "is_storable": True}
        )
        cls.env["stock.quant"]._update_available_quantity(article_b, depot_b.lot_stock_id, 99)
        cls.env.flush_all()

    def _action_model(self, xmlid, user):
        action = self.env.ref(xmlid)
        self.assertIn(self.env.ref("fleet_stock.group_manager"), action.groups_id)
        Model = self.env[action.res_model].with_user(user).with_company(self.company)
        views = Model.get_views(action.views)
        self.assertTrue({"graph", "pivot"} <= set(views["views"]))
        return Model

    def test_stock_value_per_depot(self):
        Report = self._action_model("fleet_stock.fs_stock_value_report_action", self.storekeeper)
        groups = Report.web_read_group([], ["value:sum", "quantity:sum"], ["location_id"])
        values = {g["location_id"][0]: (g["quantity"], g["value"]) for g in groups["groups"]}
        self.assertEqual(
            values,
            {self.workshop.id: (43.0, 40 * 14.5 + 3 * 189.0), self.truck_loc.id: (6.0, 6 * 14.5)},
        )
        dashboard = self.env["fs.dashboard"].with_user(self.storekeeper)._stock_table()
        self.assertAlmostEqual(sum(v for _q, v in values.values()), dashboard["total_value"])

    def test_fleet_monthly_cost_per_vehicle(self):
        Report = self._action_model("fleet_stock.fs_fleet_cost_report_action", self.storekeeper)
        domain = [("date", "=", self.month)]
        groups = Report.web_read_group(
            domain,
            ["fuel_amount:sum", "garage_amount:sum", "financing_amount:sum", "total_amount:sum"],
            ["vehicle_id"],
        )["groups"]
        costs = {
            g["vehicle_id"][0]: (
                g["fuel_amount"],
                g["garage_amount"],
                g["financing_amount"],
                g["total_amount"],
            )
            for g in groups
        }
        self.assertEqual(
            costs,
            {
                self.truck.id: (150.0, 300.0, 1200.0, 150.0 + 300.0 + 1200.0 + 200.0),
                self.other_truck.id: (40.0, 0.0, 0.0, 40.0),
            },
        )
        # financing over the months it runs, within the last twelve
        months = Report.web_read_group(
            [("vehicle_id", "=", self.truck.id)], ["financing_amount:sum"], []
        )["groups"]
        self.assertEqual(months[0]["financing_amount"], 4 * 1200.0)

    def test_fuel_and_consumption_per_100km(self):
        Report = self._action_model("fleet_stock.fs_fuel_report_action", self.storekeeper)
        action = self.env.ref("fleet_stock.fs_fuel_report_action")
        self.assertIn("search_default_current_month", action.context)
        domain = [("date", "=", self.month)]
        spec = ["fuel_liter:sum", "fuel_amount:sum", "km:sum", "l_per_100km"]
        groups = Report.web_read_group(domain, spec, ["vehicle_id"])["groups"]
        fuel = {
            g["vehicle_id"][0]: (g["fuel_liter"], g["fuel_amount"], g["km"], g["l_per_100km"])
            for g in groups
        }
        self.assertEqual(
            fuel,
            {
                self.truck.id: (75.0, 150.0, 500.0, 15.0),
                self.other_truck.id: (20.0, 40.0, 400.0, 5.0),
            },
        )
        # the fleet's consumption is its litres over its km, not the mean of 15 and 5
        total = Report.web_read_group(domain, ["l_per_100km"], [])["groups"][0]
        self.assertAlmostEqual(total["l_per_100km"], 95.0 * 100.0 / 900.0)
        self.assertNotIn("fuel_liter", total)

    def test_operator_refused(self):
        """Operators see no report menu and cannot read the managers' cost figures."""
        visible = self.env["ir.ui.menu"].with_user(self.operator)._visible_menu_ids()
        for xmlid in (
            "fleet_stock.menu_reporting",
            "fleet_stock.menu_fs_stock_value_report",
            "fleet_stock.menu_fs_fleet_cost_report",
            "fleet_stock.menu_fs_fuel_report",
        ):
            self.assertNotIn(self.env.ref(xmlid).id, visible, xmlid)
        for model in ("fs.fleet.cost.report", "fs.stock.value.report"):
            Report = self.env[model].with_user(self.operator)
            with self.assertRaises(AccessError):
                Report.web_read_group([], ["__count"], [])
            with self.assertRaises(AccessError):
                Report.search_read([], ["id"])
        self.assertFalse(
            self.operator.groups_id & self.env.ref("fleet_stock.fs_fuel_report_action").groups_id
        )

    def test_other_company_not_shown(self):
        """The multi-company rule: a user of the other company sees none of our figures."""
        self.storekeeper.write(
            {"company_ids": [(4, self.company_b.id)], "company_id": self.company_b.id}
        )
        Report = self.env["fs.stock.value.report"].with_user(self.storekeeper)
        rows = Report.with_context(allowed_company_ids=[self.company_b.id]).search_read(
            [], ["location_id", "quantity"]
        )
        self.assertEqual([row["quantity"] for row in rows], [99.0])
        Fleet = self.env["fs.fleet.cost.report"].with_user(self.storekeeper)
        self.assertFalse(
            Fleet.with_context(allowed_company_ids=[self.company_b.id]).search_count([])
        )
        self.assertTrue(Fleet.with_context(allowed_company_ids=[self.company.id]).search_count([]))
