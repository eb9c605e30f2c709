from odoo.tests import HttpCase, tagged

from .common import ItParkPortalCommon


@tagged("post_install", "-at_install")
class TestTourPortal(ItParkPortalCommon, HttpCase):
    """In headless Chromium: a portal customer opens an asset, opens a ticket on it from the
    asset passport and finds it, with the asset, in /my/tickets."""

    def test_tour_asset_ticket(self):
        self.start_tour("/my/assets", "it_park_portal_asset_ticket", login="portal_a")
        ticket = self.env["helpdesk.ticket"].search([("name", "=", "Sauvegarde du NAS en échec")])
        self.assertEqual(len(ticket), 1)
        self.assertEqual(ticket.it_asset_ids, self.asset_a)
        self.assertEqual(ticket.partner_id, self.contact_a)
        self.assertEqual(ticket.it_contract_id, self.contract_a)
