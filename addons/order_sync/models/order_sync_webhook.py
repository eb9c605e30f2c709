import hashlib
import hmac
import json
import logging
import urllib.error
import urllib.request
from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import AccessError

_logger = logging.getLogger(__name__)

#: Minutes to wait before each new attempt of a failed delivery; then it stays failed (Retry).
BACKOFF_MINUTES = (1, 5, 30, 120, 720)
TIMEOUT_SECONDS = 10


def signature(secret, body):
    """The ``X-Order-Sync-Signature`` header of ``body`` (bytes): ``sha256=`` and the HMAC-SHA256
    of the body with the source's webhook secret, in hexadecimal."""
    return "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


class OrderSyncWebhook(models.Model):
    """A change that started in Odoo, sent to the app's webhook URL (see openapi.json,
    ``x-webhooks``): queued in the transaction that made the change, sent by a job after the
    commit, signed, retried with back-off, logged here beside the inbound events."""

    _name = "order.sync.webhook"
    _description = "Order Sync Outgoing Notification"
    _order = "id desc"

    source_id = fields.Many2one(
        "order.sync.source", required=True, readonly=True, index=True, ondelete="cascade"
    )
    company_id = fields.Many2one(
        "res.company", required=True, readonly=True, index=True, default=lambda s: s.env.company
    )
    event = fields.Selection(
        [
            ("order.cancelled", "Order cancelled in Odoo"),
            ("product.archived", "Product archived"),
            ("product.price_changed", "Product price changed"),
        ],
        required=True,
        readonly=True,
    )
    external_id = fields.Char(string="App ID", readonly=True, index=True)
    body = fields.Text(readonly=True)
    state = fields.Selection(
        [("pending", "Pending"), ("sent", "Sent"), ("failed", "Failed")],
        default="pending",
        required=True,
        readonly=True,
        index=True,
    )
    attempts = fields.Integer(readonly=True)
    next_attempt_at = fields.Datetime(readonly=True, index=True, default=fields.Datetime.now)
    sent_at = fields.Datetime(readonly=True)
    response_status = fields.Integer(string="HTTP Status", readonly=True)
    last_error = fields.Text(readonly=True)

    @api.model
    def _enqueue(self, source, event, external_id, data):
        """Queue a notification of ``source`` and ask the sending job to run after the commit."""
        if not source.webhook_url:
            return self
        body = {
            "event": event,
            "source": source.code,
            "external_id": external_id,
            "data": data,
            "occurred_at": fields.Datetime.now().isoformat() + "Z",
        }
        webhook = self.sudo().create(
            {
                "source_id": source.id,
                "company_id": (source.company_id or self.env.company).id,
                "event": event,
                "external_id": external_id,
                "body": json.dumps(body, ensure_ascii=False, sort_keys=True),
            }
        )
        self.env.ref("order_sync.ir_cron_send_webhooks").sudo()._trigger()
        return webhook

    def _send(self):
        """POST each notification, signed; on failure plan the next attempt (back-off)."""
        now = fields.Datetime.now()
        for webhook in self:
            source = webhook.source_id
            body = webhook.body.encode()
            request = urllib.request.Request(
                source.webhook_url,
                data=body,
                method="POST",
                headers={
                    "Content-Type": "application/json",
                    "X-Order-Sync-Event": webhook.event,
                    "X-Order-Sync-Delivery": str(webhook.id),
                    "X-Order-Sync-Signature": signature(source.webhook_secret or "", body),
                },
            )
            status, error = None, False
            try:
                with urllib.request.urlopen(request, timeout=TIMEOUT_SECONDS) as response:
                    status = response.status
            except urllib.error.HTTPError as http_error:
                status, error = http_error.code, f"HTTP {http_error.code}"
            except (OSError, ValueError) as network_error:
                error = str(network_error)[:500]
            attempts = webhook.attempts + 1
            if status and 200 <= status < 300:
                values = {"state": "sent", "sent_at": now, "last_error": False}
            elif attempts > len(BACKOFF_MINUTES):
                values = {"state": "failed", "last_error": error}
            else:
                delay = timedelta(minutes=BACKOFF_MINUTES[attempts - 1])
                values = {"next_attempt_at": now + delay, "last_error": error}
                _logger.info("order_sync: webhook %s failed (%s), retry planned", webhook.id, error)
            webhook.write(dict(values, attempts=attempts, response_status=status or 0))

    @api.model
    def _cron_send(self, limit=200):
        due = self.search(
            [("state", "=", "pending"), ("next_attempt_at", "<=", fields.Datetime.now())],
            limit=limit,
            order="id",
        )
        due._send()
        return True

    def action_retry(self):
        """Send a failed notification again (after the app's endpoint was fixed)."""
        if not self.env.user.has_group("order_sync.group_manager"):
            raise AccessError(self.env._("Only Order Sync managers can send notifications again."))
        self.sudo().write(
            {"state": "pending", "attempts": 0, "next_attempt_at": fields.Datetime.now()}
        )
        self.env.ref("order_sync.ir_cron_send_webhooks").sudo()._trigger()
        return True
