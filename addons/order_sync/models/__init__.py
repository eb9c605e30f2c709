from . import (
    ir_http,
    order_sync_event,
    order_sync_reconcile,
    order_sync_reconcile_day,
    order_sync_resolve,
    order_sync_run,
    order_sync_source,
    order_sync_status_history,
    order_sync_webhook,
    product,
    res_users_apikeys,
    sale_order,
)
