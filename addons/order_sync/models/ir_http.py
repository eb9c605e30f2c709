import logging

import psycopg2

from odoo import models
from odoo.http import request

from ..api.errors import OrderSyncError
from ..controllers.main import API_PREFIX, json_response

_logger = logging.getLogger(__name__)


class IrHttp(models.AbstractModel):
    _inherit = "ir.http"

    @classmethod
    def _handle_error(cls, exception):
        """Errors that escape the order_sync endpoints (an unexpected exception, or concurrency
        retries exhausted) still answer a JSON-RPC error, not Odoo's HTML error page."""
        if request.httprequest.path.startswith(API_PREFIX):
            if isinstance(exception, psycopg2.OperationalError):
                error = OrderSyncError("busy", "The server is busy with concurrent updates, retry.")
            else:
                _logger.error("order_sync: unexpected error", exc_info=exception)
                error = OrderSyncError("internal_error", "Unexpected server error.")
            return json_response(None, error=error)
        return super()._handle_error(exception)
