# Copyright 2026 The suite's authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""The HTTP contract of order_sync, as pure Python: error codes, the JSON-RPC envelope and the
validation of order payloads. No ORM here, so that every rule can be read (and tested) in one
place; ``static/api/openapi.json`` documents the same rules and a test keeps both in step.
"""

import hashlib
import json
import math
import re
from datetime import UTC, date, datetime

from .errors import OrderSyncError, safe_text

# --- Vocabulary of the delivery app -------------------------------------------------------------

#: App statuses in their lifecycle order. ``cancelled`` is reachable from any non-final status.
STATUSES = (
    "pending",
    "accepted",
    "preparing",
    "ready",
    "assigned",
    "on_the_way",
    "delivered",
    "cancelled",
)
FINAL_STATUSES = frozenset({"delivered", "cancelled"})
STATUS_RANK = {status: rank for rank, status in enumerate(STATUSES)}

#: App status -> Odoo 18 sale.order state. The users' spec says ``delivered -> done``: Odoo 18 has
#: no ``done`` state any more, a delivered order is a confirmed order that is also ``locked``.
STATUS_TO_STATE = {
    "pending": "draft",
    "accepted": "sale",
    "preparing": "sale",
    "ready": "sale",
    "assigned": "sale",
    "on_the_way": "sale",
    "delivered": "sale",
    "cancelled": "cancel",
}
ORDER_TYPES = ("sur_place", "emporter", "livraison")
#: How the app's customer paid: each method is registered on the journal the source sets for it.
PAYMENT_METHODS = ("cash", "card", "meal_voucher", "online")

#: Scope of the API keys made by a source's "Generate API key" button: they open the order_sync
#: endpoints only, not /jsonrpc or /xmlrpc (those ask for scope "rpc"). Keys made in the user's
#: preferences have no scope and are accepted too.
API_KEY_SCOPE = "order_sync"

# --- Limits -------------------------------------------------------------------------------------

MAX_BODY_BYTES = 1024 * 1024
MAX_BATCH_ORDERS = 500
MAX_LINES = 200
MAX_QUANTITY = 10_000
MAX_PRICE = 10_000_000
EXTERNAL_ID_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.:-]{0,63}$")
#: App product and customer ids become ir.model.data names (``product_<id>``): no dots there.
APP_ID_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$")
EMAIL_RE = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")

# --- JSON ---------------------------------------------------------------------------------------


def _reject_constant(name):
    raise ValueError(f"{name} is not valid JSON")


def _unique_keys(pairs):
    obj = {}
    for key, value in pairs:
        if key in obj:
            raise ValueError(f"duplicate key {key!r}")
        obj[key] = value
    return obj


def loads(raw):
    """Decode a request body strictly: UTF-8, no NaN/Infinity, no duplicate keys."""
    try:
        text = raw.decode("utf-8") if isinstance(raw, bytes) else raw
        return json.loads(text, parse_constant=_reject_constant, object_pairs_hook=_unique_keys)
    except (UnicodeDecodeError, ValueError, RecursionError) as exc:
        raise OrderSyncError("invalid_json", f"The body is not valid JSON: {exc}") from None


def canonical(value):
    """Canonical JSON text of a decoded value (sorted keys, no spaces): what gets hashed."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def payload_hash(value):
    text = canonical(value)
    # A lone surrogate cannot be encoded: hash its escaped form, the payload is refused anyway.
    return hashlib.sha256(text.encode("utf-8", "backslashreplace")).hexdigest()


def parse_envelope(body):
    """Return ``(params, request_id)`` from a decoded JSON-RPC 2.0 request."""
    if not isinstance(body, dict):
        raise OrderSyncError("invalid_request", "The body must be a JSON-RPC 2.0 request object.")
    unknown = sorted(set(body) - {"jsonrpc", "method", "params", "id"})
    if unknown:
        raise OrderSyncError(
            "invalid_request", f"Unknown JSON-RPC member(s): {', '.join(unknown)}."
        )
    if body.get("jsonrpc") != "2.0":
        raise OrderSyncError("invalid_request", 'The member "jsonrpc" must be "2.0".')
    request_id = body.get("id")
    if request_id is not None and (
        isinstance(request_id, bool) or not isinstance(request_id, str | int)
    ):
        raise OrderSyncError(
            "invalid_request", 'The member "id" must be a string, an integer or null.'
        )
    if "method" in body and not isinstance(body["method"], str):
        raise OrderSyncError("invalid_request", 'The member "method" must be a string.')
    if not isinstance(body.get("params"), dict):
        raise OrderSyncError("invalid_request", 'The member "params" must be an object.')
    return body["params"], request_id


