import json
from pathlib import Path

from odoo.tests import HttpCase, new_test_user, tagged
from odoo.tools import mute_logger

from ..api.errors import ERRORS
from .common import OrderSyncCommon

CORPUS = Path(__file__).parent / "data" / "bad_payloads.json"


def load_corpus():
    return json.loads(CORPUS.read_text())["cases"]


@tagged("post_install", "-at_install")
class TestBadPayloads(OrderSyncCommon, HttpCase):
    """Every request of tests/data/bad_payloads.json is refused over HTTP with its documented
    error code and HTTP status, as a JSON-RPC error, and writes no order."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.key = cls.source._generate_api_key()
        not_integration = new_test_user(
            cls.env, "os_salesman", groups="sales_team.group_sale_salesman"
        )
        no_source = new_test_user(cls.env, "os_orphan", groups="order_sync.group_integration")
        Keys = cls.env["res.users.apikeys"]
        cls.keys = {
            "not_integration": Keys.with_user(not_integration).sudo()._generate(None, "k", None),
            "no_source": Keys.with_user(no_source).sudo()._generate(None, "k", None),
            "other_scope": Keys.with_user(cls.integration).sudo()._generate("rpc", "k", None),
        }
        # the order the "existing order" cases talk about, with the corpus' base content
        ready = {
            "external_id": "CORPUS-READY",
            "type": "livraison",
            "status": "ready",
            "lines": [{"product_id": "burger", "quantity": 1}],
        }
        (result,) = cls.source._sync_as_user("push", [ready])
        assert result["ok"], result
        cls.ready_order = cls.env["sale.order"].browse(result["order_id"])

    def _request(self, case, request_id):
        url = f"/order_sync/v1/{case.get('endpoint', 'orders')}"
        headers = {"Content-Type": case.get("content_type", "application/json")}
        auth = case.get("auth", "source")
        if auth == "source":
            headers["Authorization"] = f"Bearer {self.key}"
        elif auth == "key_without_scheme":
            headers["Authorization"] = self.key
        elif auth is not None:
            headers["Authorization"] = f"Bearer {self.keys[auth]}"
        headers.update(case.get("headers", {}))
        if not headers["Content-Type"]:
            del headers["Content-Type"]
        if "raw" in case:
            data = case["raw"].encode()
        elif "raw_hex" in case:
            data = bytes.fromhex(case["raw_hex"])
        elif "raw_repeat" in case:
            data = (case["raw_repeat"]["text"] * case["raw_repeat"]["count"]).encode()
        elif case.get("oversize"):
            padding = "x" * (1024 * 1024)
            data = json.dumps({"jsonrpc": "2.0", "params": {"note": padding}}).encode()
        elif "body" in case:
            data = json.dumps(case["body"]).encode()
        elif "params" in case:
            body = {"jsonrpc": "2.0", "method": "call", "params": case["params"], "id": request_id}
            data = json.dumps(body).encode()
        else:
            data = None
        if case.get("chunked"):
            data = iter([data])  # a generator body is sent chunked, without Content-Length
        url = self.base_url() + url
        return self.opener.request(
            case.get("method", "POST"), url, data=data, headers=headers, timeout=30
        )

    def test_corpus(self):
        cases = load_corpus()
        self.assertGreaterEqual(len(cases), 100)
        Order = self.env["sale.order"]
        orders_before = Order.search_count([])
        ready_state = (self.ready_order.state, self.ready_order.order_sync_status)
        for number, case in enumerate(cases):
            expect = case["expect"]
            with (
                self.subTest(case=case["name"]),
                mute_logger("odoo.addons.order_sync.controllers.main"),
            ):
                request_id = f"corpus-{number}"
                response = self._request(case, request_id)
                self.assertEqual(
                    response.headers["Content-Type"], "application/json; charset=utf-8"
                )
                body = response.json()
                self.assertEqual(body["jsonrpc"], "2.0")
                self.assertNotIn("result", body)
                data = body["error"]["data"]
                self.assertEqual(data["code"], expect["code"], body)
                status, rpc_code, retryable = ERRORS[expect["code"]]
                self.assertEqual(response.status_code, status)
                self.assertEqual(body["error"]["code"], rpc_code)
                self.assertEqual(data["retryable"], retryable)
                if "field" in expect:
                    self.assertEqual(data["details"][0]["field"], expect["field"], body)
                if "params" in case and expect["code"] not in (
                    "unauthorized",
                    "forbidden",
                    "unsupported_media_type",
                    "length_required",
                    "method_not_allowed",
                ):
                    self.assertEqual(body["id"], request_id)
                if expect["code"] in ("unauthorized", "forbidden", "method_not_allowed"):
                    self.assertNotIn("event_id", data, "nothing is logged for unknown callers")
                else:
                    event = self.env["order.sync.event"].browse(data["event_id"])
                    self.assertEqual((event.outcome, event.error_code), ("error", expect["code"]))
                self.assertEqual(Order.search_count([]), orders_before, "no order was written")
        self.env.invalidate_all()
        self.assertEqual((self.ready_order.state, self.ready_order.order_sync_status), ready_state)

    def test_corpus_names_are_unique_and_codes_documented(self):
        cases = load_corpus()
        self.assertEqual(len({case["name"] for case in cases}), len(cases))
        for case in cases:
            self.assertIn(case["expect"]["code"], ERRORS, case["name"])
