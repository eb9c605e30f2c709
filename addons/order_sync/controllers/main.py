"""HTTP endpoints of order_sync: JSON-RPC 2.0 over HTTP POST, authenticated by an API key.

They are ``type="http"`` routes that implement the JSON-RPC envelope themselves. A ``type="json"``
route would let Odoo answer before our code runs, with plain-text or HTML 400 pages for a body
that is not JSON ("Invalid JSON data"), for a JSON array, for a wrong Content-Type, and with a
traceback for ``"params": [...]``; none of these would follow the contract. Here every answer is a
JSON-RPC response with a stable error code (see ``api.errors.ERRORS`` and static/api/openapi.json).
"""

import json
import logging
import re
import uuid

from odoo import http
from odoo.http import request

from ..api import payload
from ..api.errors import ERRORS, OrderSyncError
from ..api.payload import API_KEY_SCOPE

_logger = logging.getLogger(__name__)

API_PREFIX = "/order_sync/v1/"
BEARER_RE = re.compile(r"^Bearer\s+(\S+)\s*$", re.IGNORECASE)


def json_response(request_id, result=None, error=None, event_id=None, external_id=None):
    body = {"jsonrpc": "2.0", "id": request_id}
    headers = [("Content-Type", "application/json; charset=utf-8"), ("Cache-Control", "no-store")]
    status = 200
    if error is None:
        body["result"] = result
    else:
        status, rpc_code, retryable = ERRORS[error.code]
        data = {"code": error.code, "http_status": status, "retryable": retryable}
        if error.details:
            data["details"] = error.details
        if external_id is not None:
            data["external_id"] = external_id
        if event_id is not None:
            data["event_id"] = event_id
        body["error"] = {"code": rpc_code, "message": error.message, "data": data}
        if error.code == "unauthorized":
            headers.append(("WWW-Authenticate", 'Bearer realm="order_sync"'))
        elif error.code == "method_not_allowed":
            headers.append(("Allow", "POST"))
    # bytes: Odoo's make_json_response counts characters, not bytes, in Content-Length. A lone
    # surrogate the client sent (in the echoed "id") becomes the JSON escape it came as (\ud83c).
    data = json.dumps(body, ensure_ascii=False).encode("utf-8", "backslashreplace")
    return request.make_response(data, headers=headers, status=status)


class OrderSyncController(http.Controller):
    @http.route(
        [
            f"{API_PREFIX}orders",
            f"{API_PREFIX}orders/batch",
            f"{API_PREFIX}orders/status",
            f"{API_PREFIX}orders/get",
            f"{API_PREFIX}orders/reconcile",
            f"{API_PREFIX}ping",
        ],
        type="http",
        auth="none",
        csrf=False,
        save_session=False,
        readonly=False,
    )
    def order_sync_endpoint(self, **_query):
        endpoint = request.httprequest.path[len(API_PREFIX) :].rstrip("/")
        request_id = None
        source = None
        raw = b""
        try:
            if request.httprequest.method != "POST":
                raise OrderSyncError("method_not_allowed", "Use POST.")
            if not request.db:
                raise OrderSyncError(
                    "no_database", "No database selected: serve a single database (dbfilter)."
                )
            source = self._authenticate()
            raw = self._read_body()
            params, request_id = payload.parse_envelope(payload.loads(raw))
            if endpoint == "ping":
                return json_response(request_id, result=self._ping(source))
            if endpoint == "orders/batch":
                return self._batch(source, params, request_id)
            if endpoint == "orders/reconcile":
                return json_response(request_id, result=source._reconcile(params))
            operation = {"orders/status": "status", "orders/get": "read"}.get(endpoint, "push")
            result = source._sync(operation, [params])[0]
        except OrderSyncError as error:
            event_id = None
            if source is not None and error.code != "unauthorized":
                text = raw.decode("utf-8", "replace") if error.code != "payload_too_large" else ""
                event_id = request.env["order.sync.event"]._log_request_error(source, text, error)
            return json_response(request_id, error=error, event_id=event_id)
        if not result["ok"]:
            return json_response(
                request_id,
                error=OrderSyncError(**result["error"]),
                event_id=result["event_id"],
                external_id=result["external_id"],
            )
        return json_response(request_id, result=result)

    def _authenticate(self):
        """Find the source of the API key's user and run the rest as that user, in its company."""
        match = BEARER_RE.match(request.httprequest.headers.get("Authorization", ""))
        if not match:
            raise OrderSyncError("unauthorized", "Send the header Authorization: Bearer <API key>.")
        uid = request.env["res.users.apikeys"]._check_credentials(
            scope=API_KEY_SCOPE, key=match.group(1)
        )
        if not uid:
            _logger.warning("order_sync: invalid API key from %s", request.httprequest.remote_addr)
            raise OrderSyncError("unauthorized", "Invalid or expired API key.")
        user = request.env(user=uid).user
        if not user.has_group("order_sync.group_integration"):
            raise OrderSyncError(
                "forbidden", "This API key's user is not an Order Sync integration user."
            )
        request.update_env(
            user=uid,
            context=dict(
                request.env.context, allowed_company_ids=user.company_id.ids, lang=user.lang
            ),
        )
        source = request.env["order.sync.source"].search([("user_id", "=", uid)], limit=1)
        if not source:
            raise OrderSyncError(
                "forbidden", "No active source of this user's company uses this integration user."
            )
        return source

    def _read_body(self):
        httprequest = request.httprequest
        if httprequest.mimetype != "application/json":
            raise OrderSyncError(
                "unsupported_media_type", "Send the body with Content-Type: application/json."
            )
        length = httprequest.content_length
        if length is None:
            raise OrderSyncError(
                "length_required", "Send a Content-Length header (no chunked body)."
            )
        if length > payload.MAX_BODY_BYTES:
            raise OrderSyncError(
                "payload_too_large",
                f"The body has {length} bytes, more than the {payload.MAX_BODY_BYTES} allowed.",
            )
        # cached: Odoo replays the request on a serialization failure
        return httprequest.get_data(cache=True)

    def _ping(self, source):
        return {
            "source": source.code,
            "company": request.env.company.name,
            "user": request.env.user.login,
            "api_version": "1",
        }

    def _batch(self, source, params, request_id):
        orders = payload.parse_batch(params)
        results = source._sync("push", orders, request_ref=uuid.uuid4().hex)
        summary = dict.fromkeys(("created", "updated", "unchanged", "stale", "error"), 0)
        for result in results:
            summary[result["outcome"] if result["ok"] else "error"] += 1
        return json_response(request_id, result={"results": results, "summary": summary})
