# Copyright 2026 The suite's authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
{
    "name": "IT Park",
    "summary": "GLPI-like IT park management for managed-service providers",
    "version": "18.0.1.0.0",
    "category": "Services",
    "license": "LGPL-3",
    "author": "Suite PME",
    "depends": [
        "maintenance",
        "stock",
        "account",
        "portal",
        "hr",
        "helpdesk_mgmt",
        "contract",
    ],
    "data": [
        "security/it_park_security.xml",
        "security/ir.model.access.csv",
        "views/it_asset_category_views.xml",
        "views/menus.xml",
    ],
    "demo": [
        "demo/it_asset_category_demo.xml",
        "demo/res_partner_demo.xml",
        "demo/res_users_demo.xml",
    ],
    "installable": True,
    "application": True,
}
