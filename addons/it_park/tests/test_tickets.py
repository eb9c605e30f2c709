from datetime import datetime, timedelta

from freezegun import freeze_time

from odoo import Command
from odoo.exceptions import AccessError, ValidationError
from odoo.tests import TransactionCase, tagged

from .common import ItParkServiceCommon


@tagged("post_install", "-at_install")
class TestTickets(ItParkServiceCommon, TransactionCase):
    def test_contract_priority_and_sla_from_asset(self):
        ticket = self._ticket()
        self.assertEqual(self.asset.it_contract_id, self.contract)
        self.assertEqual(ticket.it_contract_id, self.contract)
        self.assertEqual(ticket.priority, "2", "priority of the Gold service level")
        # 8 hours of work of the level's working hours after the creation
        self.assertEqual(ticket.it_sla_deadline, self.level._it_deadline(ticket.create_date, 8))
        self.assertEqual(
            ticket.it_sla_response_deadline, self.level._it_deadline(ticket.create_date, 2)
        )
        self.assertIn(ticket, self.asset.it_ticket_ids)
        self.assertIn("opened", self.asset.message_ids[0].body)

    def test_explicit_priority_kept_and_no_contract_no_sla(self):
        ticket = self._ticket(priority="0")
        self.assertEqual(ticket.priority, "0")
        bare = self._ticket(it_asset_ids=[Command.set(self.asset_2.ids)])
        self.assertFalse(bare.it_contract_id)
        self.assertFalse(bare.it_sla_deadline)
        self.assertFalse(bare.it_sla_overdue)

    def test_overdue_flag_and_filter(self):
        ticket = self._ticket()
        late = self.env["helpdesk.ticket"].search([("it_sla_overdue", "=", True)])
        self.assertNotIn(ticket, late)
        self.assertIn(ticket, self.env["helpdesk.ticket"].search([("it_sla_overdue", "=", False)]))
        with freeze_time(ticket.it_sla_deadline + timedelta(hours=1)):
            # no job: the flag is computed when read, and searched in SQL
            ticket.invalidate_recordset(["it_sla_overdue"])
            self.assertTrue(ticket.it_sla_overdue)
            Ticket = self.env["helpdesk.ticket"]
            self.assertIn(ticket, Ticket.search([("it_sla_overdue", "=", True)]))
            self.assertNotIn(ticket, Ticket.search([("it_sla_overdue", "!=", True)]))
            closed = self.env["helpdesk.ticket.stage"].search([("closed", "=", True)], limit=1)
            ticket.stage_id = closed
            self.assertFalse(ticket.it_sla_overdue, "a closed ticket is never overdue")
            self.assertNotIn(ticket, Ticket.search([("it_sla_overdue", "=", True)]))
            self.assertIn(ticket, Ticket.search([("it_sla_overdue", "=", False)]))

    def test_sla_counted_in_working_hours(self):
        paris = self.env["resource.calendar"].create(
            {"name": "Support 8h-12h 13h-17h", "tz": "Europe/Paris", "company_id": False}
        )
        self.level.resource_calendar_id = paris
        monday_night = datetime(2026, 3, 2, 21, 56)  # Monday 22:56 in Paris (UTC+1)
        # the response is due after 2 working hours: Tuesday 10:00 (not Tuesday 00:56), the
        # resolution after 8: Tuesday 17:00 (not Tuesday 06:56)
        self.assertEqual(self.level._it_deadline(monday_night, 2), datetime(2026, 3, 3, 9, 0))
        self.assertEqual(self.level._it_deadline(monday_night, 8), datetime(2026, 3, 3, 16, 0))
        friday = datetime(2026, 3, 6, 15, 0)  # Friday 16:00 in Paris: due Monday 16:00
        self.assertEqual(self.level._it_deadline(friday, 8), datetime(2026, 3, 9, 15, 0))
        ticket = self._ticket()
        self.assertEqual(ticket.it_sla_deadline, paris.plan_hours(8, ticket.create_date, True))

    def test_response_deadline_followed(self):
        ticket = self._ticket()
        answered = self._ticket(name="Imprimante")
        Ticket = self.env["helpdesk.ticket"]
        self.assertFalse(ticket.it_sla_response_overdue)
        with freeze_time(ticket.it_sla_response_deadline + timedelta(minutes=5)):
            answered.user_id = self.tech_a  # assigned: answered in time
            (ticket | answered).invalidate_recordset(["it_sla_response_overdue"])
            self.assertTrue(ticket.it_sla_response_overdue)
            self.assertFalse(answered.it_sla_response_overdue)
            self.assertTrue(answered.it_first_response_date)
            late = Ticket.search([("it_sla_response_overdue", "=", True)])
            self.assertIn(ticket, late)
            self.assertNotIn(answered, late)
            # a message to the customer is a response too
            ticket.message_post(body="Note interne", subtype_xmlid="mail.mt_note")
            self.assertFalse(ticket.it_first_response_date, "an internal note is no answer")
            ticket.message_post(
                body="Nous regardons.", message_type="comment", subtype_xmlid="mail.mt_comment"
            )
            self.assertTrue(ticket.it_first_response_date)
            ticket.invalidate_recordset(["it_sla_response_overdue"])
            self.assertFalse(ticket.it_sla_response_overdue)
            self.assertNotIn(ticket, Ticket.search([("it_sla_response_overdue", "=", True)]))
            self.assertIn(ticket, Ticket.search([("it_sla_response_overdue", "=", False)]))

    def test_technician_sees_only_team_tickets(self):
        mine = self._ticket()
        other = self._ticket(name="Imprimante", team_id=self.team_other.id)
        Ticket = self.env["helpdesk.ticket"].with_user(self.tech_a)
        visible = Ticket.search([("id", "in", (mine | other).ids)])
        self.assertEqual(visible, mine)
        with self.assertRaises(AccessError):
            other.with_user(self.tech_a).read(["name"])

    def test_asset_of_another_customer_rejected(self):
        foreign = self._asset(name="PC garage", customer_id=self.customer_b.id)
        count = self.env["helpdesk.ticket"].search_count([])
        with self.assertRaises(ValidationError), self.env.cr.savepoint():
            self._ticket(it_asset_ids=[Command.set(foreign.ids)])
        self.assertEqual(self.env["helpdesk.ticket"].search_count([]), count)

    def test_timesheet_on_ticket(self):
        ticket = self._ticket()
        line = (
            self.env["account.analytic.line"]
            .with_user(self.tech_a)
            .create(
                {
                    "name": "Diagnostic NAS",
                    "it_ticket_id": ticket.id,
                    "unit_amount": 1.5,
                    "date": "2026-02-10",
                }
            )
        )
        self.assertTrue(line.project_id.it_park_support)
        self.assertEqual(line.it_contract_id, self.contract)
        self.assertEqual(ticket.it_hours_spent, 1.5)
        self.assertIn("1.5 h logged", self.asset.message_ids[0].body)
        with self.assertRaises(ValidationError), self.env.cr.savepoint():
            self.env["account.analytic.line"].create(
                {"name": "Oups", "it_ticket_id": ticket.id, "unit_amount": -1}
            )
        self.assertEqual(len(ticket.it_timesheet_ids), 1)

    def test_parts_consumed_on_ticket_are_stock_moves(self):
        ticket = self._ticket()
        action = ticket.action_it_consume_parts()
        wizard = (
            self.env[action["res_model"]]
            .with_context(**action["context"])
            .create({"line_ids": [Command.create({"product_id": self.part.id, "quantity": 2})]})
        )
        wizard.line_ids.billable = True
        picking = wizard.action_deliver()
        move = ticket.it_move_ids
        self.assertEqual(move.state, "done")
        self.assertEqual(move.quantity, 2)
        self.assertEqual(move.it_contract_id, self.contract)
        self.assertTrue(move.it_billable)
        self.assertEqual(
            move.location_dest_id,
            self.customer_a.with_company(self.company_a).property_stock_customer,
        )
        self.assertEqual(picking.location_id.warehouse_id.company_id, self.company_a)
        self.assertIn("Parts consumed", self.asset.message_ids[0].body)

    def test_ticket_portal_create_accepts_assets(self):
        """The portal flow creates the ticket as sudo with it_asset_ids: contract found."""
        portal = self._user(self.env, "portal_leroy", "base.group_portal", self.company_a)
        portal.partner_id.parent_id = self.customer_a
        ticket = (
            self.env["helpdesk.ticket"]
            .sudo()
            .create(
                {
                    "name": "Écran noir",
                    "description": "<p>?</p>",
                    "partner_id": portal.partner_id.id,
                    "it_asset_ids": [Command.set(self.asset.ids)],
                }
            )
        )
        self.assertEqual(ticket.it_contract_id, self.contract)
        self.assertGreater(ticket.it_sla_deadline, datetime.now() - timedelta(minutes=1))

    def test_ticket_by_email_finds_asset_from_subject(self):
        self.contact_a.email = "julie@pharmacie-leroy.example.fr"
        message = (
            "From: Julie Leroy <julie@pharmacie-leroy.example.fr>\r\n"
            "To: support@infogerance.example.fr\r\n"
            "Subject: PL-0001 ne démarre plus\r\n"
            "Message-ID: <it-park-test-1@example.fr>\r\n"
            "Content-Type: text/plain; charset=utf-8\r\n\r\n"
            "Bonjour, le NAS ne démarre plus.\r\n"
        )
        ticket_id = self.env["mail.thread"].message_process(
            "helpdesk.ticket", message, custom_values={"team_id": self.team_a.id}
        )
        ticket = self.env["helpdesk.ticket"].browse(ticket_id)
        self.assertEqual(ticket.it_asset_ids, self.asset)
        self.assertEqual(ticket.it_contract_id, self.contract)
        self.assertEqual(ticket.priority, "2")

    def test_new_ticket_from_asset(self):
        action = self.asset.action_it_new_ticket()
        form_values = (
            self.env["helpdesk.ticket"]
            .with_context(**action["context"])
            .create({"description": "<p>Lent</p>"})
        )
        self.assertEqual(form_values.it_asset_ids, self.asset)
        self.assertEqual(form_values.partner_id, self.customer_a)
        self.assertEqual(form_values.it_contract_id, self.contract)
