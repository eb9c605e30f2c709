from odoo import Command
from odoo.tests import TransactionCase, tagged

from .common import FleetStockCommon


@tagged("post_install", "-at_install")
class TestFuelExpense(FleetStockCommon, TransactionCase):
    """An approved expense report with a vehicle adds its litres and cost to the vehicle's
    fuel logs, once (seed workflow 3), without fleet_stock knowing who drives the approval."""

    def test_approved_fuel_expense_logs_fuel_once(self):
        self.env["account.chart.template"].try_loading(
            "generic_coa", company=self.company, install_demo=False
        )
        env = self.env(context=dict(self.env.context, allowed_company_ids=[self.company.id]))
        employee = env["hr.employee"].create(
            {"name": "Kevin Morel", "user_id": self.operator.id, "company_id": self.company.id}
        )
        product = env["product.product"].create(
            {"name": "Carburant", "can_be_expensed": True, "standard_price": 0.0}
        )
        expense = env["hr.expense"].create(
            {
                "name": "Plein gazole Porteur 26 T",
                "employee_id": employee.id,
                "product_id": product.id,
                "total_amount_currency": 75.5,
                "fleet_vehicle_id": self.truck.id,
                "fuel_liter": 45.0,
                "company_id": self.company.id,
            }
        )
        sheet = env["hr.expense.sheet"].create(
            {
                "name": "Notes de frais novembre",
                "employee_id": employee.id,
                "expense_line_ids": [Command.set(expense.ids)],
                "company_id": self.company.id,
            }
        )
        sheet.action_submit_sheet()
        self.assertFalse(expense.fs_fuel_log_id)
        sheet.action_approve_expense_sheets()
        log = expense.fs_fuel_log_id
        self.assertTrue(log)
        self.assertEqual(log.vehicle_id, self.truck)
        self.assertEqual(log.liter, 45.0)
        self.assertEqual(log.amount, 75.5)
        self.assertEqual(log.fs_expense_id, expense)
        self.assertIn(log, self.truck.log_fuels)
        # ... and reach the vehicle's cost per km and the fleet cost report
        costs = self.truck._fs_cost_report(expense.date, expense.date)[self.truck.id]
        self.assertEqual((costs["fuel"], costs["liters"]), (75.5, 45.0))
        self.env.flush_all()
        month = self.env["fs.fleet.cost.report"].search(
            [("vehicle_id", "=", self.truck.id), ("date", "=", expense.date.replace(day=1))]
        )
        self.assertEqual((month.fuel_amount, month.fuel_liter), (75.5, 45.0))
        expense._fs_create_fuel_logs()
        self.assertEqual(
            self.env["fleet.vehicle.log.fuel"].search_count([("fs_expense_id", "=", expense.id)]), 1
        )
