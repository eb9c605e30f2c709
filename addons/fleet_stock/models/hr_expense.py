from odoo import api, fields, models


class HrExpense(models.Model):
    """A fuel expense with a vehicle adds its litres and cost to the vehicle's fuel logs when
    its report is approved (seed workflow 3), whatever addon drives the approval."""

    _inherit = "hr.expense"

    # Shared on purpose: group_finance defines these two fields identically, so that an expense asks
    # its vehicle and litres once whichever of the two addons is installed, without either
    # depending on the other (hence no addon prefix).
    fleet_vehicle_id = fields.Many2one(
        "fleet.vehicle", string="Vehicle", check_company=True, index="btree_not_null"
    )
    fuel_liter = fields.Float(string="Fuel (litres)", digits=(16, 2))
    fs_fuel_log_id = fields.Many2one(
        "fleet.vehicle.log.fuel", string="Fuel Log", readonly=True, copy=False
    )

    def _fs_create_fuel_logs(self):
        """One fuel log per approved expense with a vehicle and litres, once."""
        expenses = self.filtered(
            lambda e: e.fleet_vehicle_id and e.fuel_liter > 0 and not e.fs_fuel_log_id
        )
        if not expenses:
            return self.env["fleet.vehicle.log.fuel"]
        service_type = self.env.ref("fleet_stock.fleet_service_type_fuel")
        logs = (
            self.env["fleet.vehicle.log.fuel"]
            .sudo()
            .create(
                [
                    {
                        "vehicle_id": expense.fleet_vehicle_id.id,
                        "service_type_id": service_type.id,
                        "date": expense.date,
                        "liter": expense.fuel_liter,
                        "amount": expense.total_amount,
                        "price_per_liter": expense.total_amount / expense.fuel_liter,
                        "company_id": expense.company_id.id,
                        "description": expense.name,
                        "fs_expense_id": expense.id,
                        "state": "done",
                    }
                    for expense in expenses
                ]
            )
        )
        for expense, log in zip(expenses, logs, strict=True):
            expense.fs_fuel_log_id = log
        return logs


class HrExpenseSheet(models.Model):
    _inherit = "hr.expense.sheet"

    def _do_approve(self):
        res = super()._do_approve()
        self.filtered(
            lambda s: s.approval_state == "approve"
        ).expense_line_ids._fs_create_fuel_logs()
        return res


class FleetVehicleLogFuel(models.Model):
    _inherit = "fleet.vehicle.log.fuel"

    fs_expense_id = fields.Many2one(
        "hr.expense", string="Expense", readonly=True, copy=False, index="btree_not_null"
    )

    @api.ondelete(at_uninstall=False)
    def _unlink_fs_unlink_expense_link(self):
        self.env["hr.expense"].sudo().search([("fs_fuel_log_id", "in", self.ids)]).write(
            {"fs_fuel_log_id": False}
        )
