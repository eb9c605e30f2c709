from datetime import date, timedelta

from freezegun import freeze_time

from odoo.tests import TransactionCase, tagged

from .common import BtpCommon

# Budgets measured on Odoo 18 (2 cores) beside each guard.
EXPORT_QUERIES_PER_DOCUMENT = 1  # measured: 1 (16 queries for 2 invoices, 20 for 6)
EXPORT_FIXED_QUERIES = 20  # measured: 16 for 2 invoices
OVERLAP_QUERIES_GROWTH = 0  # measured: the same count for 3 and 10 sites (one search)
KEY_DATE_CRON_NOTHING_TO_SEND = 12  # measured: 7, whatever the number of sites


@tagged("post_install", "-at_install")
class TestQueries(BtpCommon, TransactionCase):
    def _count(self, function):
        self.env.flush_all()
        self.env.invalidate_all()
        before = self.env.cr.sql_log_count
        result = function()
        self.env.flush_all()
        return self.env.cr.sql_log_count - before, result

    def _export_with(self, situations, start):
        order = self._accepted_quote()
        with freeze_time(start):
            for step in range(1, situations + 1):
                self._progress(order, 10 * step, 10 * step)
                self._post(order.action_btp_situation())
        end = start + timedelta(days=27)
        export = self.env["btp.jde.export"].create({"date_from": start, "date_to": end})
        export.action_export()
        return export

    def test_jde_files_cost_does_not_grow_with_documents(self):
        small = self._export_with(2, date(2026, 1, 1))
        large = self._export_with(6, date(2026, 2, 1))
        self.assertEqual(len(large.invoice_ids), 6)
        small_count, data = self._count(small._build_records)
        large_count, _data = self._count(large._build_records)
        self.assertEqual(len(data["f03b11z1"]), 4)
        per_document = (large_count - small_count) / 4
        self.assertLessEqual(
            per_document, EXPORT_QUERIES_PER_DOCUMENT, f"{small_count} for 2, {large_count} for 6"
        )
        self.assertLessEqual(small_count, EXPORT_FIXED_QUERIES)

    def _sites(self, count):
        sites = self.env["project.project"].create(
            [
                {
                    "name": f"Chantier {i}",
                    "btp_is_site": True,
                    "partner_id": self.customer.id,
                    "user_id": self.manager_a.id,
                    "btp_team_user_ids": [(6, 0, self.technician.ids)],
                    "date_start": date(2026, 3, 1) + timedelta(days=i),
                    "date": date(2026, 3, 20) + timedelta(days=i),
                }
                for i in range(count)
            ]
        )
        return sites

    def test_overlap_warning_in_one_search(self):
        sites = self._sites(10)
        few, _result = self._count(lambda: sites[:3].mapped("btp_overlap_warning"))
        many, _result = self._count(lambda: sites.mapped("btp_overlap_warning"))
        self.assertLessEqual(many - few, OVERLAP_QUERIES_GROWTH, f"{few} for 3, {many} for 10")
        self.assertEqual(sites[0].btp_overlap_warning.count("Chantier"), 2 * 9)

    def test_key_date_cron_with_nothing_to_send(self):
        self._sites(10)
        with freeze_time("2026-01-01"):
            count, sent = self._count(self.env["project.project"]._cron_btp_key_date_alerts)
        self.assertEqual(sent, 0)
        self.assertLessEqual(count, KEY_DATE_CRON_NOTHING_TO_SEND)