# --- Field validation ---------------------------------------------------------------------------


class _Checker:
    """Collects every problem of one payload instead of stopping at the first one."""

    def __init__(self):
        self.details = []

    def fail(self, field, code, message):
        self.details.append({"field": field, "code": code, "message": message})

    def raise_if_failed(self):
        if self.details:
            first = self.details[0]
            raise OrderSyncError(
                first["code"], f"{first['field']}: {first['message']}", self.details
            )

    def obj(self, value, field, allowed, required=()):
        if not isinstance(value, dict):
            self.fail(field or "params", "invalid_type", "must be an object")
            return None
        prefix = f"{field}." if field else ""
        for key in required:
            if value.get(key) is None:
                self.fail(prefix + key, "missing_field", "is required")
        for key in value:
            if key not in allowed:
                self.fail(prefix + key, "unknown_field", "is not a known field")
        return value

    def string(self, value, field, max_length, pattern=None, min_length=1):
        if value is None:
            return None
        if not isinstance(value, str):
            self.fail(field, "invalid_type", "must be a string")
            return None
        if "\x00" in value or any(0xD800 <= ord(char) <= 0xDFFF for char in value):
            self.fail(field, "invalid_value", "contains a NUL character or a lone surrogate")
            return None
        value = value.strip()
        if not min_length <= len(value) <= max_length:
            self.fail(
                field, "invalid_value", f"must be {min_length} to {max_length} characters long"
            )
            return None
        if pattern and not pattern.match(value):
            self.fail(field, "invalid_value", f"must match {pattern.pattern}")
            return None
        return value

    def app_id(self, value, field):
        """An app id: a string or a positive integer, used in an ir.model.data name."""
        if isinstance(value, int) and not isinstance(value, bool):
            if value < 1:
                self.fail(field, "invalid_value", "must be a positive integer or a string id")
                return None
            value = str(value)
        return self.string(value, field, 64, APP_ID_RE)

    def number(self, value, field, minimum, maximum, exclusive_minimum=False):
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int | float):
            self.fail(field, "invalid_type", "must be a number")
            return None
        if not math.isfinite(value):
            self.fail(field, "invalid_value", "must be a finite number")
            return None
        too_low = value <= minimum if exclusive_minimum else value < minimum
        if too_low or value > maximum:
            bound = f"> {minimum}" if exclusive_minimum else f">= {minimum}"
            self.fail(field, "invalid_value", f"must be {bound} and <= {maximum}")
            return None
        return float(value)

    def choice(self, value, field, choices, code):
        if value is None:
            return None
        if not isinstance(value, str):
            self.fail(field, "invalid_type", "must be a string")
            return None
        if value not in choices:
            self.fail(field, code, f"must be one of: {', '.join(choices)}")
            return None
        return value

    def timestamp(self, value, field):
        """ISO 8601 date-time with an offset -> naive UTC datetime (what Odoo stores)."""
        value = self.string(value, field, 40)
        if value is None:
            return None
        try:
            parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
        except ValueError:
            parsed = None
        if parsed is None or parsed.tzinfo is None:
            self.fail(field, "invalid_value", "must be an ISO 8601 date-time with a time zone")
            return None
        if not 2000 <= parsed.year <= 2100:
            self.fail(field, "invalid_value", "must be between the years 2000 and 2100")
            return None
        return parsed.astimezone(UTC).replace(tzinfo=None)


ORDER_FIELDS = (
    "external_id",
    "reference",
    "type",
    "status",
    "status_at",
    "date",
    "note",
    "customer",
    "courier",
    "lines",
    "payment",
)
COURIER_FIELDS = ("name", "phone")
CUSTOMER_FIELDS = ("external_id", "name", "phone", "email", "street", "zip", "city")
LINE_FIELDS = ("product_id", "quantity", "unit_price", "discount", "note")
STATUS_FIELDS = ("external_id", "status", "status_at", "payment")
PAYMENT_FIELDS = ("method", "amount", "reference")
LOOKUP_FIELDS = ("external_id",)


