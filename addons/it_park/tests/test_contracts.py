from datetime import date

from freezegun import freeze_time
from psycopg2 import IntegrityError

from odoo.exceptions import AccessError
from odoo.tests import TransactionCase, tagged
from odoo.tools import mute_logger

from .common import ItParkServiceCommon


@tagged("post_install", "-at_install")
class TestContracts(ItParkServiceCommon, TransactionCase):
    def test_hours_consumed_in_current_period(self):
        self.assertEqual(self.contract.recurring_next_date, date(2026, 3, 1))
        ticket = self._ticket()
        request = self.env["maintenance.request"].create(
            {"name": "Révision", "equipment_id": self.asset.id}
        )
        Line = self.env["account.analytic.line"]
        Line.create(
            [
                {"name": "a", "it_ticket_id": ticket.id, "unit_amount": 1.0, "date": "2026-02-03"},
                {
                    "name": "b",
                    "it_request_id": request.id,
                    "unit_amount": 2.5,
                    "date": "2026-02-27",
                },
                # outside the period: not counted
                {"name": "c", "it_ticket_id": ticket.id, "unit_amount": 4.0, "date": "2026-03-01"},
                {"name": "d", "it_ticket_id": ticket.id, "unit_amount": 4.0, "date": "2026-01-31"},
            ]
        )
        self.contract.invalidate_recordset(["it_hours_consumed"])
        self.assertEqual(self.contract.it_hours_consumed, 3.5)
        other = self._contract(name="Autre", it_asset_ids=False)
        self.assertEqual(other.it_hours_consumed, 0.0)

    def test_asset_covering_contract(self):
        self.assertEqual(self.asset.it_contract_id, self.contract)
        self.contract.it_asset_ids = False
        self.assertFalse(self.asset.it_contract_id)

    def test_ended_or_purchase_contract_does_not_cover(self):
        self.contract.contract_line_ids.date_end = date(2026, 2, 28)
        with freeze_time("2026-03-02"):
            self.asset._compute_it_contract_id()
            self.assertFalse(self.asset.it_contract_id, "ended")
            purchase = self._contract(name="Achat", contract_type="purchase")
            self.asset._compute_it_contract_id()
            self.assertFalse(self.asset.it_contract_id, "a supplier contract covers nothing")
            self.assertIn(purchase, self.asset.it_covering_contract_ids)

    def test_covering_contract_refreshed_by_daily_job(self):
        with freeze_time("2026-03-02"):
            self.contract.contract_line_ids.date_end = date(2026, 3, 10)
            self.env.flush_all()
            self.assertEqual(self.asset.it_contract_id, self.contract)
            self.assertEqual(
                self.asset.search([("it_contract_id", "=", self.contract.id)]), self.asset
            )
        with freeze_time("2026-03-11"):
            # the dates passed without any write: the daily job recomputes the coverage
            self.env["it.park.alert"]._cron_it_park_alerts()
            self.assertFalse(self.asset.it_contract_id)
            self.assertFalse(self.asset.search([("it_contract_id", "=", self.contract.id)]))

    def test_backend_views_load_for_each_role(self):
        for user, models in (
            (self.tech_a, ["helpdesk.ticket", "maintenance.request", "maintenance.equipment"]),
            (self.manager_a, ["contract.contract", "it.service.level", "helpdesk.ticket"]),
        ):
            for model in models:
                views = (
                    self.env[model]
                    .with_user(user)
                    .get_views([(False, "form"), (False, "list"), (False, "search")])
                )
                self.assertIn("form", views["views"], model)
        arch = self.env["helpdesk.ticket"].with_user(self.tech_a).get_views([(False, "form")])
        self.assertIn("it_asset_ids", arch["views"]["form"]["arch"])

    @freeze_time("2026-03-02")
    def test_contract_end_alerts(self):
        # ends in 60 days with 30 days' notice: the reminder is for the notice deadline, in 30
        self.contract.contract_line_ids.date_end = date(2026, 5, 1)
        self.contract.user_id = self.account_manager
        self.assertEqual(self.contract.it_notice_date, date(2026, 4, 1))
        self.env["it.park.alert"]._cron_it_park_alerts()
        activity = self.env["mail.activity"].search(
            [("res_model", "=", "contract.contract"), ("res_id", "=", self.contract.id)]
        )
        self.assertEqual(len(activity), 1)
        self.assertIn("Contract notice deadline in 30 days", activity.summary)
        self.env["it.park.alert"]._cron_it_park_alerts()
        self.assertEqual(
            self.env["mail.activity"].search_count(
                [("res_model", "=", "contract.contract"), ("res_id", "=", self.contract.id)]
            ),
            1,
        )

    @freeze_time("2026-03-02")
    def test_tacit_renewal(self):
        explicit = self._contract(name="Explicite", it_asset_ids=False)
        (self.contract | explicit).contract_line_ids.date_end = date(2026, 3, 1)
        self.contract.write({"it_renewal_type": "tacit", "it_renewal_months": 12})
        renewed = self.env["contract.contract"]._cron_it_park_renew()
        self.assertEqual(renewed, self.contract)
        self.assertEqual(self.contract.date_end, date(2027, 3, 1))
        self.assertEqual(explicit.date_end, date(2026, 3, 1))

    def test_negative_hours_rejected(self):
        with self.assertRaises(IntegrityError), mute_logger("odoo.sql_db"):
            with self.env.cr.savepoint():
                self.contract.write({"it_hours_included": -1})
                self.env.flush_all()
        self.contract.invalidate_recordset()
        self.assertEqual(self.contract.it_hours_included, 2.0)

    def test_technician_cannot_edit_contract(self):
        self.assertEqual(self.contract.with_user(self.tech_a).it_service_level_id, self.level)
        with self.assertRaises(AccessError):
            self.contract.with_user(self.tech_a).write({"it_hours_included": 50})
        with self.assertRaises(AccessError):
            self.contract.with_user(self.tech_b).read(["name"])
