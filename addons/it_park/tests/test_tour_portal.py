from odoo.tests import HttpCase, tagged

from .common import ItParkPortalCommon


@tagged("post_install", "-at_install")
class TestTourPortal(ItParkPortalCommon, HttpCase):
    """In headless Chromium: a portal customer opens an asset, opens a ticket on it from the
    asset passport and finds it, with the asset, in /my/tickets; then closes a ticket."""

    def test_tour_asset_ticket(self):
        self.start_tour("/my/assets", "it_park_portal_asset_ticket", login="portal_a")
        ticket = self.env["helpdesk.ticket"].search([("name", "=", "Sauvegarde du NAS en échec")])
        self.assertEqual(len(ticket), 1)
        self.assertEqual(ticket.it_asset_ids, self.asset_a)
        self.assertEqual(ticket.partner_id, self.contact_a)
        self.assertEqual(ticket.it_contract_id, self.contract_a)

    def test_tour_close_ticket(self):
        """The close button posts its form (CSRF token included) and the ticket is closed."""
        done = self.env.ref("helpdesk_mgmt.helpdesk_ticket_stage_done")
        self.start_tour(
            f"/my/ticket/{self.ticket_a.id}", "it_park_portal_close_ticket", login="portal_a"
        )
        self.assertEqual(self.ticket_a.stage_id, done)
        self.assertTrue(self.ticket_a.closed)
