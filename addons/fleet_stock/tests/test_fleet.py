from datetime import date, timedelta

from freezegun import freeze_time

from odoo import Command
from odoo.exceptions import ValidationError
from odoo.tests import TransactionCase, tagged

from .common import FleetStockCommon


@tagged("post_install", "-at_install")
class TestFleetChecks(FleetStockCommon, TransactionCase):
    """CT and VGP on the vehicles: state against today, alerts at J-30 and J-7, an expired
    check blocks the planning of an intervention with the vehicle."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.ct = cls.env["fleet.check.type"].create(
            {"name": "Contrôle technique", "code": "ct_test", "company_id": False}
        )
        cls.check = cls.env["fs.vehicle.check"].create(
            {
                "vehicle_id": cls.truck.id,
                "check_type_id": cls.ct.id,
                "date_last": date(2025, 12, 1),
                "date_next": date(2026, 12, 1),
            }
        )
        cls.truck.manager_id = cls.storekeeper

    def _activities(self):
        return self.env["mail.activity"].search(
            [("res_model", "=", "fs.vehicle.check"), ("res_id", "=", self.check.id)]
        )

    def test_state_follows_today(self):
        cases = [
            ("2026-10-01", "ok"),
            ("2026-11-05", "soon"),
            ("2026-11-26", "urgent"),
            ("2026-12-02", "expired"),
        ]
        for today, state in cases:
            with freeze_time(today):
                self.check.invalidate_recordset(["state"])
                self.truck.invalidate_recordset(["fs_check_state"])
                self.assertEqual(self.check.state, state, today)
                self.assertEqual(self.truck.fs_check_state, state, today)
                Check = self.env["fs.vehicle.check"]
                self.assertIn(self.check, Check.search([("state", "=", state)]), today)
                self.assertIn(
                    self.truck, self.env["fleet.vehicle"].search([("fs_check_state", "=", state)])
                )

    def test_alerts_at_j30_then_j7_once_each(self):
        Check = self.env["fs.vehicle.check"]
        with freeze_time("2026-10-15"):
            Check._cron_alert()
        self.assertFalse(self._activities())
        with freeze_time("2026-11-01"):
            Check._cron_alert()
            Check._cron_alert()
        self.assertEqual(len(self._activities()), 1)
        self.assertEqual(self._activities().user_id, self.storekeeper)
        self.assertEqual(self.check.alert_level, 30)
        with freeze_time("2026-11-25"):
            Check._cron_alert()
            Check._cron_alert()
        self.assertEqual(len(self._activities()), 2)
        self.assertEqual(self.check.alert_level, 7)
        # a new check date starts the alerts over
        self.check.date_next = date(2027, 12, 1)
        self.assertEqual(self.check.alert_level, 0)

    def test_expired_check_blocks_planning(self):
        with self.assertRaisesRegex(ValidationError, "cannot be planned"):
            self.env["project.task"].create(
                {
                    "name": "Nettoyage centrale de Rians",
                    "project_id": self.project.id,
                    "fs_vehicle_id": self.truck.id,
                    "fs_planned_date": "2026-12-05 08:00:00",
                    "company_id": self.company.id,
                }
            )
        task = self.env["project.task"].create(
            {
                "name": "Nettoyage centrale de Rians",
                "project_id": self.project.id,
                "fs_vehicle_id": self.truck.id,
                "fs_planned_date": "2026-11-30 08:00:00",
                "company_id": self.company.id,
            }
        )
        with self.assertRaisesRegex(ValidationError, "Contrôle technique"):
            task.fs_planned_date = "2026-12-02 08:00:00"
        # once the new CT is recorded the truck can be planned again
        self.check.write({"date_last": date(2026, 11, 28), "date_next": date(2028, 11, 28)})
        task.fs_planned_date = "2026-12-02 08:00:00"
        self.assertEqual(task.fs_vehicle_id, self.truck)


@tagged("post_install", "-at_install")
class TestMaintenance(FleetStockCommon, TransactionCase):
    """A maintenance takes its parts out of a depot when done; the next one is due by date, km
    or engine hours, whichever comes first."""

    def test_parts_taken_from_depot_when_done(self):
        service = self.env["fleet.vehicle.log.services"].create(
            {
                "vehicle_id": self.truck.id,
                "description": "Vidange",
                "amount": 250.0,
                "odometer": 125430,
                "company_id": self.company.id,
                "service_type_id": self.service_type.id,
                "fs_part_ids": [
                    Command.create(
                        {
                            "product_id": self.filter.id,
                            "quantity": 2,
                            "location_id": self.workshop.id,
                        }
                    )
                ],
            }
        )
        self.assertEqual(self._qty(self.filter, self.workshop), 40)
        service.state = "done"
        self.assertEqual(self._qty(self.filter, self.workshop), 38)
        move = service.fs_move_ids
        self.assertEqual(move.fs_reason_id, self._reason("maintenance"))
        self.assertEqual(move.fs_vehicle_id, self.truck)
        self.assertEqual(service.fs_parts_cost, 29.0)
        self.assertEqual(service.fs_total_cost, 279.0)

    def test_parts_beyond_stock_refused(self):
        service = self.env["fleet.vehicle.log.services"].create(
            {
                "vehicle_id": self.truck.id,
                "description": "Révision",
                "company_id": self.company.id,
                "service_type_id": self.service_type.id,
                "fs_part_ids": [
                    Command.create(
                        {
                            "product_id": self.brush.id,
                            "quantity": 5,
                            "location_id": self.workshop.id,
                        }
                    )
                ],
            }
        )
        with self.assertRaises(Exception) as caught:
            with self.env.cr.savepoint():
                service.state = "done"
        self.assertIn("Not enough", str(caught.exception))

    def test_next_maintenance_whichever_first(self):
        self.truck.write(
            {"fs_maint_interval_months": 12, "fs_maint_interval_km": 30000, "odometer": 100000}
        )
        with freeze_time("2026-01-10"):
            self.env["fleet.vehicle.log.services"].create(
                {
                    "vehicle_id": self.truck.id,
                    "description": "Révision",
                    "date": "2026-01-10",
                    "odometer": 100000,
                    "state": "done",
                    "company_id": self.company.id,
                    "service_type_id": self.service_type.id,
                }
            )
        with freeze_time("2026-06-01"):
            self.truck.invalidate_recordset()
            self.assertEqual(self.truck.fs_maint_next_date, date(2027, 1, 10))
            self.assertEqual(self.truck.fs_maint_next_km, 130000)
            self.assertEqual(self.truck.fs_maint_state, "ok")
            self.truck.odometer = 129500
            self.truck.invalidate_recordset()
            self.assertEqual(self.truck.fs_maint_state, "soon")
            self.truck.odometer = 130100
            self.truck.invalidate_recordset()
            self.assertEqual(self.truck.fs_maint_state, "overdue")
            self.env["fleet.vehicle"]._cron_fs_maintenance_alert()
            activity = self.env["mail.activity"].search(
                [("res_model", "=", "fleet.vehicle"), ("res_id", "=", self.truck.id)]
            )
            self.assertEqual(len(activity), 1)
        with freeze_time("2027-01-11"):
            self.truck.invalidate_recordset()
            self.assertEqual(self.truck.fs_maint_state, "overdue")

    def test_engine_hours_for_aerial_platform(self):
        self.other_truck.write(
            {"fs_kind": "aerial_platform", "fs_engine_hours": 2140, "fs_maint_interval_hours": 250}
        )
        self.env["fleet.vehicle.log.services"].create(
            {
                "vehicle_id": self.other_truck.id,
                "description": "Entretien 250 h",
                "fs_engine_hours": 2150,
                "state": "done",
                "company_id": self.company.id,
                "service_type_id": self.service_type.id,
            }
        )
        self.assertEqual(self.other_truck.fs_engine_hours, 2150)
        self.assertEqual(self.other_truck.fs_maint_next_hours, 2400)
        self.other_truck.fs_engine_hours = 2401
        self.assertEqual(self.other_truck.fs_maint_state, "overdue")


@tagged("post_install", "-at_install")
class TestCostPerKm(FleetStockCommon, TransactionCase):
    """Cost per km over a period: fuel + parts + garage + financing and insurance share."""

    def test_cost_per_km(self):
        self.truck.write(
            {
                "fs_financing": "credit",
                "fs_monthly_cost": 1000.0,
                "fs_financing_start": "2025-01-01",
                "fs_financing_end": "2028-12-31",
                "fs_insurance_yearly": 3650.0,
            }
        )
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
        self.env["fleet.vehicle.log.services"].create(
            {
                "vehicle_id": self.truck.id,
                "date": "2026-02-15",
                "amount": 400.0,
                "company_id": self.company.id,
                "service_type_id": self.service_type.id,
                "fs_part_ids": [
                    Command.create(
                        {
                            "product_id": self.filter.id,
                            "quantity": 2,
                            "location_id": self.workshop.id,
                        }
                    )
                ],
                "state": "done",
            }
        )
        report = self.truck._fs_cost_report(date(2026, 1, 1), date(2026, 3, 31))[self.truck.id]
        days = 90
        self.assertEqual(report["km"], 10000)
        self.assertEqual(report["fuel"], 3000.0)
        self.assertEqual(report["garage"], 400.0)
        self.assertEqual(report["parts"], 29.0)
        self.assertAlmostEqual(report["financing"], 12000.0 * days / 365, places=2)
        self.assertAlmostEqual(report["insurance"], 3650.0 * days / 365, places=2)
        expected = (3000 + 400 + 29 + 12000.0 * days / 365 + 3650.0 * days / 365) / 10000
        self.assertAlmostEqual(report["cost_per_km"], expected, places=4)
        self.assertAlmostEqual(report["l_per_100km"], 18.0)
        with freeze_time("2026-03-31"):
            self.truck.invalidate_recordset(["fs_cost_per_km"])
            self.assertGreater(self.truck.fs_cost_per_km, expected)

    def test_no_km_no_division(self):
        report = self.truck._fs_cost_report(date.today() - timedelta(days=30), date.today())
        self.assertEqual(report[self.truck.id]["cost_per_km"], 0.0)
