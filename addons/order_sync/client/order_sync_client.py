"""Python client of the Odoo ``order_sync`` API: push the delivery app's orders into Odoo.

Standard library only (urllib + json), Python 3.8+: copy this file into the app's code base.
The contract it speaks is ``order_sync/static/api/openapi.json`` (served by Odoo at
``/order_sync/static/api/openapi.json``).

    from order_sync_client import OrderSyncClient, OrderSyncError

    client = OrderSyncClient("https://odoo.example.com", api_key=os.environ["ODOO_API_KEY"])
    client.ping()                      # checks URL and key: {"source": ..., "company": ...}

    # when an order is created in the app (store result["order_id"] as odooOrderId)
    result = client.push_order({
        "external_id": str(order["_id"]),        # the app's id: the idempotency key
        "reference": order["number"],            # optional, shown as customer reference
        "type": "livraison",                     # sur_place | emporter | livraison
        "status": "pending",                     # the app's status
        "status_at": "2026-01-15T12:34:56+01:00",  # when it got that status
        "customer": {"external_id": "66a0...", "name": "Marie Dupont", "phone": "..."},
        "lines": [{"product_id": "66a1...", "quantity": 2, "unit_price": 12.5,
                   "note": "sans oignons"}],
    })

    # when its status changes in the app
    client.update_status(str(order["_id"]), "ready", status_at=changed_at.isoformat())

    # read it back, and check a whole day
    client.get_order(str(order["_id"]))          # {"order_id", "name", "state", "amount_total"...}
    client.reconcile("2026-01-15", {"delivered": {"count": 12, "amount": 345.6}})

    # catching up after an outage: batches of up to 500 orders, one result per order
    for result in client.push_orders(orders):
        if not result["ok"]:
            log(result["external_id"], result["error"]["code"], result["error"]["message"])

Pushing the same order again is safe: the second push answers ``"outcome": "unchanged"`` and
Odoo keeps one sales order. That is why the client retries network errors and the errors the
server marks ``retryable`` (HTTP 5xx) on its own; every other error raises
:class:`OrderSyncError` at once (``code`` says why, see the contract), and retrying it unchanged
would fail the same way.
"""

import http.client
import json
import random
import time
import urllib.error
import urllib.request

__all__ = ["MAX_BATCH", "OrderSyncClient", "OrderSyncError"]
__version__ = "1.1.0"

MAX_BATCH = 500
#: The server refuses a larger request body (payload_too_large).
MAX_BODY_BYTES = 1024 * 1024


class OrderSyncError(Exception):
    """An error answered by the API (or a network failure once retries are exhausted).

    :ivar code: stable error code, e.g. ``"unknown_product"`` (``"network_error"`` and
        ``"bad_response"`` are the client's own)
    :ivar http_status: HTTP status of the answer (None for network errors)
    :ivar details: list of ``{"field", "code", "message"}`` for field errors
    :ivar retryable: whether the same request may succeed later
    :ivar event_id: id of the Odoo log entry (Order Sync > Sync Log) of the refused call
    """

    def __init__(self, code, message, http_status=None, details=None, retryable=False, data=None):
        super().__init__(f"{code}: {message}")
        self.code = code
        self.message = message
        self.http_status = http_status
        self.details = details or []
        self.retryable = retryable
        self.data = data or {}
        self.event_id = self.data.get("event_id")
        self.external_id = self.data.get("external_id")


