from odoo import http
from odoo.tests import HttpCase, new_test_user, tagged

from .common import ItParkPortalCommon


@tagged("post_install", "-at_install")
class TestPortalTicketClose(ItParkPortalCommon, HttpCase):
    """helpdesk_mgmt's /ticket/close (overridden by it_park): a POST with the CSRF token, on a
    ticket the user may close, to a stage offered for closing on the portal."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.stage_done = cls.env.ref("helpdesk_mgmt.helpdesk_ticket_stage_done")
        cls.stage_rejected = cls.env.ref("helpdesk_mgmt.helpdesk_ticket_stage_rejected")

    def _close(self, ticket, stage, csrf=True):
        data = {"ticket_id": ticket.id, "stage_id": stage.id}
        if csrf:
            data["csrf_token"] = http.Request.csrf_token(self)
        return self.url_open("/ticket/close", data=data, allow_redirects=False)

    def _messages(self, ticket):
        return self.env["mail.message"].search_count(
            [("model", "=", "helpdesk.ticket"), ("res_id", "=", ticket.id)]
        )

    def test_close_own_ticket(self):
        self.authenticate("portal_a", "portal_a")
        page = self.url_open(f"/my/ticket/{self.ticket_a.id}").text
        self.assertIn('action="/ticket/close"', page)
        self.assertIn('method="POST"', page)
        self.assertIn('name="csrf_token"', page)
        response = self._close(self.ticket_a, self.stage_done)
        self.assertEqual(response.status_code, 302)
        self.assertTrue(response.headers["Location"].endswith(f"/my/ticket/{self.ticket_a.id}"))
        self.assertEqual(self.ticket_a.stage_id, self.stage_done)
        self.assertTrue(self.ticket_a.closed)

    def test_close_other_customer_ticket_refused(self):
        """The attack of issue 8.1: another customer's ticket, even when followed."""
        stage = self.ticket_b.stage_id
        messages = self._messages(self.ticket_b)
        self.authenticate("portal_a", "portal_a")
        self.assertEqual(self._close(self.ticket_b, self.stage_done).status_code, 404)
        # a follower reads the ticket but does not close it
        self.ticket_b.message_subscribe(partner_ids=self.contact_a.ids)
        self.env.flush_all()
        self.assertEqual(self.url_open(f"/my/ticket/{self.ticket_b.id}").status_code, 200)
        self.assertEqual(self._close(self.ticket_b, self.stage_done).status_code, 404)
        self.assertEqual(self.ticket_b.stage_id, stage)
        self.assertFalse(self.ticket_b.closed)
        self.assertEqual(self._messages(self.ticket_b), messages)

    def test_close_by_get_or_without_csrf_refused(self):
        self.authenticate("portal_a", "portal_a")
        url = f"/ticket/close?ticket_id={self.ticket_a.id}&stage_id={self.stage_done.id}"
        self.assertEqual(self.url_open(url, allow_redirects=False).status_code, 405)
        self.assertEqual(self._close(self.ticket_a, self.stage_done, csrf=False).status_code, 400)
        self.assertFalse(self.ticket_a.closed)

    def test_close_to_stage_not_offered_on_portal(self):
        self.authenticate("portal_a", "portal_a")
        response = self._close(self.ticket_a, self.stage_rejected)
        self.assertEqual(response.status_code, 302)
        self.assertNotEqual(self.ticket_a.stage_id, self.stage_rejected)
        self.assertFalse(self.ticket_a.closed)

    def test_internal_user_needs_write_access(self):
        """An employee who only follows a ticket reads it (helpdesk_mgmt's rule) but may not
        write it, so may not close it either."""
        employee = new_test_user(self.env, "employee_reader", groups="base.group_user")
        self.ticket_a.message_subscribe(partner_ids=employee.partner_id.ids)
        self.authenticate("employee_reader", "employee_reader")
        self.assertEqual(self._close(self.ticket_a, self.stage_done).status_code, 404)
        self.assertFalse(self.ticket_a.closed)
