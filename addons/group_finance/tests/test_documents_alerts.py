from datetime import date, timedelta

from freezegun import freeze_time

from odoo.tests import TransactionCase, tagged

from .common import GroupFinanceDocumentsMixin

TODAY = date(2026, 11, 22)


@tagged("post_install", "-at_install")
@freeze_time("2026-11-22")
class TestDocumentsAlerts(GroupFinanceDocumentsMixin, TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._gf_documents_setup()
        cls.env["ir.config_parameter"].sudo().set_param(
            "group_finance.document_alert_days", "30,15"
        )
        cls.vehicle = cls.env["fleet.vehicle"].create(
            {
                "model_id": cls.env["fleet.vehicle.model"]
                .create(
                    {
                        "name": "D Wide",
                        "brand_id": cls.env["fleet.vehicle.model.brand"]
                        .create({"name": "Renault Trucks"})
                        .id,
                    }
                )
                .id,
                "license_plate": "GE-226-LY",
                "manager_id": cls.hr_officer.id,
            }
        )
        cls.dir_vehicle = cls.env["dms.field.template"]._gf_directory(cls.vehicle)
        cls.Alert = cls.env["group.finance.document.alert"]

    def _activities(self, files):
        return self.env["mail.activity"].search(
            [("res_model", "=", "dms.file"), ("res_id", "in", files.ids)]
        )

    def _docs(self, count, prefix, days, directory=None):
        return self.env["dms.file"].browse(
            [
                self._gf_file(
                    directory or self.dir_customer,
                    f"{prefix}-{i}.pdf",
                    gf_expiry_date=TODAY + timedelta(days=days),
                ).id
                for i in range(count)
            ]
        )

    def test_alert_for_the_right_person_once_per_threshold(self):
        ct = self._gf_file(
            self.dir_vehicle,
            "ct.pdf",
            gf_category="technical",
            gf_expiry_date=TODAY + timedelta(days=25),
        )
        caces = self._gf_file(
            self.dir_employee,
            "caces.pdf",
            gf_category="certification",
            gf_expiry_date=TODAY + timedelta(days=12),
        )
        contract = self._gf_file(
            self.dir_customer, "contrat.pdf", gf_expiry_date=TODAY + timedelta(days=90)
        )
        expired = self._gf_file(
            self.dir_customer, "vieux.pdf", gf_expiry_date=TODAY - timedelta(days=3)
        )
        File = self.env["dms.file"]
        File._cron_gf_expiry_alerts()
        # CT in 25 days: the 30-day alert, to the vehicle's fleet manager
        activity = self._activities(ct)
        self.assertEqual(len(activity), 1)
        self.assertEqual(activity.user_id, self.hr_officer)
        self.assertEqual(activity.date_deadline, ct.gf_expiry_date)
        self.assertEqual(
            activity.activity_type_id,
            self.env.ref("group_finance.mail_activity_type_document_expiry"),
        )
        # CACES in 12 days: one activity (the 15-day threshold), to the employee's manager
        activity = self._activities(caces)
        self.assertEqual(len(activity), 1)
        self.assertEqual(activity.user_id, self.manager)
        self.assertEqual(sorted(caces.gf_alert_ids.mapped("threshold")), [15, 30])
        self.assertFalse(self._activities(contract | expired))
        # the job runs again: nothing new
        File._cron_gf_expiry_alerts()
        self.assertEqual(len(self._activities(ct | caces)), 2)
        # ten days later the CT crosses the 15-day threshold: its second alert, once
        with freeze_time(TODAY + timedelta(days=10)):
            File._cron_gf_expiry_alerts()
            File._cron_gf_expiry_alerts()
        self.assertEqual(len(self._activities(ct)), 2)
        self.assertEqual(sorted(ct.gf_alert_ids.mapped("threshold")), [15, 30])

    def test_expiring_list_across_the_group(self):
        soon = self._gf_file(
            self.dir_customer, "soon.pdf", gf_expiry_date=TODAY + timedelta(days=5)
        )
        later = self._gf_file(self.dir_customer, "later.pdf", gf_expiry_date="2028-01-01")
        past = self._gf_file(
            self.dir_customer, "past.pdf", gf_expiry_date=TODAY - timedelta(days=1)
        )
        File = self.env["dms.file"]
        docs = soon | later | past
        self.assertEqual(File.search([("gf_expiry_state", "=", "expiring")]) & docs, soon)
        self.assertEqual(File.search([("gf_expiry_state", "=", "expired")]) & docs, past)
        self.assertEqual(File.search([("gf_expiry_state", "!=", "expiring")]) & docs, later | past)
        self.assertEqual(soon.gf_expiry_state, "expiring")
        action = self.env.ref("group_finance.action_group_documents_expiring")
        self.assertIn("search_default_gf_expiring", action.context)

    def test_query_count_independent_of_the_number_of_documents(self):
        File = self.env["dms.file"]
        counts = []
        for size in (1, 3, 30, 33):
            self._docs(size, f"lot{size}", 10, self.dir_customer)
            self._docs(size, f"emp{size}", 10, self.dir_employee)
            self._docs(size, f"veh{size}", 10, self.dir_vehicle)
            self.env.flush_all()
            self.env.invalidate_all()
            if size == 1:
                File._cron_gf_expiry_alerts()  # warm-up: registry caches
            elif size == 33:
                # the budget measured with 3 documents per record type holds with 33 (99
                # documents: Odoo inserts rows by 100, one INSERT more per 100 rows above)
                with self.assertQueryCount(counts[0]):
                    File._cron_gf_expiry_alerts()
                    self.env.flush_all()
            else:
                before = self.env.cr.sql_log_count
                File._cron_gf_expiry_alerts()
                self.env.flush_all()
                counts.append(self.env.cr.sql_log_count - before)
            self.env.invalidate_all()
            # both thresholds (15 and 30 days) marked, one activity each
            self.assertEqual(
                len(self.Alert.search([("file_id.name", "=like", f"lot{size}-%")])), size * 2
            )
            self.assertEqual(
                len(self.Alert.search([("file_id.name", "=like", f"veh{size}-%")]).activity_id),
                size,
            )
        self.assertEqual(counts[0], counts[1], counts)
