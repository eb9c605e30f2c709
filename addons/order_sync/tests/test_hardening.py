"""What an outside security test found in order_sync (issue 8, items 11 to 18): each test failed
before its fix."""

import json
from unittest.mock import patch

from odoo.addons.sale.models.sale_order import SaleOrder as CoreSaleOrder
from odoo.exceptions import UserError
from odoo.tests import HttpCase, TransactionCase, new_test_user, tagged
from odoo.tools import mute_logger

from .common import NAMESPACE, OrderSyncCommon


@tagged("post_install", "-at_install")
class TestCustomerMatching(OrderSyncCommon, TransactionCase):
    """Item 11: an app customer is attached to an existing contact only when it is the same person
    (same name, and the e-mail or the phone), never to an internal user, a company of the group
    or a contact already bound to another app customer."""

    def partner_of(self, result):
        self.assertTrue(result["ok"], result)
        return self.env["sale.order"].browse(result["order_id"]).partner_id

    def test_never_an_internal_users_contact(self):
        staff = new_test_user(self.env, "os_staff", email="boss@example.com", name="Big Boss")
        for external_id, name in (("x1", "Totally Someone Else"), ("x2", "Big Boss")):
            with self.subTest(name=name):
                (result,) = self.push(
                    self.order_payload(
                        f"U-{external_id}",
                        customer={
                            "external_id": external_id,
                            "name": name,
                            "email": "boss@example.com",
                        },
                    )
                )
                partner = self.partner_of(result)
                self.assertNotEqual(partner, staff.partner_id)
                self.assertEqual(partner.name, name)

    def test_never_a_company_of_the_group(self):
        self.company.partner_id.write({"email": "contact@group.example.com"})
        (result,) = self.push(
            self.order_payload(
                "G1",
                customer={
                    "external_id": "g1",
                    "name": self.company.partner_id.name,
                    "email": "contact@group.example.com",
                },
            )
        )
        self.assertNotEqual(self.partner_of(result), self.company.partner_id)

    def test_a_shared_phone_does_not_put_bob_on_alice(self):
        alice, bob = self.push(
            self.order_payload(
                "S1", customer={"external_id": "alice", "name": "Alice", "phone": "0600000000"}
            ),
            self.order_payload(
                "S2", customer={"external_id": "bob", "name": "Bob", "phone": "06 00 00 00 00"}
            ),
        )
        self.assertNotEqual(self.partner_of(alice), self.partner_of(bob))
        self.assertEqual(self.partner_of(bob).name, "Bob")
        # later, in another request, the same placeholder phone and even the same name
        (again,) = self.push(
            self.order_payload(
                "S3", customer={"external_id": "alice-2", "name": "Alice", "phone": "0600000000"}
            )
        )
        self.assertNotEqual(
            self.partner_of(again), self.partner_of(alice), "bound to another app customer"
        )

    def test_same_person_is_matched_and_a_near_match_is_logged(self):
        jean = self.env["res.partner"].create(
            {"name": "Jean Martin", "email": "jean.martin@example.com"}
        )
        same, other = self.push(
            self.order_payload(
                "N1",
                customer={
                    "external_id": "n1",
                    "name": "  jean  MARTIN ",
                    "email": "Jean.Martin@example.com",
                },
            ),
            self.order_payload(
                "N2",
                customer={
                    "external_id": "n2",
                    "name": "Jeanne Autre",
                    "email": "jean.martin@example.com",
                },
            ),
        )
        self.assertEqual(self.partner_of(same), jean, "same name and e-mail: the same person")
        new = self.partner_of(other)
        self.assertNotEqual(new, jean)
        self.assertEqual(new.name, "Jeanne Autre")
        event = self.env["order.sync.event"].browse(other["event_id"])
        self.assertTrue(event.review_needed)
        self.assertIn("Jean Martin", event.review_note)
        self.assertFalse(self.env["order.sync.event"].browse(same["event_id"]).review_needed)


