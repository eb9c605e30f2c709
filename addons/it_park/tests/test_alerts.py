from datetime import date, timedelta
from unittest.mock import patch

from freezegun import freeze_time

from odoo.addons.it_park.models.it_park_alert import ItParkAlert
from odoo.exceptions import ValidationError
from odoo.tests import TransactionCase, tagged
from odoo.tools import mute_logger

from .common import ItParkCommon


@tagged("post_install", "-at_install")
@freeze_time("2026-03-02")
class TestAlerts(ItParkCommon, TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Alert = cls.env["it.park.alert"]
        cls.software = cls.env["it.software"].create({"name": "Sophos Intercept X"})
        cls.type = cls.env.ref("it_park.mail_activity_type_it_park_alert")

    def _alerts(self, records=None):
        domain = [("activity_type_id", "=", self.type.id)]
        if records is not None:
            domain += [("res_model", "=", records._name), ("res_id", "in", records.ids)]
        return self.env["mail.activity"].with_context(active_test=False).search(domain)

    def _licence(self, days, **values):
        vals = {
            "name": f"Sophos {days}",
            "software_id": self.software.id,
            "customer_id": self.customer_a.id,
            "date_end": self.TODAY + timedelta(days=days),
        }
        vals.update(values)
        return self.env["it.license"].create(vals)

    def test_reminder_for_account_manager_once(self):
        asset = self._asset(warranty_date=self.TODAY + timedelta(days=45))
        licence = self._licence(20)
        far = self._asset(name="Neuf", warranty_date=self.TODAY + timedelta(days=200))
        self.Alert._cron_it_park_alerts()
        alerts = self._alerts(asset) | self._alerts(licence)
        self.assertEqual(len(alerts), 2)
        self.assertEqual(alerts.user_id, self.account_manager)
        self.assertEqual(
            asset.activity_ids.summary, "Warranty end in 45 days: " + asset.display_name
        )
        self.assertFalse(self._alerts(far))
        # created through the ORM: the assignee follows the record (no raw INSERT)
        self.assertIn(self.account_manager.partner_id, asset.message_partner_ids)
        self.assertIn(self.account_manager.partner_id, licence.message_partner_ids)
        # twice: nothing new
        self.assertEqual(self.Alert._cron_it_park_alerts(), 0)
        self.assertEqual(len(self._alerts()), 2)
        # once marked done, the same reminder is not created again
        asset.activity_ids.action_feedback("Renouvellement devisé")
        self.Alert._cron_it_park_alerts()
        self.assertEqual(len(self._alerts(asset)), 1)

    def test_next_threshold_gives_a_new_reminder(self):
        asset = self._asset(warranty_date=self.TODAY + timedelta(days=40))
        self.Alert._cron_it_park_alerts()
        self.assertEqual(len(self._alerts(asset)), 1)
        with freeze_time(self.TODAY + timedelta(days=12)):  # 28 days left: second reminder
            self.Alert._cron_it_park_alerts()
        self.assertEqual(len(self._alerts(asset)), 2)

    def test_company_delays(self):
        self.company_a.write({"it_park_alert_days_1": 15, "it_park_alert_days_2": 10})
        asset = self._asset(warranty_date=self.TODAY + timedelta(days=20))
        self.Alert._cron_it_park_alerts()
        self.assertFalse(self._alerts(asset))
        self.assertEqual(self.company_b.it_park_alert_days_1, 60)

    def test_delays_configured_in_settings(self):
        settings = self.env["res.config.settings"].create(
            {"it_park_alert_days_1": 45, "it_park_alert_days_2": 15, "it_park_alert_days_3": 3}
        )
        settings.execute()
        self.assertEqual(self.company_a._it_park_alert_delays(), [45, 15, 3])
        with self.assertRaises(ValidationError):
            self.company_a.it_park_alert_days_3 = -1
        self.assertEqual(self.company_a.it_park_alert_days_3, 3)

    def test_responsible_fallback_and_bad_record_skipped(self):
        self.customer_b.user_id = False
        orphan = self._asset(
            customer_id=self.customer_b.id,
            technician_user_id=False,
            warranty_date=self.TODAY + timedelta(days=5),
        )
        with_tech = self._asset(
            customer_id=self.customer_b.id,
            technician_user_id=self.tech_a.id,
            warranty_date=self.TODAY + timedelta(days=5),
        )
        licence = self._licence(3)
        with mute_logger("odoo.addons.it_park.models.it_park_alert"):
            self.Alert._cron_it_park_alerts()
        self.assertFalse(self._alerts(orphan))
        self.assertEqual(self._alerts(with_tech).user_id, self.tech_a)
        self.assertEqual(len(self._alerts(licence)), 1)

    def test_exception_on_one_record_does_not_stop_the_others(self):
        first = self._asset(name="A", warranty_date=self.TODAY + timedelta(days=5))
        second = self._asset(name="B", warranty_date=self.TODAY + timedelta(days=5))
        original = ItParkAlert._it_park_alert_row

        def failing(self_, record, *args):
            if record == first:
                raise ZeroDivisionError("corrupted record")
            return original(self_, record, *args)

        with (
            patch.object(ItParkAlert, "_it_park_alert_row", failing),
            self.assertLogs("odoo.addons.it_park.models.it_park_alert", "ERROR") as logs,
        ):
            self.Alert._cron_it_park_alerts()
        self.assertIn("skipped", logs.output[0])
        self.assertFalse(self._alerts(first))
        self.assertTrue(self._alerts(second))

    def test_warranty_status_refreshed_daily(self):
        asset = self._asset(warranty_date=date(2026, 5, 15))
        self.assertEqual(asset.warranty_state, "valid")
        with freeze_time("2026-04-01"):
            self.Alert._cron_it_park_alerts()
        self.assertEqual(asset.warranty_state, "expiring")
        with freeze_time("2026-05-16"):
            self.Alert._cron_it_park_alerts()
        self.assertEqual(asset.warranty_state, "expired")

    def _make(self, count):
        self.env["maintenance.equipment"].create(
            [
                {
                    "name": f"PC {count}-{i}",
                    "is_it_asset": True,
                    "customer_id": self.customer_a.id,
                    "company_id": self.company_a.id,
                    "warranty_date": self.TODAY + timedelta(days=1 + i % 59),
                }
                for i in range(count)
            ]
        )
        self.env["it.license"].create(
            [
                {
                    "name": f"L {count}-{i}",
                    "software_id": self.software.id,
                    "customer_id": self.customer_a.id,
                    "date_end": self.TODAY + timedelta(days=1 + i % 59),
                }
                for i in range(count)
            ]
        )
        self.env.flush_all()
        self.env.invalidate_all()

    def _count_cron_queries(self, expected_created):
        self.env.flush_all()
        self.env.invalidate_all()
        before = self.env.cr.sql_log_count
        self.assertEqual(self.Alert._cron_it_park_alerts(), expected_created)
        self.env.flush_all()
        return self.env.cr.sql_log_count - before

    def test_query_count_does_not_grow(self):
        self._make(1)
        self.Alert._cron_it_park_alerts()  # warm the caches (ir.model ids, activity type)
        self._make(5)
        small = self._count_cron_queries(10)
        self._make(50)
        large = self._count_cron_queries(100)
        # Each reminder is a mail.activity created through the ORM (in batches): the assignee
        # is notified and follows the record, which costs a few queries per reminder; the
        # lookup of the records, customers, companies and existing keys stays fixed.
        per_reminder = (large - small) / 90
        self.assertLessEqual(per_reminder, QUERIES_PER_REMINDER, f"{small} for 10, {large} for 100")
        self.assertLessEqual(small - 10 * per_reminder, FIXED_QUERIES)
        # Nothing new to remind: a fixed number of queries, whatever the number of records.
        self.env.flush_all()
        self.env.invalidate_all()
        with self.assertQueryCount(NOTHING_NEW_QUERIES):
            self.assertEqual(self.Alert._cron_it_park_alerts(), 0)


QUERIES_PER_REMINDER = 17  # measured: 15 (mail.activity.create with notification and follower)
FIXED_QUERIES = 40  # measured: 33
NOTHING_NEW_QUERIES = 15  # measured: 15
