from datetime import timedelta

from odoo import fields
from odoo.tests import HttpCase, tagged

from .common import BtpCommon


@tagged("post_install", "-at_install")
class TestTourQuoteSite(BtpCommon, HttpCase):
    """In headless Chromium, as the office: accept a quote, see its job site opened, then the
    job sites on the Gantt timeline (OCA web_timeline) and the calendar."""

    def test_tour_quote_to_site(self):
        order = self._quote()
        today = fields.Date.today()
        planned = self._accepted_quote(btp_site_name="Gymnase des Buclos").btp_site_id
        planned.write(
            {
                "date_start": today,
                "date": today + timedelta(days=30),
                "user_id": self.office.id,
            }
        )
        self.start_tour(
            "/odoo/action-btp_light.action_btp_quote", "btp_light_quote_to_site", login="t_bureau"
        )
        self.assertEqual(order.btp_quote_status, "accepted")
        self.assertEqual(order.btp_site_id.name, "Résidence Les Terrasses")
        self.assertEqual(order.btp_site_id.partner_id, self.customer)
