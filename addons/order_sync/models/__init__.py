from . import (
    ir_http,
    order_sync_event,
    order_sync_source,
    order_sync_status_history,
    res_users_apikeys,
    sale_order,
)
