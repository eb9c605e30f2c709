# Copyright 2026 The suite's authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""The error catalogue of the order_sync HTTP contract: each stable code with its HTTP status,
JSON-RPC code and whether the client may retry; ``static/api/openapi.json`` lists the same codes
(a test keeps both in step)."""


def safe_text(text):
    """``text`` made storable in PostgreSQL and encodable in UTF-8: NUL characters and lone
    surrogates escaped (``\\u0000``, ``\\ud83c``)."""
    text = text.replace("\x00", "\\u0000")
    return text.encode("utf-8", "backslashreplace").decode("utf-8")


# --- Error codes --------------------------------------------------------------------------------

#: code -> (HTTP status, JSON-RPC error code, whether the client may retry the same request)
ERRORS = {
    # request level: nothing was processed
    "invalid_json": (400, -32700, False),
    "invalid_request": (400, -32600, False),
    "not_found": (404, -32601, False),
    "method_not_allowed": (405, -32600, False),
    "length_required": (411, -32600, False),
    "payload_too_large": (413, -32600, False),
    "unsupported_media_type": (415, -32600, False),
    "batch_too_large": (413, -32600, False),
    "unauthorized": (401, -32001, False),
    "forbidden": (403, -32003, False),
    "no_database": (503, -32603, True),
    # order level: this order was rejected, nothing of it was written
    "missing_field": (422, -32602, False),
    "unknown_field": (422, -32602, False),
    "invalid_type": (422, -32602, False),
    "invalid_value": (422, -32602, False),
    "invalid_status": (422, -32602, False),
    "invalid_order_type": (422, -32602, False),
    "empty_lines": (422, -32602, False),
    "too_many_lines": (422, -32602, False),
    "unknown_product": (422, -32602, False),
    "ambiguous_product": (422, -32602, False),
    "product_unavailable": (422, -32602, False),
    "customer_unavailable": (422, -32602, False),
    "order_not_found": (404, -32004, False),
    "order_conflict": (409, -32009, False),
    "invalid_transition": (409, -32009, False),
    "rejected": (422, -32010, False),
    "internal_error": (500, -32603, True),
    "busy": (503, -32005, True),
}


class OrderSyncError(Exception):
    """An error of the contract: ``code`` is one of :data:`ERRORS`, ``details`` a list of
    ``{"field": "lines[0].quantity", "code": ..., "message": ...}`` dicts."""

    def __init__(self, code, message, details=None):
        assert code in ERRORS, code
        # Messages may quote what the client sent (a field name...): keep them encodable in
        # UTF-8, the answer's encoding and PostgreSQL's, even with a lone surrogate in it.
        message = safe_text(message)
        super().__init__(message)
        self.code = code
        self.message = message
        self.details = [
            {
                key: safe_text(value) if isinstance(value, str) else value
                for key, value in row.items()
            }
            for row in details or ()
        ]

    @property
    def http_status(self):
        return ERRORS[self.code][0]

    def to_dict(self):
        return {"code": self.code, "message": self.message, "details": self.details}
