import importlib.util
import json
from pathlib import Path
from unittest.mock import Mock, patch

from odoo.tests import HttpCase, tagged
from odoo.tools import mute_logger

from ..models import res_users_apikeys
from .common import OrderSyncCommon

CLIENT_PATH = Path(__file__).parents[1] / "client" / "order_sync_client.py"


def load_client_module():
    spec = importlib.util.spec_from_file_location("order_sync_client", CLIENT_PATH)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@tagged("post_install", "-at_install")
class TestHttp(OrderSyncCommon, HttpCase):
    """The endpoints over HTTP, and the Python client the app developers copy."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.key = cls.source._generate_api_key()
        cls.client_module = load_client_module()

    def post(self, endpoint, params, key=None, request_id=1):
        body = {"jsonrpc": "2.0", "method": "call", "params": params, "id": request_id}
        return self.opener.post(
            f"{self.base_url()}/order_sync/v1/{endpoint}",
            data=json.dumps(body).encode(),
            headers={
                "Content-Type": "application/json",
                "Authorization": f"Bearer {key or self.key}",
            },
            timeout=30,
        )

    def client(self, **kwargs):
        return self.client_module.OrderSyncClient(self.base_url(), self.key, **kwargs)

    def test_push_over_http(self):
        response = self.post("orders", self.order_payload("H1", status="ready"), request_id="r-1")
        self.assertEqual(response.status_code, 200)
        body = response.json()
        self.assertEqual((body["jsonrpc"], body["id"]), ("2.0", "r-1"))
        result = body["result"]
        self.assertEqual(
            (result["ok"], result["outcome"], result["status"], result["state"]),
            (True, "created", "ready", "sale"),
        )
        order = self.env["sale.order"].browse(result["order_id"])
        self.assertEqual(order.order_sync_external_id, "H1")
        self.assertEqual(order.create_uid, self.integration)
        self.assertNotIn("Set-Cookie", response.headers, "API calls open no session")

    def test_refused_order_over_http(self):
        payload = self.order_payload("H1", lines=[{"product_id": "nope", "quantity": 1}])
        response = self.post("orders", payload)
        self.assertEqual(response.status_code, 422)
        error = response.json()["error"]
        self.assertEqual(error["data"]["code"], "unknown_product")
        self.assertEqual(error["data"]["external_id"], "H1")
        event = self.env["order.sync.event"].browse(error["data"]["event_id"])
        self.assertEqual((event.error_code, event.external_id), ("unknown_product", "H1"))
        self.assertEqual(json.loads(event.payload), payload)

    def test_batch_over_http(self):
        orders = [self.order_payload(f"H{i}") for i in range(3)]
        orders.append(self.order_payload("H-bad", status="done"))
        result = self.post("orders/batch", {"orders": orders}).json()["result"]
        self.assertEqual(
            result["summary"],
            {"created": 3, "updated": 0, "unchanged": 0, "stale": 0, "error": 1},
        )
        self.assertEqual([r["ok"] for r in result["results"]], [True, True, True, False])
        self.assertEqual(result["results"][3]["error"]["code"], "invalid_status")
        self.assertEqual(len(self.find_orders()), 3)

    def test_non_ascii_answer_is_whole(self):
        """Odoo's make_json_response counts characters in Content-Length: ours counts bytes."""
        response = self.post("orders", self.order_payload("H1", note="Bâtiment é, 3ème étage"))
        self.assertEqual(int(response.headers["Content-Length"]), len(response.content))
        order = self.env["sale.order"].browse(response.json()["result"]["order_id"])
        self.assertEqual(order.order_sync_note, "Bâtiment é, 3ème étage")

    def test_api_keys(self):
        """Keys from the user's preferences (no scope) work; the source's keys open the order
        sync endpoints only, not the generic /jsonrpc."""
        unscoped = (
            self.env["res.users.apikeys"]
            .with_user(self.integration)
            .sudo()
            ._generate(None, "k", None)
        )
        self.assertEqual(self.post("ping", {}, key=unscoped).status_code, 200)
        ping = self.post("ping", {}).json()["result"]
        self.assertEqual(
            (ping["source"], ping["user"], ping["company"]),
            ("test_app", "os_integration", self.company.name),
        )
        rpc = {
            "jsonrpc": "2.0",
            "method": "call",
            "params": {
                "service": "common",
                "method": "authenticate",
                "args": [self.env.cr.dbname, "os_integration", self.key, {}],
            },
        }
        with mute_logger("odoo.addons.base.models.res_users"):
            answer = self.opener.post(f"{self.base_url()}/jsonrpc", json=rpc, timeout=30).json()
        self.assertFalse(answer.get("result"), "an order_sync key is no RPC password")

    def test_api_key_check_is_remembered_not_its_validity(self):
        """PBKDF2 checks a key once per process; the key row is still read on every request."""
        self.assertEqual(self.post("ping", {}).status_code, 200)
        no_pbkdf2 = Mock()
        no_pbkdf2.verify.side_effect = AssertionError("PBKDF2 again")
        pbkdf2 = patch.object(res_users_apikeys, "KEY_CRYPT_CONTEXT", no_pbkdf2)
        with pbkdf2:
            self.assertEqual(self.post("ping", {}).status_code, 200)
        # another key with the same index (its first 8 characters) is not taken for this one
        other = self.key[:8] + ("0" if self.key[8] != "0" else "1") + self.key[9:]
        with mute_logger("odoo.addons.order_sync.controllers.main"):
            self.assertEqual(self.post("ping", {}, key=other).status_code, 401)
            self.env["res.users.apikeys"].sudo().search(
                [("user_id", "=", self.integration.id)]
            ).unlink()
            self.assertEqual(self.post("ping", {}).status_code, 401, "a revoked key is refused")

    def test_archived_source_or_user_is_refused(self):
        self.source.active = False
        self.assertEqual(self.post("ping", {}).json()["error"]["data"]["code"], "forbidden")
        self.source.active = True
        self.integration.active = False
        self.assertEqual(self.post("ping", {}).json()["error"]["data"]["code"], "unauthorized")

    def test_user_of_another_company_reaches_its_own_source(self):
        key_b = self.source_b._generate_api_key()
        result = self.post("orders", self.order_payload("B1"), key=key_b).json()["result"]
        order = self.env["sale.order"].browse(result["order_id"])
        self.assertEqual(
            (order.company_id, order.order_sync_source_id), (self.company_b, self.source_b)
        )

    def test_unexpected_failure_still_answers_json(self):
        Source = type(self.source)
        with (
            patch.object(Source, "_sync", side_effect=RuntimeError("boom")),
            mute_logger("odoo.addons.order_sync.models.ir_http", "odoo.http"),
        ):
            response = self.post("orders", self.order_payload("H1"))
        self.assertEqual(response.status_code, 500)
        self.assertEqual(response.json()["error"]["data"]["code"], "internal_error")
        self.assertNotIn("boom", response.text, "no internal detail leaks")

    def test_client(self):
        client = self.client()
        self.assertEqual(client.ping()["source"], "test_app")
        created = client.push_order(self.order_payload("C1"))
        self.assertEqual(created["outcome"], "created")
        self.assertEqual(client.push_order(self.order_payload("C1"))["outcome"], "unchanged")
        updated = client.update_status("C1", "delivered")
        self.assertEqual((updated["state"], updated["locked"]), ("sale", True))
        with self.assertRaises(self.client_module.OrderSyncError) as caught:
            client.update_status("C1", "pending")
        error = caught.exception
        self.assertEqual(
            (error.code, error.http_status, error.retryable), ("invalid_transition", 409, False)
        )
        self.assertTrue(error.event_id)
        with self.assertRaises(self.client_module.OrderSyncError) as caught:
            client.push_order(self.order_payload("C2", lines=[{"product_id": "x", "quantity": -1}]))
        self.assertEqual(caught.exception.details[0]["field"], "lines[0].quantity")
        bad_key = self.client_module.OrderSyncClient(self.base_url(), "nope", retries=0)
        with self.assertRaises(self.client_module.OrderSyncError) as caught:
            bad_key.ping()
        self.assertEqual(
            (caught.exception.code, caught.exception.http_status), ("unauthorized", 401)
        )

    def test_client_batches(self):
        orders = [self.order_payload(f"C{i}") for i in range(5)]
        orders[2]["status"] = "shipped"
        results = self.client().push_orders(orders, batch_size=2)
        self.assertEqual(len(results), 5)
        self.assertEqual([r["ok"] for r in results], [True, True, False, True, True])
        self.assertEqual(results[2]["external_id"], "C2")
        self.assertEqual(len(self.find_orders()), 4)
        with self.assertRaises(ValueError):
            self.client().push_orders(orders, batch_size=501)

    def test_client_keeps_each_batch_within_the_body_limit(self):
        orders = [self.order_payload(f"S{i}") for i in range(6)]
        one_order = len(json.dumps(orders[0]).encode())
        # room for two orders per request (and the envelope): three requests
        with patch.object(self.client_module, "MAX_BODY_BYTES", 1024 + 2 * one_order + 10):
            results = self.client().push_orders(orders)
        self.assertEqual([r["outcome"] for r in results], ["created"] * 6)
        events = self.env["order.sync.event"].browse([r["event_id"] for r in results])
        self.assertEqual(len(set(events.mapped("request_ref"))), 3)

    def test_client_retries_retryable_errors_only(self):
        client = self.client(retries=2, backoff=0)
        calls = []
        real = client._call_once

        def flaky(endpoint, body):
            calls.append(endpoint)
            if len(calls) < 3:
                raise self.client_module.OrderSyncError("network_error", "reset", retryable=True)
            return real(endpoint, body)

        with patch.object(client, "_call_once", flaky):
            self.assertEqual(client.push_order(self.order_payload("R1"))["outcome"], "created")
        self.assertEqual(len(calls), 3)
        calls.clear()
        with (
            patch.object(client, "_call_once", flaky),
            self.assertRaises(self.client_module.OrderSyncError),
        ):
            client.retries = 1
            client.push_order(self.order_payload("R2"))
        self.assertEqual(len(calls), 2)
        unreachable = self.client_module.OrderSyncClient("http://127.0.0.1:9", "k", retries=0)
        with self.assertRaises(self.client_module.OrderSyncError) as caught:
            unreachable.ping()
        self.assertEqual(
            (caught.exception.code, caught.exception.retryable), ("network_error", True)
        )

    def test_contract_is_served(self):
        response = self.url_open("/order_sync/static/api/openapi.json")
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.json()["info"]["title"], "Odoo Order Sync API")