@tagged("post_install", "-at_install")
class TestNothingWrittenOnRefusal(OrderSyncCommon, TransactionCase):
    """Item 12: nothing of a refused order is written, not even its new customer."""

    def assertNoCustomer(self, external_id, name):
        self.assertFalse(
            self.env["ir.model.data"].search(
                [("module", "=", NAMESPACE), ("name", "=", f"customer_{external_id}")]
            )
        )
        self.assertFalse(self.env["res.partner"].search([("name", "=", name)]))

    def test_conflicting_repush_creates_no_contact(self):
        self.push(self.order_payload("C1"))
        customer = {"external_id": "newcomer", "name": "Newcomer", "email": "new@example.com"}
        (alone,) = self.push(self.order_payload("C1", customer=customer))
        self.assertEqual(alone["error"]["code"], "order_conflict")
        self.assertNoCustomer("newcomer", "Newcomer")
        customer_2 = {"external_id": "batch", "name": "In a batch"}
        conflict, good = self.push(
            self.order_payload("C1", customer=customer_2), self.order_payload("C2")
        )
        self.assertEqual(conflict["error"]["code"], "order_conflict")
        self.assertEqual(good["outcome"], "created")
        self.assertNoCustomer("batch", "In a batch")

    def test_order_odoo_refuses_leaves_no_contact(self):
        def refuse(orders):
            raise UserError(orders.env._("No confirmation today"))

        customer = {"external_id": "refused", "name": "Refused customer"}
        with patch.object(CoreSaleOrder, "action_confirm", refuse):
            results = self.push(
                self.order_payload("R1", status="ready", customer=customer),
                self.order_payload("R2", status="ready", customer=customer),
            )
        self.assertEqual([r["error"]["code"] for r in results], ["rejected", "rejected"])
        self.assertNoCustomer("refused", "Refused customer")
        # the same orders, later accepted, get one contact
        first, second = self.push(
            self.order_payload("R1", status="ready", customer=customer),
            self.order_payload("R2", status="ready", customer=customer),
        )
        orders = self.env["sale.order"].browse([first["order_id"], second["order_id"]])
        self.assertEqual(len(orders.partner_id), 1)
        self.assertEqual(self.env.ref(f"{NAMESPACE}.customer_refused"), orders.partner_id)


@tagged("post_install", "-at_install")
class TestAmounts(OrderSyncCommon, TransactionCase):
    """Item 13: no silent rounding of prices and quantities; item 18: a cancelled order counts
    for 0 in the reconciliation, as the documented example says."""

    def test_price_beyond_the_price_precision_is_refused(self):
        (result,) = self.push(
            self.order_payload(
                "P1", lines=[{"product_id": "burger", "quantity": 100, "unit_price": 0.125}]
            )
        )
        self.assertEqual(result["error"]["code"], "invalid_value")
        self.assertEqual(result["error"]["details"][0]["field"], "lines[0].unit_price")
        self.assertFalse(self.find_orders())

    def test_price_within_a_finer_precision_is_kept(self):
        self.env.ref("product.decimal_price").digits = 3
        (result,) = self.push(
            self.order_payload(
                "P2", lines=[{"product_id": "burger", "quantity": 100, "unit_price": 0.125}]
            )
        )
        self.assertTrue(result["ok"], result)
        line = self.env["sale.order"].browse(result["order_id"]).order_line
        self.assertEqual(line.price_unit, 0.125)
        self.assertAlmostEqual(line.price_subtotal, 12.5)

    def test_quantity_finer_than_the_unit_is_refused(self):
        for quantity in (0.001, 1.005):
            with self.subTest(quantity=quantity):
                (result,) = self.push(
                    self.order_payload(
                        f"Q-{quantity}", lines=[{"product_id": "burger", "quantity": quantity}]
                    )
                )
                self.assertEqual(result["error"]["code"], "invalid_value", result)
                self.assertEqual(result["error"]["details"][0]["field"], "lines[0].quantity")
        self.assertFalse(self.find_orders())
        (result,) = self.push(
            self.order_payload("Q-ok", lines=[{"product_id": "burger", "quantity": 1.25}])
        )
        self.assertEqual(
            self.env["sale.order"].browse(result["order_id"]).order_line.product_uom_qty, 1.25
        )

    def test_cancelled_order_reconciles_at_zero(self):
        day = "2026-01-15T10:00:00Z"
        self.push(self.order_payload("X1", date=day, status="cancelled"))
        result = self.source.with_user(self.integration)._reconcile(
            {
                "date": "2026-01-15",
                "statuses": {"cancelled": {"count": 1, "amount": 0, "external_ids": ["X1"]}},
            }
        )
        self.assertEqual((result["ok"], result["differences"]), (True, []))


