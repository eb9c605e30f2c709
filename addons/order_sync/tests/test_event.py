from datetime import timedelta

from odoo import fields
from odoo.exceptions import AccessError, UserError
from odoo.tests import TransactionCase, tagged

from .common import OrderSyncCommon


@tagged("post_install", "-at_install")
class TestEvent(OrderSyncCommon, TransactionCase):
    """The log of API calls: what it keeps, and the Replay button."""

    def test_event_keeps_the_call(self):
        payload = self.order_payload("E1", lines=[{"product_id": "later", "quantity": 1}])
        (result,) = self.push(payload)
        event = self.env["order.sync.event"].browse(result["event_id"])
        self.assertEqual(
            (event.operation, event.outcome, event.error_code, event.external_id),
            ("push", "error", "unknown_product", "E1"),
        )
        self.assertEqual(
            (event.source_id, event.user_id, event.company_id),
            (self.source, self.integration, self.company),
        )
        self.assertEqual(len(event.payload_hash), 64)
        self.assertIn("test_app.product_later", event.error_message)
        self.assertTrue(event.can_replay)
        (again,) = self.push(payload)
        self.assertEqual(
            self.env["order.sync.event"].browse(again["event_id"]).payload_hash, event.payload_hash
        )

    def test_replay_after_the_fix(self):
        (result,) = self.push(
            self.order_payload("E1", lines=[{"product_id": "later", "quantity": 1}])
        )
        event = self.env["order.sync.event"].browse(result["event_id"])
        self.map_product("later", self.soda)  # the cause, fixed in Odoo
        action = event.with_user(self.manager).action_replay()
        self.assertEqual(action["params"]["type"], "success")
        replay = event.replay_ids
        self.assertEqual(len(replay), 1)
        self.assertEqual(
            (replay.outcome, replay.user_id, replay.replayed_by_id, replay.payload_hash),
            ("created", self.integration, self.manager, event.payload_hash),
        )
        self.assertEqual(replay.order_id.order_line.product_id, self.soda)
        self.assertEqual(replay.order_id.create_uid, self.integration, "created as the API user")
        self.assertFalse(replay.can_replay)

    def test_replay_that_fails_again(self):
        (result,) = self.push(
            self.order_payload("E1", lines=[{"product_id": "later", "quantity": 1}])
        )
        event = self.env["order.sync.event"].browse(result["event_id"])
        action = event.with_user(self.manager).action_replay()
        self.assertEqual(action["params"]["type"], "danger")
        self.assertEqual(event.replay_ids.error_code, "unknown_product")
        self.assertFalse(self.find_orders())

    def test_replay_of_a_status_update(self):
        result = self.set_status("E1", "ready")  # before the order itself
        event = self.env["order.sync.event"].browse(result["event_id"])
        self.assertEqual((event.operation, event.error_code), ("status", "order_not_found"))
        self.assertTrue(event.can_replay)
        self.push(self.order_payload("E1"))
        event.with_user(self.manager).action_replay()
        self.assertEqual(event.replay_ids.outcome, "updated")
        self.assertEqual(self.find_orders().order_sync_status, "ready")
        # a status the contract does not know would be refused again: no Replay
        invalid = self.set_status("E1", "delivred")
        self.assertFalse(self.env["order.sync.event"].browse(invalid["event_id"]).can_replay)

    def test_replay_rights(self):
        (result,) = self.push(
            self.order_payload("E1", lines=[{"product_id": "later", "quantity": 1}])
        )
        event = self.env["order.sync.event"].browse(result["event_id"])
        user = self.env["res.users"].create(
            {
                "name": "Viewer",
                "login": "os_viewer",
                "groups_id": [(6, 0, [self.env.ref("order_sync.group_user").id])],
            }
        )
        with self.assertRaises(AccessError):
            event.with_user(user).action_replay()
        (ok,) = self.push(self.order_payload("E2"))
        with self.assertRaises(UserError):
            self.env["order.sync.event"].browse(ok["event_id"]).with_user(
                self.manager
            ).action_replay()
        self.source.active = False
        with self.assertRaises(UserError):
            event.with_user(self.manager).action_replay()

    def test_old_successes_are_forgotten(self):
        (ok,) = self.push(self.order_payload("E1"))
        (error,) = self.push(self.order_payload("E2", status="nope"))
        events = self.env["order.sync.event"].browse([ok["event_id"], error["event_id"]])
        old = fields.Datetime.now() - timedelta(days=91)
        self.env.cr.execute(
            "UPDATE order_sync_event SET create_date = %s WHERE id IN %s", [old, tuple(events.ids)]
        )
        self.env["order.sync.event"]._gc_old_events()
        self.assertEqual(events.exists().mapped("outcome"), ["error"])