def parse_order(params):
    """Validate one order payload; return a clean dict or raise :class:`OrderSyncError`."""
    check = _Checker()
    params = check.obj(params, "", ORDER_FIELDS, ("external_id", "type", "status", "lines"))
    check.raise_if_failed()
    order = {
        "external_id": check.string(params.get("external_id"), "external_id", 64, EXTERNAL_ID_RE),
        "reference": check.string(params.get("reference"), "reference", 64),
        "type": check.choice(params.get("type"), "type", ORDER_TYPES, "invalid_order_type"),
        "status": check.choice(params.get("status"), "status", STATUSES, "invalid_status"),
        "status_at": check.timestamp(params.get("status_at"), "status_at"),
        "date": check.timestamp(params.get("date"), "date"),
        "note": check.string(params.get("note"), "note", 2000),
        "customer": None,
        "courier": None,
        "lines": [],
    }
    order["payment"] = parse_payment(check, params.get("payment"))
    courier = params.get("courier")
    if courier is not None and check.obj(courier, "courier", COURIER_FIELDS, ("name",)):
        name = check.string(courier.get("name"), "courier.name", 64)
        phone = check.string(courier.get("phone"), "courier.phone", 32)
        order["courier"] = f"{name} ({phone})" if phone else name
    customer = params.get("customer")
    if customer is not None and check.obj(
        customer, "customer", CUSTOMER_FIELDS, ("external_id", "name")
    ):
        order["customer"] = {
            "external_id": check.app_id(customer.get("external_id"), "customer.external_id"),
            "name": check.string(customer.get("name"), "customer.name", 128),
            "phone": check.string(customer.get("phone"), "customer.phone", 32),
            "email": check.string(customer.get("email"), "customer.email", 128, EMAIL_RE),
            "street": check.string(customer.get("street"), "customer.street", 128),
            "zip": check.string(customer.get("zip"), "customer.zip", 16),
            "city": check.string(customer.get("city"), "customer.city", 64),
        }
    lines = params.get("lines")
    if lines is not None:
        if not isinstance(lines, list):
            check.fail("lines", "invalid_type", "must be an array")
        elif not lines:
            check.fail("lines", "empty_lines", "must contain at least one line")
        elif len(lines) > MAX_LINES:
            check.fail("lines", "too_many_lines", f"must contain at most {MAX_LINES} lines")
        else:
            for index, line in enumerate(lines):
                field = f"lines[{index}]"
                if not check.obj(line, field, LINE_FIELDS, ("product_id", "quantity")):
                    continue
                order["lines"].append(
                    {
                        "product_id": check.app_id(line.get("product_id"), f"{field}.product_id"),
                        "quantity": check.number(
                            line.get("quantity"), f"{field}.quantity", 0, MAX_QUANTITY, True
                        ),
                        "unit_price": check.number(
                            line.get("unit_price"), f"{field}.unit_price", 0, MAX_PRICE
                        ),
                        "discount": check.number(line.get("discount"), f"{field}.discount", 0, 100),
                        "note": check.string(line.get("note"), f"{field}.note", 500),
                    }
                )
    check.raise_if_failed()
    order["content_hash"] = content_hash(order)
    order["legacy_content_hash"] = legacy_content_hash(order)
    return order


def content_hash(order):
    """Hash of what may not change once an order exists: type, customer and lines, compared by
    meaning, not by the raw text: the lines in any order, a discount of 0 the same as none. The
    status changes through its own rules; reference, date, note and customer details are
    informative and only taken at creation."""
    lines = [
        [
            line["product_id"],
            line["quantity"],
            line["unit_price"],
            line["discount"] or 0.0,
            line["note"],
        ]
        for line in order["lines"]
    ]
    content = {
        "type": order["type"],
        "customer": order["customer"] and order["customer"]["external_id"],
        "lines": sorted(lines, key=canonical),
    }
    return hashlib.sha256(canonical(content).encode()).hexdigest()


def legacy_content_hash(order):
    """The hash of version 18.0.1.0.0 (lines in the order sent, a discount of 0 differing from
    none), still stored on the orders pushed before: they are compared with it."""
    content = {
        "type": order["type"],
        "customer": order["customer"] and order["customer"]["external_id"],
        "lines": [
            [
                line["product_id"],
                line["quantity"],
                line["unit_price"],
                line["discount"],
                line["note"],
            ]
            for line in order["lines"]
        ],
    }
    return hashlib.sha256(canonical(content).encode()).hexdigest()


def parse_status(params):
    check = _Checker()
    params = check.obj(params, "", STATUS_FIELDS, ("external_id", "status"))
    check.raise_if_failed()
    update = {
        "external_id": check.string(params.get("external_id"), "external_id", 64, EXTERNAL_ID_RE),
        "status": check.choice(params.get("status"), "status", STATUSES, "invalid_status"),
        "status_at": check.timestamp(params.get("status_at"), "status_at"),
        "payment": parse_payment(check, params.get("payment")),
    }
    check.raise_if_failed()
    return update


