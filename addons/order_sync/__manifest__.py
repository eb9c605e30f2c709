# Copyright 2026 The suite's authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
{
    "name": "Order Sync",
    "summary": "JSON-RPC endpoints for an external delivery app to push its orders",
    "version": "18.0.1.1.0",
    "category": "Sales/Sales",
    "license": "LGPL-3",
    "author": "Suite PME",
    "depends": [
        "sale_management",
    ],
    "data": [
        "security/order_sync_security.xml",
        "security/ir.model.access.csv",
        "data/order_sync_cron.xml",
        "data/order_sync_reconcile_mail.xml",
        "views/order_sync_source_views.xml",
        "views/order_sync_event_views.xml",
        "views/order_sync_webhook_views.xml",
        "views/order_sync_reconcile_day_views.xml",
        "views/sale_order_views.xml",
        "wizards/order_sync_unlock_wizard_views.xml",
        "views/menus.xml",
    ],
    "demo": [
        "demo/order_sync_source_demo.xml",
    ],
    "application": True,
}
