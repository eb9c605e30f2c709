import json
from pathlib import Path

from odoo.tests import BaseCase, tagged

from ..api import payload
from ..api.errors import ERRORS
from ..controllers.main import API_PREFIX, OrderSyncController

DOC_PATH = Path(__file__).parents[1] / "static" / "api" / "openapi.json"


@tagged("post_install", "-at_install")
class TestContract(BaseCase):
    """static/api/openapi.json says what the code does: same paths, fields, enums, limits and error
    codes, and its examples pass the validation."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.doc = json.loads(DOC_PATH.read_text())
        cls.schemas = cls.doc["components"]["schemas"]

    def schema(self, name):
        return self.schemas[name]

    def resolve(self, node):
        while "$ref" in node:
            node = self.schemas[node["$ref"].rsplit("/", 1)[1]]
        return node

    def test_paths_are_the_routes(self):
        routes = OrderSyncController.order_sync_endpoint.original_routing["routes"]
        self.assertEqual(set(self.doc["paths"]), set(routes))
        self.assertTrue(all(route.startswith(API_PREFIX) for route in routes))
        for path, item in self.doc["paths"].items():
            self.assertEqual(list(item), ["post"], path)

    def test_error_codes(self):
        documented = {
            code: (row["http_status"], row["jsonrpc_code"], row["retryable"])
            for code, row in self.doc["x-error-codes"].items()
        }
        self.assertEqual(documented, ERRORS)
        enum = self.schema("ErrorObject")["properties"]["code"]["enum"]
        self.assertEqual(set(enum), set(ERRORS))
        for path, item in self.doc["paths"].items():
            for status in item["post"]["responses"]:
                if status != "200":
                    self.assertIn(int(status), {row[0] for row in ERRORS.values()}, path)

    def test_order_schema(self):
        order = self.schema("Order")
        self.assertEqual(list(order["properties"]), list(payload.ORDER_FIELDS))
        self.assertEqual(set(order["required"]), {"external_id", "type", "status", "lines"})
        self.assertFalse(order["additionalProperties"])
        self.assertEqual(order["properties"]["status"]["enum"], list(payload.STATUSES))
        self.assertEqual(order["properties"]["type"]["enum"], list(payload.ORDER_TYPES))
        external_id = order["properties"]["external_id"]
        self.assertEqual(external_id["pattern"], payload.EXTERNAL_ID_RE.pattern)
        self.assertEqual(order["properties"]["lines"]["maxItems"], payload.MAX_LINES)
        line = self.resolve(order["properties"]["lines"]["items"])
        self.assertEqual(list(line["properties"]), list(payload.LINE_FIELDS))
        self.assertEqual(set(line["required"]), {"product_id", "quantity"})
        self.assertEqual(line["properties"]["quantity"]["maximum"], payload.MAX_QUANTITY)
        self.assertEqual(line["properties"]["unit_price"]["maximum"], payload.MAX_PRICE)
        product_id = line["properties"]["product_id"]["oneOf"][0]
        self.assertEqual(product_id["pattern"], payload.APP_ID_RE.pattern)
        customer = self.resolve(order["properties"]["customer"])
        self.assertEqual(list(customer["properties"]), list(payload.CUSTOMER_FIELDS))
        self.assertEqual(set(customer["required"]), {"external_id", "name"})
        status = self.schema("StatusUpdate")
        self.assertEqual(list(status["properties"]), list(payload.STATUS_FIELDS))
        batch = self.schema("Batch")["properties"]["orders"]
        self.assertEqual(batch["maxItems"], payload.MAX_BATCH_ORDERS)

    def test_limits_and_mapping(self):
        self.assertEqual(self.doc["x-max-body-bytes"], payload.MAX_BODY_BYTES)
        self.assertEqual(self.doc["x-api-key-scope"], payload.API_KEY_SCOPE)
        mapping = {status: row["state"] for status, row in self.doc["x-status-mapping"].items()}
        self.assertEqual(mapping, payload.STATUS_TO_STATE)
        locked = [status for status, row in self.doc["x-status-mapping"].items() if row["locked"]]
        self.assertEqual(locked, ["delivered"])

    def test_examples_are_valid(self):
        paths = self.doc["paths"]
        order = paths["/order_sync/v1/orders"]["post"]["requestBody"]["content"]["application/json"]
        payload.parse_order(payload.parse_envelope(order["example"])[0])
        batch = paths["/order_sync/v1/orders/batch"]["post"]["requestBody"]["content"]
        for item in payload.parse_batch(batch["application/json"]["example"]["params"]):
            payload.parse_order(item)
        status = paths["/order_sync/v1/orders/status"]["post"]["requestBody"]["content"]
        payload.parse_status(status["application/json"]["example"]["params"])
        error = self.schema("JsonRpcError")["example"]["error"]
        self.assertEqual(error["code"], ERRORS[error["data"]["code"]][1])
        result = self.schema("OrderResult")["example"]
        self.assertEqual(set(result), set(self.schema("OrderResult")["required"]))
