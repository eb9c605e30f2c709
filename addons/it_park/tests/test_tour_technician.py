from odoo.tests import HttpCase, tagged

from .common import ItParkServiceCommon


@tagged("post_install", "-at_install")
class TestTourTechnician(ItParkServiceCommon, HttpCase):
    """In headless Chromium, as a technician (IT Park / User only): open a ticket, log time,
    record a spare part and close the ticket."""

    def test_tour_technician_ticket(self):
        self.part.product_tmpl_id.is_it_consumable = True
        ticket = self._ticket(user_id=self.tech_a.id)
        self.start_tour(
            "/odoo/action-it_park.it_ticket_action", "it_park_technician_ticket", login="tech_a"
        )
        self.assertEqual(ticket.it_timesheet_ids.mapped("name"), ["Remplacement du disque"])
        self.assertEqual(ticket.it_timesheet_ids.unit_amount, 1.5)
        self.assertEqual(ticket.it_move_ids.product_id, self.part)
        self.assertEqual(ticket.it_move_ids.state, "done")
        self.assertTrue(ticket.closed)
        self.assertEqual(ticket.stage_id, self.env.ref("helpdesk_mgmt.helpdesk_ticket_stage_done"))
