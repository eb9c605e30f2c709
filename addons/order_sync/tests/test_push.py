from datetime import datetime
from unittest.mock import patch

import psycopg2

from odoo.addons.sale.models.sale_order import SaleOrder as CoreSaleOrder
from odoo.exceptions import UserError
from odoo.tests import TransactionCase, tagged
from odoo.tools import mute_logger

from ..api.errors import OrderSyncError
from .common import OrderSyncCommon


@tagged("post_install", "-at_install")
class TestPush(OrderSyncCommon, TransactionCase):
    """Pushing orders: creation, idempotency, statuses, products and customers (service level)."""

    def assertError(self, result, code, field=None):
        self.assertFalse(result["ok"], result)
        self.assertEqual(result["error"]["code"], code, result)
        if field:
            self.assertEqual(result["error"]["details"][0]["field"], field, result)

    def test_create_order(self):
        payload = self.order_payload(
            "A1",
            reference="CMD-1",
            note="Code porte 1234",
            lines=[
                {"product_id": "burger", "quantity": 2, "unit_price": 11.0, "note": "sans oignons"},
                {"product_id": "fries", "quantity": 1, "discount": 10},
            ],
        )
        (result,) = self.push(payload)
        self.assertTrue(result["ok"], result)
        self.assertEqual(result["outcome"], "created")
        order = self.env["sale.order"].browse(result["order_id"])
        self.assertEqual(result["name"], order.name)
        self.assertEqual(order.order_sync_source_id, self.source)
        self.assertEqual(order.order_sync_external_id, "A1")
        self.assertEqual(order.order_sync_type, "livraison")
        self.assertEqual(order.order_sync_status, "pending")
        self.assertEqual(order.order_sync_note, "Code porte 1234")
        self.assertEqual(order.state, "draft")
        self.assertEqual(order.client_order_ref, "CMD-1")
        self.assertEqual(order.partner_id, self.counter)
        self.assertEqual(order.company_id, self.company)
        self.assertEqual(order.create_uid, self.integration)
        burger_line, fries_line = order.order_line
        self.assertEqual(burger_line.product_id, self.burger)
        self.assertEqual(burger_line.product_uom_qty, 2)
        self.assertEqual(burger_line.price_unit, 11.0, "the app's price wins")
        self.assertIn("sans oignons", burger_line.name)
        self.assertEqual(fries_line.price_unit, 3.5, "no app price: the pricelist's")
        self.assertEqual(fries_line.discount, 10)
        self.assertAlmostEqual(result["amount_total"], order.amount_total)
        self.assertEqual(order.order_sync_status_history_ids.mapped("status"), ["pending"])
        event = self.env["order.sync.event"].browse(result["event_id"])
        self.assertEqual(
            (event.outcome, event.order_id, event.user_id, event.external_id),
            ("created", order, self.integration, "A1"),
        )
        self.assertEqual(order.order_sync_status_history_ids.event_id, event)

    def test_same_push_twice_is_one_order(self):
        first, again = self.push(self.order_payload("A1"), self.order_payload("A1"))
        self.assertEqual(first["outcome"], "created")
        self.assertEqual(again["outcome"], "unchanged")
        self.assertEqual(again["order_id"], first["order_id"])
        (later,) = self.push(self.order_payload("A1"))
        self.assertEqual(later["outcome"], "unchanged")
        self.assertEqual(len(self.find_orders()), 1)
        self.assertEqual(len(self.find_orders().order_line), 2)

    def test_status_lifecycle(self):
        (result,) = self.push(self.order_payload("A1"))
        order = self.env["sale.order"].browse(result["order_id"])
        expected = [
            ("accepted", "sale", False),
            ("preparing", "sale", False),
            ("ready", "sale", False),
            ("assigned", "sale", False),
            ("on_the_way", "sale", False),
            ("delivered", "sale", True),
        ]
        for status, state, locked in expected:
            with self.subTest(status=status):
                result = self.set_status("A1", status)
                self.assertTrue(result["ok"], result)
                self.assertEqual(result["outcome"], "updated")
                self.assertEqual(
                    (order.order_sync_status, order.state, order.locked), (status, state, locked)
                )
        self.assertEqual(
            order.order_sync_status_history_ids.sorted("id").mapped("previous_status"),
            [False, "pending", "accepted", "preparing", "ready", "assigned", "on_the_way"],
        )
        self.assertEqual(self.set_status("A1", "delivered")["outcome"], "unchanged")

    def test_late_status_change_is_acknowledged_and_ignored(self):
        (result,) = self.push(self.order_payload("A1", status_at="2026-01-15T12:00:00Z"))
        order = self.env["sale.order"].browse(result["order_id"])
        ready = self.set_status("A1", "ready", status_at="2026-01-15T12:20:00+01:00")  # 11:20 UTC
        self.assertEqual(ready["outcome"], "stale", "older than the creation's status time")
        self.assertEqual((order.order_sync_status, order.state), ("pending", "draft"))
        self.assertEqual(
            self.set_status("A1", "ready", status_at="2026-01-15T12:20:00Z")["outcome"], "updated"
        )
        late = self.set_status("A1", "accepted", status_at="2026-01-15T12:10:00Z")
        self.assertTrue(late["ok"], "a late retry is acknowledged, not an error")
        self.assertEqual(
            (late["outcome"], late["status"], late["state"]), ("stale", "ready", "sale")
        )
        # a newer change that goes backwards is refused, with a clear error
        self.assertError(
            self.set_status("A1", "accepted", status_at="2026-01-15T12:30:00Z"),
            "invalid_transition",
        )
        history = order.order_sync_status_history_ids.sorted("id")
        self.assertEqual(history.mapped("status"), ["pending", "ready"])
        self.assertEqual(str(history[1].status_at), "2026-01-15 12:20:00")
        event = self.env["order.sync.event"].browse(late["event_id"])
        self.assertEqual(event.outcome, "stale")

    def test_read_back(self):
        (created,) = self.push(self.order_payload("A1", status="ready"))
        (read,) = self.source._sync_as_user("read", [{"external_id": "A1"}])
        self.assertEqual(
            (read["order_id"], read["name"], read["state"], read["amount_total"]),
            (created["order_id"], created["name"], "sale", created["amount_total"]),
        )
        self.assertEqual(read["amount_untaxed"] + read["amount_tax"], read["amount_total"])
        (unknown,) = self.source._sync_as_user("read", [{"external_id": "nope"}])
        self.assertError(unknown, "order_not_found")

    def test_courier(self):
        (result,) = self.push(self.order_payload("A1", courier={"name": "Karim", "phone": "0601"}))
        order = self.env["sale.order"].browse(result["order_id"])
        self.assertEqual(order.order_sync_courier, "Karim (0601)")

    def test_reconcile(self):
        day = "2026-01-15T10:00:00Z"
        pending, ready, _other_day = self.push(
            self.order_payload("R1", date=day),
            self.order_payload("R2", date=day, status="ready"),
            self.order_payload("R3", date="2026-01-16T10:00:00Z"),
        )
        source = self.source.with_user(self.integration)
        agreed = source._reconcile(
            {
                "date": "2026-01-15",
                "statuses": {
                    "pending": {"count": 1, "amount": pending["amount_total"]},
                    "ready": {"count": 1, "amount": ready["amount_total"], "external_ids": ["R2"]},
                },
            }
        )
        self.assertEqual((agreed["ok"], agreed["differences"]), (True, []))
        disagreed = source._reconcile(
            {
                "date": "2026-01-15",
                "statuses": {
                    "pending": {"count": 2, "amount": pending["amount_total"] + 10},
                    "ready": {"count": 1, "amount": ready["amount_total"], "external_ids": ["R9"]},
                },
            }
        )
        self.assertFalse(disagreed["ok"])
        by_status = {d["status"]: d for d in disagreed["differences"]}
        self.assertEqual(set(by_status), {"pending", "ready"})
        self.assertEqual(by_status["pending"]["odoo"]["count"], 1)
        self.assertEqual(by_status["pending"]["odoo_external_ids"], ["R1"])
        self.assertEqual(
            (by_status["ready"]["missing_in_odoo"], by_status["ready"]["unknown_to_app"]),
            (["R9"], ["R2"]),
        )
        with self.assertRaises(OrderSyncError) as caught:
            source._reconcile(
                {"date": "15/01/2026", "statuses": {"done": {"count": 1, "amount": 1}}}
            )
        self.assertEqual(caught.exception.code, "invalid_value")
        self.assertEqual([d["field"] for d in caught.exception.details], ["date", "statuses.done"])

    def test_status_through_push(self):
        self.push(self.order_payload("A1"))
        (result,) = self.push(self.order_payload("A1", status="ready"))
        self.assertEqual(result["outcome"], "updated")
        self.assertEqual((result["status"], result["state"]), ("ready", "sale"))

    def test_new_order_in_a_late_status(self):
        delivered, cancelled = self.push(
            self.order_payload("D1", status="delivered"),
            self.order_payload("C1", status="cancelled"),
        )
        self.assertEqual((delivered["state"], delivered["locked"]), ("sale", True))
        self.assertEqual(cancelled["state"], "cancel")

    def test_cancel_a_confirmed_order(self):
        self.push(self.order_payload("A1", status="ready"))
        result = self.set_status("A1", "cancelled")
        self.assertEqual((result["state"], result["status"]), ("cancel", "cancelled"))

    def test_refused_transitions_change_nothing(self):
        self.push(
            self.order_payload("A1", status="ready"), self.order_payload("B1", status="delivered")
        )
        order = self.find_orders().filtered(lambda o: o.order_sync_external_id == "A1")
        self.assertError(self.set_status("A1", "accepted"), "invalid_transition")
        self.assertEqual((order.order_sync_status, order.state), ("ready", "sale"))
        self.assertError(self.set_status("B1", "cancelled"), "invalid_transition")
        self.set_status("A1", "cancelled")
        self.assertError(self.set_status("A1", "delivered"), "invalid_transition")
        self.assertEqual(len(order.order_sync_status_history_ids), 2)

    def test_order_cancelled_in_odoo_stays_cancelled(self):
        (result,) = self.push(self.order_payload("A1"))
        order = self.env["sale.order"].browse(result["order_id"])
        order._action_cancel()
        self.assertError(self.set_status("A1", "ready"), "invalid_transition")
        self.assertEqual(self.set_status("A1", "cancelled")["outcome"], "updated")

    def test_order_confirmed_in_odoo_is_not_sent_back(self):
        (result,) = self.push(self.order_payload("A1"))
        order = self.env["sale.order"].browse(result["order_id"])
        order.action_confirm()
        result = self.set_status("A1", "accepted")
        self.assertEqual((result["status"], result["state"]), ("accepted", "sale"))

    def test_content_conflict(self):
        self.push(self.order_payload("A1"))
        other_lines = self.order_payload("A1", lines=[{"product_id": "soda", "quantity": 1}])
        (result,) = self.push(other_lines)
        self.assertError(result, "order_conflict")
        self.assertEqual(self.find_orders().order_line.product_id, self.burger | self.fries)
        (result,) = self.push(self.order_payload("A1", type="emporter"))
        self.assertError(result, "order_conflict")
        # reference, note and date are informative: a new value is no conflict
        (result,) = self.push(self.order_payload("A1", reference="X", note="n"))
        self.assertEqual(result["outcome"], "unchanged")

    def test_status_of_unknown_order(self):
        self.assertError(self.set_status("nope", "ready"), "order_not_found")
        # orders of another source are not this source's
        self.push(self.order_payload("B1"), source=self.source_b)
        self.assertError(self.set_status("B1", "ready"), "order_not_found")

    def test_products(self):
        cases = {
            "42": None,
            "menu": None,
            "pizza": "ambiguous_product",
            "archived": "product_unavailable",
            "flour": "product_unavailable",
            "nope": "unknown_product",
        }
        for app_id, code in cases.items():
            with self.subTest(app_id=app_id):
                (result,) = self.push(
                    self.order_payload(f"P-{app_id}", lines=[{"product_id": app_id, "quantity": 1}])
                )
                if code:
                    self.assertError(result, code, "lines[0].product_id")
                else:
                    self.assertTrue(result["ok"], result)
        menu_order = self.find_orders().filtered(lambda o: o.order_sync_external_id == "P-menu")
        self.assertEqual(menu_order.order_line.product_id, self.menu_template.product_variant_id)
        # an integer app id is the same id as its string
        (result,) = self.push(
            self.order_payload("P-int", lines=[{"product_id": 42, "quantity": 1}])
        )
        self.assertTrue(result["ok"], result)

    def test_every_bad_line_is_reported(self):
        (result,) = self.push(
            self.order_payload(
                "A1",
                lines=[
                    {"product_id": "nope", "quantity": 1},
                    {"product_id": "burger", "quantity": 1},
                    {"product_id": "archived", "quantity": 1},
                ],
            )
        )
        self.assertError(result, "unknown_product")
        self.assertEqual(
            [(d["field"], d["code"]) for d in result["error"]["details"]],
            [
                ("lines[0].product_id", "unknown_product"),
                ("lines[2].product_id", "product_unavailable"),
            ],
        )
        self.assertFalse(self.find_orders())

    def test_customer_created_once(self):
        customer = {
            "external_id": "c7",
            "name": "Marie Dupont",
            "phone": "+33 6 12 34 56 78",
            "email": "marie@example.com",
            "street": "12 rue des Lilas",
            "zip": "69003",
            "city": "Lyon",
        }
        first, second = self.push(
            self.order_payload("A1", customer=customer),
            self.order_payload("A2", customer=dict(customer, name="Marie D.")),
        )
        order_1, order_2 = self.env["sale.order"].browse([first["order_id"], second["order_id"]])
        partner = order_1.partner_id
        self.assertEqual(partner, order_2.partner_id)
        self.assertEqual(
            (partner.name, partner.city, partner.email, partner.company_id),
            ("Marie Dupont", "Lyon", "marie@example.com", self.company),
        )
        self.assertEqual(self.env.ref(f"{self.source.xmlid_module}.customer_c7"), partner)
        (third,) = self.push(self.order_payload("A3", customer=customer))
        self.assertEqual(self.env["sale.order"].browse(third["order_id"]).partner_id, partner)
        partner.active = False
        (fourth,) = self.push(self.order_payload("A4", customer=customer))
        self.assertError(fourth, "customer_unavailable", "customer.external_id")

    def test_known_contact_is_matched_by_email_then_phone(self):
        by_email = self.env["res.partner"].create({"name": "Jean", "email": "Jean@Example.com"})
        by_phone = self.env["res.partner"].create({"name": "Paul", "phone": "+33 6 11 22 33 44"})
        first, second, third = self.push(
            self.order_payload(
                "M1", customer={"external_id": "c1", "name": "jean", "email": "jean@example.com"}
            ),
            self.order_payload(
                "M2", customer={"external_id": "c2", "name": "Paul", "phone": "+33611223344"}
            ),
            self.order_payload(
                "M3", customer={"external_id": "c3", "name": "New", "phone": "0700000000"}
            ),
        )
        orders = self.env["sale.order"].browse([r["order_id"] for r in (first, second, third)])
        self.assertEqual(orders[0].partner_id, by_email)
        self.assertEqual(orders[1].partner_id, by_phone)
        self.assertNotIn(orders[2].partner_id, by_email | by_phone)
        self.assertEqual(orders[2].partner_id.name, "New")
        self.assertEqual(self.env.ref("test_app.customer_c1"), by_email, "linked, not duplicated")

    def test_no_contact_for_a_refused_order(self):
        customer = {"external_id": "c9", "name": "Nobody"}
        (result,) = self.push(
            self.order_payload(
                "A1", customer=customer, lines=[{"product_id": "nope", "quantity": 1}]
            )
        )
        self.assertError(result, "unknown_product")
        self.assertFalse(self.env["res.partner"].search([("name", "=", "Nobody")]))

    def test_order_date_is_kept(self):
        (result,) = self.push(
            self.order_payload("A1", status="ready", date="2026-01-15T12:30:00+01:00")
        )
        order = self.env["sale.order"].browse(result["order_id"])
        self.assertEqual(order.date_order, datetime(2026, 1, 15, 11, 30))

    def test_batch_isolates_bad_orders(self):
        results = self.push(
            self.order_payload("A1"),
            {"external_id": "A2", "type": "livraison"},
            self.order_payload("A3", lines=[{"product_id": "nope", "quantity": 1}]),
            self.order_payload("A4", status="ready"),
        )
        self.assertEqual([r["ok"] for r in results], [True, False, False, True])
        self.assertError(results[1], "missing_field", "status")
        self.assertEqual(results[2]["external_id"], "A3")
        self.assertEqual(set(self.find_orders().mapped("order_sync_external_id")), {"A1", "A4"})
        events = self.env["order.sync.event"].browse([r["event_id"] for r in results])
        self.assertEqual(events.mapped("outcome"), ["created", "error", "error", "created"])
        self.assertEqual(len(set(events.mapped("request_ref"))), 1)

    def test_batch_creates_its_new_orders_together(self):
        """The valid new orders of a batch are made by one sale.order.create, in the status each
        one has in the app; the bad one is refused alone."""
        SaleOrder = type(self.env["sale.order"])
        calls = []
        original = SaleOrder.create

        def create(records, vals_list):
            calls.append(len(vals_list))
            return original(records, vals_list)

        statuses = ["pending", "accepted", "ready", "delivered", "cancelled"]
        payloads = [self.order_payload(f"G{i}", status=s) for i, s in enumerate(statuses)]
        payloads.insert(2, self.order_payload("BAD", lines=[{"product_id": "nope", "quantity": 1}]))
        with patch.object(SaleOrder, "create", create):
            results = self.push(*payloads)
        self.assertEqual(calls, [5], "one create for the five valid new orders")
        self.assertEqual([r["ok"] for r in results], [True, True, False, True, True, True])
        self.assertError(results[2], "unknown_product")
        orders = self.env["sale.order"].browse([r["order_id"] for r in results if r["ok"]])
        self.assertEqual(orders.mapped("order_sync_status"), statuses)
        self.assertEqual(orders.mapped("state"), ["draft", "sale", "sale", "sale", "cancel"])
        self.assertEqual(orders.mapped("locked"), [False, False, False, True, False])
        self.assertEqual(
            [r["state"] for r in results if r["ok"]], ["draft", "sale", "sale", "sale", "cancel"]
        )
        for order, status in zip(orders, statuses, strict=True):
            self.assertEqual(order.order_sync_status_history_ids.mapped("status"), [status])
        self.assertNotIn("BAD", self.find_orders().mapped("order_sync_external_id"))
        # machine-made orders: no chatter message, no follower (the app tells its customers)
        self.assertFalse(orders.message_ids)
        self.assertFalse(orders.message_follower_ids)

    def test_confirmed_app_order_has_no_follower(self):
        """Odoo subscribes the customer when it confirms an order: not the app's customers, who
        would then get by email whatever is posted on the order."""
        (result,) = self.push(self.order_payload("F1"))
        self.set_status("F1", "ready")
        order = self.env["sale.order"].browse(result["order_id"])
        self.assertEqual(order.state, "sale")
        self.assertFalse(order.message_follower_ids)
        # other orders are confirmed the usual way
        other = order.copy({"order_sync_source_id": False, "order_sync_external_id": False})
        other.action_confirm()
        self.assertIn(other.partner_id, other.message_partner_ids)

    def test_same_new_order_twice_in_a_batch(self):
        first, other, again, moved = self.push(
            self.order_payload("D1"),
            self.order_payload("D2"),
            self.order_payload("D1"),
            self.order_payload("D1", status="ready", status_at="2026-01-15T11:00:00Z"),
        )
        self.assertEqual(other["outcome"], "created")
        self.assertEqual(
            [first["outcome"], again["outcome"], moved["outcome"]],
            ["created", "unchanged", "updated"],
        )
        self.assertEqual(
            {first["order_id"], again["order_id"], moved["order_id"]}, {first["order_id"]}
        )
        order = self.env["sale.order"].browse(first["order_id"])
        self.assertEqual(len(self.find_orders()), 2)
        self.assertEqual((order.state, order.order_sync_status), ("sale", "ready"))
        history = order.order_sync_status_history_ids.sorted("id")
        self.assertEqual(history.mapped("status"), ["pending", "ready"])
        self.assertEqual(history.mapped("state"), ["draft", "sale"], "each row as its item left it")

    def test_odoo_refusal_is_rejected_and_rolled_back(self):
        def refuse(orders):
            raise UserError(orders.env._("No confirmation today"))

        with patch.object(CoreSaleOrder, "action_confirm", refuse):
            ok, refused = self.push(
                self.order_payload("A1"), self.order_payload("A2", status="ready")
            )
        self.assertTrue(ok["ok"])
        self.assertError(refused, "rejected")
        self.assertIn("No confirmation today", refused["error"]["message"])
        self.assertEqual(self.find_orders().mapped("order_sync_external_id"), ["A1"])

    def test_unexpected_error_is_contained(self):
        def crash(orders):
            raise ZeroDivisionError

        with (
            patch.object(CoreSaleOrder, "action_confirm", crash),
            mute_logger("odoo.addons.order_sync.models.order_sync_source"),
        ):
            crashed, ok = self.push(
                self.order_payload("A1", status="ready"), self.order_payload("A2")
            )
        self.assertError(crashed, "internal_error")
        self.assertTrue(ok["ok"])
        self.assertEqual(self.find_orders().mapped("order_sync_external_id"), ["A2"])
        event = self.env["order.sync.event"].browse(crashed["event_id"])
        self.assertTrue(event.can_replay)

    def test_database_refuses_a_second_order_with_the_same_key(self):
        (result,) = self.push(self.order_payload("A1"))
        order = self.env["sale.order"].browse(result["order_id"])
        with mute_logger("odoo.sql_db"), self.assertRaises(psycopg2.errors.UniqueViolation):
            with self.env.cr.savepoint():
                order.copy({"order_sync_source_id": self.source.id, "order_sync_external_id": "A1"})

    def test_concurrent_creation_asks_odoo_to_retry(self):
        """When another transaction committed the same order after our snapshot, the unique index
        refuses ours and we cannot see theirs: the request must be retried from scratch, which
        Odoo does on a serialization failure (SQLSTATE 40001)."""
        (result,) = self.push(self.order_payload("A1"))
        Source = type(self.source)
        # what a transaction whose snapshot predates the other one's commit sees: no order
        invisible = patch.object(Source, "_find_orders", lambda self, ids: {})
        not_found = patch.object(Source, "_order_exists", lambda self, external_id: False)
        with invisible, not_found, mute_logger("odoo.sql_db"):
            with self.assertRaises(psycopg2.errors.SerializationFailure) as caught:
                with self.env.cr.savepoint():
                    self.push(self.order_payload("A1"))
        self.assertEqual(caught.exception.pgcode, "40001")
        self.assertEqual(self.find_orders().ids, [result["order_id"]])

    def test_concurrent_creation_in_a_batch_asks_odoo_to_retry(self):
        """The grouped create of a batch fails on the unique index: the orders are then created
        one by one, which tells the order made by the concurrent request, and the request is
        retried rather than answered with an error."""
        (result,) = self.push(self.order_payload("A1"))
        Source = type(self.source)
        invisible = patch.object(Source, "_find_orders", lambda self, ids: {})
        not_found = patch.object(Source, "_order_exists", lambda self, external_id: False)
        with invisible, not_found, mute_logger("odoo.sql_db"):
            with self.assertRaises(psycopg2.errors.SerializationFailure):
                with self.env.cr.savepoint():
                    self.push(self.order_payload("A0"), self.order_payload("A1"))
        self.assertEqual(self.find_orders().ids, [result["order_id"]], "A0 was rolled back too")

    def test_order_out_of_reach_is_a_conflict_not_a_retry(self):
        (result,) = self.push(self.order_payload("A1"))
        self.source.company_id = False
        self.integration.write(
            {"company_ids": [(4, self.company_b.id)], "company_id": self.company_b.id}
        )
        with mute_logger("odoo.sql_db"):  # the unique index refuses the INSERT
            (again,) = self.push(self.order_payload("A1"))
        self.assertError(again, "order_conflict")
        self.assertEqual(self.find_orders().ids, [result["order_id"]])

    def test_other_company(self):
        (result,) = self.push(self.order_payload("B1"), source=self.source_b)
        order = self.env["sale.order"].browse(result["order_id"])
        self.assertEqual(order.company_id, self.company_b)
        self.assertEqual(order.create_uid, self.integration_b)
        event = self.env["order.sync.event"].browse(result["event_id"])
        self.assertEqual(event.company_id, self.company_b)
        (result,) = self.push(
            self.order_payload("B2", lines=[{"product_id": "a_only", "quantity": 1}]),
            source=self.source_b,
        )
        self.assertError(result, "product_unavailable")
        (result,) = self.push(
            self.order_payload("A2", lines=[{"product_id": "a_only", "quantity": 1}])
        )
        self.assertTrue(result["ok"], result)
        # the same external id in another source is another order
        (result,) = self.push(self.order_payload("B1"))
        self.assertEqual(result["outcome"], "created")
