from datetime import date

from freezegun import freeze_time

from odoo.exceptions import UserError, ValidationError
from odoo.tests import TransactionCase, tagged

from .common import BtpCommon


@tagged("post_install", "-at_install")
class TestQuoteSite(BtpCommon, TransactionCase):
    def test_quote_statuses(self):
        order = self._quote()
        self.assertEqual(order.btp_quote_status, "draft")
        order.action_quotation_sent()
        self.assertEqual(order.btp_quote_status, "sent")
        order.action_confirm()
        self.assertEqual(order.btp_quote_status, "accepted")
        refused = self._quote()
        refused.action_btp_refuse()
        self.assertEqual(refused.btp_quote_status, "refused")
        self.assertEqual(refused.state, "cancel")
        self.assertFalse(refused.btp_site_id)

    def test_accepted_quote_cannot_be_refused(self):
        order = self._accepted_quote()
        with self.assertRaisesRegex(UserError, "draft or sent"):
            order.action_btp_refuse()
        self.assertEqual(order.btp_quote_status, "accepted")

    def test_accepting_opens_one_job_site(self):
        order = self._accepted_quote()
        site = order.btp_site_id
        self.assertTrue(site.btp_is_site)
        self.assertEqual(site.name, "Résidence Les Terrasses")
        self.assertEqual(site.partner_id, self.customer)
        self.assertEqual(site.btp_site_address_id, self.site_address)
        self.assertEqual(site.btp_sale_order_id, order)
        self.assertEqual(site.btp_site_state, "planned")
        self.assertEqual(site.privacy_visibility, "followers")
        self.assertEqual(
            self.env["project.project"].search_count([("btp_sale_order_id", "=", order.id)]), 1
        )

    def test_ordinary_sale_opens_no_site(self):
        order = self._quote(btp_is_construction=False)
        order.action_confirm()
        self.assertFalse(order.btp_site_id)
        self.assertFalse(self.env["project.project"].search([("btp_sale_order_id", "=", order.id)]))

    def test_quote_pdf_renders(self):
        order = self._quote()
        html = (
            self.env["ir.actions.report"]
            ._render_qweb_html("sale.report_saleorder", order.ids)[0]
            .decode()
        )
        self.assertIn(order.name, html)
        self.assertIn("Gros œuvre (forfait)", html)

    def test_site_status_and_handover(self):
        site = self._accepted_quote().btp_site_id
        site.action_btp_start()
        self.assertEqual(site.btp_site_state, "in_progress")
        with freeze_time("2026-06-30"):
            site.action_btp_finish()
        self.assertEqual(site.btp_site_state, "finished")
        self.assertEqual(site.btp_handover_date, date(2026, 6, 30))
        self.assertEqual(site.btp_retention_release_date, date(2027, 6, 30))

    def test_site_dates_checked(self):
        site = self._accepted_quote().btp_site_id
        with self.assertRaisesRegex(ValidationError, "end date is before"):
            site.write({"date_start": date(2026, 5, 10), "date": date(2026, 5, 1)})

    def test_overlap_warning(self):
        site_1 = self._accepted_quote().btp_site_id
        site_2 = self._accepted_quote(btp_site_name="École Jules Ferry").btp_site_id
        site_1.write(
            {
                "user_id": self.manager_a.id,
                "date_start": date(2026, 3, 1),
                "date": date(2026, 4, 30),
                "btp_team_user_ids": [(6, 0, self.technician.ids)],
            }
        )
        site_2.write(
            {
                "user_id": self.manager_b.id,
                "date_start": date(2026, 5, 1),
                "date": date(2026, 6, 30),
            }
        )
        self.assertFalse(site_1.btp_overlap_warning)
        site_2.write(
            {"date_start": date(2026, 4, 15), "btp_team_user_ids": [(6, 0, self.technician.ids)]}
        )
        site_1.invalidate_recordset(["btp_overlap_warning"])
        self.assertIn("École Jules Ferry", site_1.btp_overlap_warning)
        self.assertIn(self.technician.name, site_1.btp_overlap_warning)
        self.assertNotIn(self.manager_a.name, site_1.btp_overlap_warning)
        self.assertIn("Résidence Les Terrasses", site_2.btp_overlap_warning)

    def test_key_date_alert_sent_once_per_date(self):
        site = self._accepted_quote().btp_site_id
        site.write(
            {
                "user_id": self.manager_a.id,
                "date_start": date(2026, 3, 10),
                "date": date(2026, 5, 29),
            }
        )
        milestone = self.env["project.milestone"].create(
            {"name": "Coulage dalle", "project_id": site.id, "deadline": date(2026, 3, 20)}
        )
        Mail = self.env["mail.mail"]
        before = Mail.search([("model", "=", "project.project"), ("res_id", "=", site.id)])
        with freeze_time("2026-03-01"):
            self.assertEqual(self.env["project.project"]._cron_btp_key_date_alerts(), 0)
        with freeze_time("2026-03-05"):
            self.assertEqual(self.env["project.project"]._cron_btp_key_date_alerts(), 1)
            self.assertEqual(self.env["project.project"]._cron_btp_key_date_alerts(), 0)
        with freeze_time("2026-03-14"):
            self.assertEqual(self.env["project.project"]._cron_btp_key_date_alerts(), 1)
            self.assertEqual(milestone.btp_alerted_deadline, date(2026, 3, 20))
        mails = Mail.search([("model", "=", "project.project"), ("res_id", "=", site.id)]) - before
        self.assertEqual(len(mails), 2)
        self.assertIn("Coulage dalle", " ".join(mails.mapped("body_html")))
        self.assertEqual(mails.recipient_ids, self.manager_a.partner_id)
        # the date moves: a new alert for the new date
        milestone.deadline = date(2026, 3, 22)
        with freeze_time("2026-03-16"):
            self.assertEqual(self.env["project.project"]._cron_btp_key_date_alerts(), 1)

    def test_partner_jde_number_checked(self):
        with self.assertRaisesRegex(ValidationError, "up to 8 digits"):
            self.customer.btp_jde_address_number = "CLI001"
        with self.assertRaisesRegex(ValidationError, "up to 8 digits"):
            self.customer.btp_jde_address_number = "123456789"
        self.customer.btp_jde_address_number = "00012345"