class OrderSyncClient:
    """Client of ``/order_sync/v1/*``.

    :param base_url: the Odoo URL, e.g. ``https://odoo.example.com``
    :param api_key: API key of the source's integration user (Order Sync > Configuration >
        Sources > Generate API Key)
    :param timeout: seconds to wait for one answer
    :param retries: how many times a network error or a retryable error is retried
    :param backoff: first wait between retries, in seconds (doubled each time, with jitter)
    """

    def __init__(self, base_url, api_key, timeout=30.0, retries=3, backoff=0.5):
        self.base_url = base_url.rstrip("/")
        self.api_key = api_key
        self.timeout = timeout
        self.retries = retries
        self.backoff = backoff
        self._request_id = 0

    # -- the endpoints -----------------------------------------------------------------------

    def ping(self):
        """Check the URL and the key; return the source, company and user they map to."""
        return self.call("ping", {})

    def push_order(self, order):
        """Create the order in Odoo, or update its status if it exists. Return the order's
        result: ``{"ok": True, "outcome": "created"|"updated"|"unchanged", "order_id", "name",
        "status", "state", "locked", "amount_total", "currency", "event_id", "external_id"}``.
        Raise :class:`OrderSyncError` if Odoo refuses it."""
        return self.call("orders", order)

    def update_status(self, external_id, status, status_at=None, payment=None):
        """Set the app status of an order pushed before; same result as :meth:`push_order`.
        ``status_at`` (ISO 8601 with a time zone) is when the status changed in the app: Odoo
        ignores a change older than the last one applied (``"outcome": "stale"``), so a late
        retry never takes an order back. ``payment``: how the customer paid, e.g.
        ``{"method": "card", "amount": 23.5, "reference": "TX-42"}`` (methods: cash, card,
        meal_voucher, online; the amount at most the order's total), registered on the
        invoice when the source invoices its delivered orders."""
        params = {"external_id": external_id, "status": status}
        if status_at:
            params["status_at"] = status_at
        if payment:
            params["payment"] = payment
        return self.call("orders/status", params)

    def get_order(self, external_id):
        """Odoo's id, number, state and totals of an order pushed before."""
        return self.call("orders/get", {"external_id": external_id})

    def reconcile(self, day, statuses):
        """Compare the app's figures of one day with Odoo's. ``day``: ``"2026-01-15"``;
        ``statuses``: ``{"delivered": {"count": 12, "amount": 345.6, "external_ids": [...]}}``
        (external_ids optional). Return ``{"ok", "differences": [...]}``, each difference with
        both sides' count and amount and the external ids involved."""
        return self.call("orders/reconcile", {"date": day, "statuses": statuses})

    def push_orders(self, orders, batch_size=MAX_BATCH):
        """Push many orders, ``batch_size`` (at most 500) per request, fewer when they would
        make a body larger than the server takes. Return one result per order, in order: a
        refused order does not raise, its result has ``"ok": False`` and an ``"error"`` object;
        the others are written. Raise only if a whole request fails."""
        if not 1 <= batch_size <= MAX_BATCH:
            raise ValueError(f"batch_size must be between 1 and {MAX_BATCH}")
        results = []
        for chunk in self._batches(orders, batch_size):
            results.extend(self.call("orders/batch", {"orders": chunk})["results"])
        return results

    @staticmethod
    def _batches(orders, batch_size):
        # room for the JSON-RPC envelope around the orders
        limit = MAX_BODY_BYTES - 1024
        chunk, size = [], 0
        for order in orders:
            order_size = len(json.dumps(order).encode("utf-8")) + 2  # and ", "
            if chunk and (len(chunk) == batch_size or size + order_size > limit):
                yield chunk
                chunk, size = [], 0
            chunk.append(order)
            size += order_size
        if chunk:
            yield chunk

    # -- the protocol ------------------------------------------------------------------------

    def call(self, endpoint, params):
        """POST a JSON-RPC 2.0 request to ``/order_sync/v1/<endpoint>``; return its result."""
        self._request_id += 1
        body = json.dumps(
            {"jsonrpc": "2.0", "method": "call", "params": params, "id": self._request_id}
        ).encode("utf-8")
        attempt = 0
        while True:
            try:
                return self._call_once(endpoint, body)
            except OrderSyncError as error:
                if not error.retryable or attempt >= self.retries:
                    raise
            attempt += 1
            delay = self.backoff * (2 ** (attempt - 1))
            time.sleep(delay * random.uniform(0.5, 1.5))

    def _call_once(self, endpoint, body):
        request = urllib.request.Request(
            f"{self.base_url}/order_sync/v1/{endpoint}",
            data=body,
            method="POST",
            headers={
                "Content-Type": "application/json",
                "Accept": "application/json",
                "Authorization": f"Bearer {self.api_key}",
                "User-Agent": f"order-sync-client/{__version__}",
            },
        )
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                status, raw = response.status, response.read()
        except urllib.error.HTTPError as error:  # 4xx/5xx: the body still says why
            status, raw = error.code, error.read()
        except (OSError, http.client.HTTPException) as error:  # refused, reset, timeout...
            reason = getattr(error, "reason", error)
            raise OrderSyncError("network_error", str(reason), retryable=True) from error
        try:
            answer = json.loads(raw.decode("utf-8"))
        except ValueError:
            raise OrderSyncError(
                "bad_response",
                f"HTTP {status}, not a JSON answer: {raw[:200]!r}",
                http_status=status,
                retryable=status >= 500,
            ) from None
        if "error" in answer:
            error = answer["error"]
            data = error.get("data") or {}
            raise OrderSyncError(
                data.get("code", "unknown_error"),
                error.get("message", ""),
                http_status=status,
                details=data.get("details"),
                retryable=bool(data.get("retryable")),
                data=data,
            )
        return answer["result"]
