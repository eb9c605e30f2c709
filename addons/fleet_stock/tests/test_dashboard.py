import lxml.html
from dateutil.relativedelta import relativedelta

from odoo import fields
from odoo.tests import HttpCase, TransactionCase, tagged

from .common import FleetStockCommon


@tagged("post_install", "-at_install")
class TestDashboardQueries(FleetStockCommon, TransactionCase):
    """Stock per article x depot, for the dashboard and the truck page, in a constant number of
    queries: the same at 10 and at 1,000 articles (measured: 8 SQL queries for the dashboard,
    5 for one truck, on cold record caches)."""

    def _add_articles(self, count, prefix):
        products = (
            self.env["product.product"]
            .with_company(self.company)
            .create(
                [
                    {
                        "name": f"Article {prefix} {i}",
                        "default_code": f"{prefix}-{i:05d}",
                        "fs_article": True,
                        "is_storable": True,
                        "standard_price": 2.0,
                        "company_id": self.company.id,
                    }
                    for i in range(count)
                ]
            )
        )
        self.env["stock.quant"].sudo().create(
            [
                {"product_id": product.id, "location_id": location.id, "quantity": 3}
                for product in products
                for location in (self.workshop, self.truck_loc)
            ]
        )
        self.env["stock.warehouse.orderpoint"].create(
            [
                {
                    "product_id": product.id,
                    "location_id": self.truck_loc.id,
                    "warehouse_id": self.warehouse.id,
                    "product_min_qty": 5,
                    "product_max_qty": 10,
                    "company_id": self.company.id,
                }
                for product in products
            ]
        )
        return products

    def _count_queries(self, func):
        """The SQL queries ``func`` runs on cold record caches (registry caches warmed)."""
        func()
        self.env.invalidate_all()
        with self.assertLogs("odoo.sql_db", level="DEBUG") as logs:
            func()
        return len([line for line in logs.output if "query:" in line])

    def _measure(self, budget):
        Dashboard = self.env["fs.dashboard"].with_company(self.company)
        counts = [
            self._count_queries(Dashboard._stock_table),
            self._count_queries(lambda: Dashboard._stock_table(locations=self.truck_loc)),
        ]
        self.env.invalidate_all()
        with self.assertQueryCount(budget):
            table = Dashboard._stock_table()
        return table, counts

    def test_constant_queries_10_and_1000_articles(self):
        self._add_articles(8, "S")  # with the two of the fixture: 10 articles
        self.env.flush_all()
        table, small = self._measure(12)
        self.assertEqual(len(table["rows"]), 10)
        self._add_articles(990, "L")
        self.env.flush_all()
        table, large = self._measure(12)
        self.assertLessEqual(max(small), 8)
        self.assertEqual(large, small)
        self.assertEqual(len(table["rows"]), 1000)
        self.assertEqual(table["below_minimum"], 998)

    def test_table_content(self):
        self.env["stock.warehouse.orderpoint"].create(
            {
                "product_id": self.filter.id,
                "location_id": self.truck_loc.id,
                "warehouse_id": self.warehouse.id,
                "product_min_qty": 8,
                "product_max_qty": 12,
                "company_id": self.company.id,
            }
        )
        table = self.env["fs.dashboard"].with_company(self.company)._stock_table()
        names = [depot["name"] for depot in table["depots"]]
        self.assertEqual(names, ["Atelier", "Porteur 26 T", "Porteur 32 T"])
        row = next(r for r in table["rows"] if r["code"] == "FLT-OSM10")
        self.assertEqual([cell["qty"] for cell in row["depots"]], [40, 6, 0])
        self.assertEqual(row["total"], 46)
        self.assertEqual(row["status"], "low")
        self.assertTrue(row["depots"][1]["low"])
        self.assertAlmostEqual(row["value"], 46 * 14.5)
        self.assertAlmostEqual(table["total_value"], 46 * 14.5 + 3 * 189.0)
        self.assertEqual(table["below_minimum"], 1)


@tagged("post_install", "-at_install")
class TestDashboardPage(FleetStockCommon, HttpCase):
    def test_dashboard_page(self):
        self._move(self.operator, self.filter, 2, "intervention", self.truck_loc, task=self.task)
        self.authenticate("fs_storekeeper", "fs_storekeeper")
        response = self.url_open("/fleet_stock/dashboard")
        self.assertEqual(response.status_code, 200)
        self.assertIn("o_fs_stock_table", response.text)
        self.assertIn("FLT-OSM10", response.text)
        self.assertIn("FG-418-KL", response.text)
        data = self.env["fs.dashboard"].with_user(self.storekeeper)._get_data()
        self.assertEqual(data["moves"]["issue"], 1)
        self.authenticate("fs_operator", "fs_operator")
        self.assertEqual(self.url_open("/fleet_stock/dashboard").status_code, 404)

    def test_cost_per_km_over_a_period(self):
        """The fleet report: cost per km of each vehicle over the period chosen on the
        dashboard; a bad period falls back to the last twelve months, never an error."""
        self.truck.write({"fs_insurance_yearly": 3650.0})
        Odometer = self.env["fleet.vehicle.odometer"]
        Odometer.create({"vehicle_id": self.truck.id, "value": 100000, "date": "2025-12-31"})
        Odometer.create({"vehicle_id": self.truck.id, "value": 110000, "date": "2026-03-31"})
        self.env["fleet.vehicle.log.fuel"].create(
            {
                "vehicle_id": self.truck.id,
                "date": "2026-02-10",
                "liter": 1800,
                "amount": 3000.0,
                "company_id": self.company.id,
                "service_type_id": self.fuel_type.id,
            }
        )
        self.authenticate("fs_storekeeper", "fs_storekeeper")
        response = self.url_open("/fleet_stock/dashboard?date_from=2026-01-01&date_to=2026-03-31")
        self.assertEqual(response.status_code, 200)
        page = lxml.html.fromstring(response.content)
        row = page.xpath(
            f"//table[contains(@class, 'o_fs_cost_table')]//tr[@data-vehicle-id='{self.truck.id}']"
        )
        self.assertEqual(len(row), 1)
        cells = [td.text_content().strip() for td in row[0].xpath("./td")]
        insurance = 3650.0 * 90 / 365
        self.assertEqual(cells[1], "3000.00")
        self.assertEqual(cells[5], f"{insurance:.2f}")
        self.assertEqual(cells[7], "10000")
        self.assertEqual(cells[8], f"{(3000.0 + insurance) / 10000:.3f}")
        self.assertEqual(page.xpath("//input[@name='date_from']/@value"), ["2026-01-01"])
        today = fields.Date.context_today(self.env["fs.dashboard"])
        default_from = str(today - relativedelta(years=1))
        for query in (
            "date_from=garbage&date_to=2026-13-45",
            "date_from=2026-03-31&date_to=2026-01-01",
            "date_from=%00",
        ):
            with self.subTest(query=query):
                response = self.url_open(f"/fleet_stock/dashboard?{query}")
                self.assertEqual(response.status_code, 200)
                page = lxml.html.fromstring(response.content)
                self.assertEqual(page.xpath("//input[@name='date_from']/@value"), [default_from])