@tagged("post_install", "-at_install")
class TestStatusesAndContent(OrderSyncCommon, TransactionCase):
    """Item 14: a change at the same time as the last one goes forward when it may; item 17:
    orders are compared by meaning, not by their raw text."""

    def test_equal_timestamps_go_forward(self):
        (result,) = self.push(
            self.order_payload("T1", status="on_the_way", status_at="2026-01-15T12:30:00Z")
        )
        delivered = self.set_status("T1", "delivered", status_at="2026-01-15T12:30:00Z")
        self.assertEqual(delivered["outcome"], "updated", delivered)
        order = self.env["sale.order"].browse(result["order_id"])
        self.assertEqual((order.order_sync_status, order.locked), ("delivered", True))
        # at the same time, a step back is still a stale message, not an error
        back = self.set_status("T1", "ready", status_at="2026-01-15T12:30:00Z")
        self.assertEqual((back["ok"], back["outcome"]), (True, "stale"))

    def test_harmless_differences_are_the_same_order(self):
        (first,) = self.push(self.order_payload("H1"))
        payload = self.order_payload("H1", status="accepted")
        payload["lines"].reverse()
        payload["lines"][0]["discount"] = 0
        (again,) = self.push(payload)
        self.assertEqual(again["outcome"], "updated", again)
        self.assertEqual(again["status"], "accepted")
        self.assertEqual(again["order_id"], first["order_id"])
        changed = self.order_payload("H1", status="preparing")
        changed["lines"][1]["discount"] = 5
        (conflict,) = self.push(changed)
        self.assertEqual(conflict["error"]["code"], "order_conflict")


@tagged("post_install", "-at_install")
class TestHttpRobustness(OrderSyncCommon, HttpCase):
    """Item 15: a lone surrogate is the order's own error (the good orders of a batch are
    created); item 16: unknown paths answer a JSON 404/405, not retryable, without a traceback."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.key = cls.source._generate_api_key()

    def call(self, path, body, method="POST", key=True):
        headers = {"Content-Type": "application/json"}
        if key:
            headers["Authorization"] = f"Bearer {self.key}"
        # json.dumps escapes the lone surrogate as \ud83c: valid JSON, as a client would send it
        data = body if isinstance(body, bytes) else json.dumps(body).encode()
        return self.opener.request(
            method, f"{self.base_url()}{path}", data=data, headers=headers, timeout=30
        )

    def envelope(self, params, **extra):
        return {"jsonrpc": "2.0", "method": "call", "params": params, "id": 1, **extra}

    def test_lone_surrogate_in_a_key(self):
        bad = dict(self.order_payload("L2"), **{"\ud83c": 1})
        with self.assertNoLogs("odoo", level="ERROR"):
            response = self.call(
                "/order_sync/v1/orders/batch",
                self.envelope({"orders": [self.order_payload("L1"), bad]}),
            )
            self.assertEqual(response.status_code, 200, response.text)
            results = response.json()["result"]["results"]
            self.assertEqual(results[0]["outcome"], "created")
            self.assertEqual(results[1]["error"]["code"], "unknown_field")
            single = self.call("/order_sync/v1/orders", self.envelope(bad))
            self.assertEqual(single.status_code, 422, single.text)
            self.assertEqual(single.json()["error"]["data"]["code"], "unknown_field")
            ping = self.call("/order_sync/v1/ping", self.envelope({}, **{"\ud83c": 1}))
            self.assertEqual(ping.json()["error"]["data"]["code"], "invalid_request")
            reconcile = self.call(
                "/order_sync/v1/orders/reconcile",
                self.envelope({"date": "2026-01-15", "statuses": {"\ud83c": {}}}),
            )
            self.assertEqual(reconcile.json()["error"]["data"]["code"], "invalid_status")
            odd_id = self.call("/order_sync/v1/ping", dict(self.envelope({}), id="\ud83c"))
            self.assertEqual(odd_id.status_code, 200, odd_id.text)
        self.assertEqual(len(self.find_orders()), 1)

    def test_unknown_paths(self):
        cases = [
            ("POST", "/order_sync/v1/orders/delete", True, 404),
            ("POST", "/order_sync/v1/", True, 404),
            ("POST", "/order_sync/v1", False, 404),
            ("GET", "/order_sync/v1/orders/delete", False, 404),
            ("GET", "/order_sync/v1/orders", False, 405),
            ("PUT", "/order_sync/v1/orders", True, 405),
        ]
        for method, path, key, status in cases:
            with self.subTest(method=method, path=path), self.assertNoLogs("odoo", "ERROR"):
                response = self.call(path, self.envelope({}), method=method, key=key)
                self.assertEqual(response.status_code, status, response.text)
                error = response.json()["error"]
                self.assertFalse(error["data"]["retryable"])
                self.assertEqual(error["data"]["http_status"], status)

    @mute_logger("odoo.addons.order_sync.models.order_sync_run")
    def test_unexpected_error_is_still_json(self):
        with patch.object(CoreSaleOrder, "create", side_effect=ZeroDivisionError):
            response = self.call("/order_sync/v1/orders", self.envelope(self.order_payload("Z")))
        self.assertEqual(response.json()["error"]["data"]["code"], "internal_error")
