import hashlib
import hmac
import json
import threading
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, HTTPServer

from odoo import fields
from odoo.tests import TransactionCase, new_test_user, tagged

from .common import OrderSyncCommon


class Receiver(BaseHTTPRequestHandler):
    """The app's webhook endpoint: keeps what it receives, answers the planned statuses."""

    received = []
    statuses = []

    def do_POST(self):
        body = self.rfile.read(int(self.headers["Content-Length"]))
        self.received.append((dict(self.headers), body))
        status = self.statuses.pop(0) if self.statuses else 200
        self.send_response(status)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args):
        pass


@tagged("post_install", "-at_install")
class TestWebhooks(OrderSyncCommon, TransactionCase):
    """Changes that start in Odoo reach the app's webhook: signed, retried with back-off, logged."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.server = HTTPServer(("127.0.0.1", 0), Receiver)
        threading.Thread(target=cls.server.serve_forever, daemon=True).start()
        cls.addClassCleanup(cls.server.shutdown)
        cls.source.write(
            {
                "webhook_url": f"http://127.0.0.1:{cls.server.server_port}/hook",
                "webhook_secret": "s3cret",
            }
        )
        cls.seller = new_test_user(
            cls.env, "os_seller", groups="sales_team.group_sale_salesman_all_leads"
        )

    def setUp(self):
        super().setUp()
        Receiver.received.clear()
        Receiver.statuses.clear()

    def webhooks(self):
        return self.env["order.sync.webhook"].search([("source_id", "=", self.source.id)])

    def test_order_cancelled_in_odoo_reaches_the_app_signed(self):
        (result,) = self.push(self.order_payload("W1", status="accepted"))
        order = self.env["sale.order"].browse(result["order_id"])
        order.with_user(self.seller)._action_cancel()  # the office cancels it
        webhook = self.webhooks()
        self.assertEqual((webhook.event, webhook.external_id), ("order.cancelled", "W1"))
        self.env["order.sync.webhook"]._cron_send()
        self.assertEqual(webhook.state, "sent")
        ((headers, body),) = Receiver.received
        expected = "sha256=" + hmac.new(b"s3cret", body, hashlib.sha256).hexdigest()
        self.assertEqual(headers["X-Order-Sync-Signature"], expected)
        self.assertEqual(headers["X-Order-Sync-Event"], "order.cancelled")
        data = json.loads(body)
        self.assertEqual((data["event"], data["external_id"]), ("order.cancelled", "W1"))
        self.assertEqual(data["data"]["name"], order.name)

    def test_the_apps_own_cancellation_is_not_sent_back(self):
        self.push(self.order_payload("W2"))
        self.assertEqual(self.set_status("W2", "cancelled")["outcome"], "updated")
        self.assertFalse(self.webhooks())

    def test_retries_with_back_off_then_retry_by_hand(self):
        (result,) = self.push(self.order_payload("W3"))
        self.env["sale.order"].browse(result["order_id"])._action_cancel()
        webhook = self.webhooks()
        Receiver.statuses[:] = [500]
        self.env["order.sync.webhook"]._cron_send()
        self.assertEqual(
            (webhook.state, webhook.attempts, webhook.response_status), ("pending", 1, 500)
        )
        self.assertGreater(webhook.next_attempt_at, fields.Datetime.now())
        self.env["order.sync.webhook"]._cron_send()
        self.assertEqual(webhook.attempts, 1, "not before its time")
        webhook.next_attempt_at = fields.Datetime.now() - timedelta(seconds=1)
        self.env["order.sync.webhook"]._cron_send()
        self.assertEqual((webhook.state, webhook.attempts), ("sent", 2))
        self.assertEqual(len(Receiver.received), 2)
        # a notification that kept failing is sent again by a manager
        webhook.write({"state": "failed"})
        webhook.with_user(self.manager).action_retry()
        self.env["order.sync.webhook"]._cron_send()
        self.assertEqual(webhook.state, "sent")

    def test_product_archived_or_repriced(self):
        self.burger.product_tmpl_id.list_price = 13.9
        self.fries.active = False
        self.soda.name = "Soda 33 cl"  # nothing the app needs
        events = {(w.event, w.external_id) for w in self.webhooks()}
        self.assertEqual(
            events, {("product.price_changed", "burger"), ("product.archived", "fries")}
        )
        price = self.webhooks().filtered(lambda w: w.event == "product.price_changed")
        self.assertEqual(json.loads(price.body)["data"]["list_price"], 13.9)
