from . import order_sync_source
