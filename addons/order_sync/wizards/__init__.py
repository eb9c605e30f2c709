from . import order_sync_unlock_wizard
