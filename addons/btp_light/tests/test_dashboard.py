from datetime import date

from freezegun import freeze_time

from odoo.tests import TransactionCase, tagged

from .common import BtpCommon


@tagged("post_install", "-at_install")
class TestDashboard(BtpCommon, TransactionCase):
    def test_kpis(self):
        with freeze_time("2026-03-10"):
            accepted = self._accepted_quote()
            refused = self._quote()
            refused.action_btp_refuse()
            pending = self._quote()
            pending.action_quotation_sent()
            self._quote()  # a draft: not pending
            self._progress(accepted, 30, 25)
            invoice = self._post(accepted.action_btp_situation())
            accepted.btp_site_id.btp_handover_date = date(2025, 1, 1)
            dashboard = self.env["btp.dashboard"].with_user(self.office).create({})
            self.assertEqual(dashboard.quote_pending_count, 1)
            self.assertEqual(dashboard.quote_pending_amount, 18480.0)
            self.assertEqual(dashboard.acceptance_rate, 50.0)
            self.assertEqual(dashboard.site_active_count, 1)
            self.assertEqual(dashboard.invoiced_this_month, 4350.0)
            self.assertEqual(dashboard.unpaid_count, 1)
            self.assertEqual(dashboard.unpaid_amount, invoice.amount_residual)
            self.assertEqual(dashboard.retention_amount, 261.0)
            # handover 2025-01-01: released since 2026-01-01
            self.assertEqual(dashboard.retention_due_amount, 261.0)

    def test_quick_actions(self):
        dashboard = self.env["btp.dashboard"].with_user(self.accountant).create({})
        self.assertEqual(dashboard.action_new_export()["res_model"], "btp.jde.export")
        self.assertEqual(
            dashboard.action_new_payment()["context"]["default_partner_type"], "customer"
        )
        office_dashboard = self.env["btp.dashboard"].with_user(self.office).create({})
        self.assertEqual(office_dashboard.action_new_quote()["res_model"], "sale.order")
        self.assertEqual(office_dashboard.action_new_site()["res_model"], "project.project")
        sites = self.env["project.project"].search(office_dashboard.action_sites_active()["domain"])
        self.assertFalse(sites.filtered(lambda s: s.btp_site_state == "finished"))
