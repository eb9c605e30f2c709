# Copyright 2026 The suite's authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
{
    "name": "Fleet & Stock",
    "summary": "Workshop stock per depot and truck, vehicle fleet with regulatory checks",
    "version": "18.0.1.0.0",
    "category": "Services",
    "license": "LGPL-3",
    "author": "Suite PME",
    "depends": [
        "fleet",
        "stock",
        "purchase",
        "maintenance",
        "hr_expense",
    ],
    "data": [
        "security/fleet_stock_security.xml",
        "security/ir.model.access.csv",
        "views/fleet_check_type_views.xml",
        "views/menus.xml",
    ],
    "demo": [
        "demo/fleet_check_type_demo.xml",
    ],
    "application": True,
}
