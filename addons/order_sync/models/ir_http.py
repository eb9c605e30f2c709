import logging

import psycopg2
from werkzeug.exceptions import MethodNotAllowed, NotFound

from odoo import models
from odoo.http import request

from ..api.errors import OrderSyncError
from ..controllers.main import API_PREFIX, json_response

_logger = logging.getLogger(__name__)


class IrHttp(models.AbstractModel):
    _inherit = "ir.http"

    @classmethod
    def _handle_error(cls, exception):
        """Errors that escape the order_sync endpoints (an unknown path, an unexpected exception,
        or concurrency retries exhausted) still answer a JSON-RPC error, not Odoo's HTML error
        page. An unknown path is the client's mistake: a 404 that is not retryable, and one line
        in the log, not a traceback."""
        path = request.httprequest.path
        if path.startswith(API_PREFIX) or path == API_PREFIX.rstrip("/"):
            if isinstance(exception, NotFound):
                _logger.info("order_sync: no endpoint %s %s", request.httprequest.method, path)
                error = OrderSyncError(
                    "not_found", f"No endpoint {path}: see the paths of the OpenAPI document."
                )
            elif isinstance(exception, MethodNotAllowed):
                error = OrderSyncError("method_not_allowed", "Use POST.")
            elif isinstance(exception, psycopg2.OperationalError):
                error = OrderSyncError("busy", "The server is busy with concurrent updates, retry.")
            else:
                _logger.error("order_sync: unexpected error", exc_info=exception)
                error = OrderSyncError("internal_error", "Unexpected server error.")
            return json_response(None, error=error)
        return super()._handle_error(exception)