def parse_payment(check, payment):
    """``{"method": "card", "amount": 23.5, "reference": "..."}``: how the customer paid (the
    amount, taxes included, at most the order's total: checked against the order)."""
    if payment is None or not check.obj(payment, "payment", PAYMENT_FIELDS, ("method", "amount")):
        return None
    return {
        "method": check.choice(
            payment.get("method"), "payment.method", PAYMENT_METHODS, "invalid_value"
        ),
        "amount": check.number(payment.get("amount"), "payment.amount", 0, MAX_PRICE, True),
        "reference": check.string(payment.get("reference"), "payment.reference", 64),
    }


def parse_lookup(params):
    check = _Checker()
    params = check.obj(params, "", LOOKUP_FIELDS, LOOKUP_FIELDS)
    check.raise_if_failed()
    external_id = check.string(params.get("external_id"), "external_id", 64, EXTERNAL_ID_RE)
    check.raise_if_failed()
    return {"external_id": external_id}


def parse_reconcile(params):
    """``{"date": "2026-01-15", "statuses": {"<status>": {"count": 3, "amount": 45.5,
    "external_ids": [...]}}}``: the app's figures of one day (external_ids optional)."""
    check = _Checker()
    params = check.obj(params, "", ("date", "statuses"), ("date", "statuses"))
    check.raise_if_failed()
    day = check.string(params.get("date"), "date", 10)
    try:
        day = day and date.fromisoformat(day)
    except ValueError:
        check.fail("date", "invalid_value", "must be a date YYYY-MM-DD")
    statuses = {}
    figures = params.get("statuses")
    if not isinstance(figures, dict):
        check.fail("statuses", "invalid_type", "must be an object keyed by status")
        figures = {}
    for status, row in figures.items():
        field = f"statuses.{status}"
        if status not in STATUS_RANK:
            check.fail(field, "invalid_status", f"must be one of: {', '.join(STATUSES)}")
            continue
        if not check.obj(row, field, ("count", "amount", "external_ids"), ("count", "amount")):
            continue
        count = row.get("count")
        if isinstance(count, bool) or not isinstance(count, int) or count < 0:
            check.fail(f"{field}.count", "invalid_value", "must be an integer >= 0")
        ids = row.get("external_ids")
        if ids is not None and (
            not isinstance(ids, list) or not all(isinstance(i, str) for i in ids)
        ):
            check.fail(f"{field}.external_ids", "invalid_type", "must be an array of strings")
            ids = None
        statuses[status] = {
            "count": count,
            "amount": check.number(row.get("amount"), f"{field}.amount", 0, 10**12),
            "external_ids": ids,
        }
    check.raise_if_failed()
    return {"date": day, "statuses": statuses}


def parse_batch(params):
    """Return the raw list of orders of a batch request (each one is validated on its own)."""
    check = _Checker()
    params = check.obj(params, "", ("orders",), ("orders",))
    check.raise_if_failed()
    orders = params["orders"]
    if not isinstance(orders, list):
        raise OrderSyncError("invalid_type", "orders: must be an array")
    if not orders:
        raise OrderSyncError("invalid_value", "orders: must contain at least one order")
    if len(orders) > MAX_BATCH_ORDERS:
        raise OrderSyncError(
            "batch_too_large", f"orders: at most {MAX_BATCH_ORDERS} orders per batch request"
        )
    return orders


def raw_external_id(raw):
    """The external id of a raw (maybe invalid) payload, for logs and batch results."""
    value = raw.get("external_id") if isinstance(raw, dict) else None
    return safe_text(value[:64]) if isinstance(value, str) else None


def check_transition(current, new, state):
    """Raise unless an order whose app status is ``current`` and Odoo state ``state`` may move
    to the app status ``new``. Statuses only move forward (a stale retry is refused rather than
    rewinding the order); ``cancelled`` is reachable from any status but ``delivered``."""
    if current in FINAL_STATUSES:
        raise OrderSyncError(
            "invalid_transition", f"The order is {current}: it cannot become {new}."
        )
    if state == "cancel" and new != "cancelled":
        raise OrderSyncError(
            "invalid_transition", f"The order was cancelled in Odoo: it cannot become {new}."
        )
    if new != "cancelled" and STATUS_RANK[new] < STATUS_RANK[current]:
        raise OrderSyncError(
            "invalid_transition",
            f"Statuses only move forward: {current} cannot go back to {new}.",
        )


def is_valid_transition(current, new, state):
    """Whether :func:`check_transition` accepts the move."""
    try:
        check_transition(current, new, state)
    except OrderSyncError:
        return False
    return True
