# Copyright 2026 The suite's authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
{
    "name": "Construction",
    "summary": "Light construction ERP: quotes, job sites, invoicing, JD Edwards export",
    "version": "18.0.1.0.0",
    "category": "Services",
    "license": "LGPL-3",
    "author": "Suite PME",
    "depends": [
        "sale_management",
        "project",
        "account",
    ],
    "data": [
        "security/btp_light_security.xml",
        "security/ir.model.access.csv",
        "views/btp_trade_views.xml",
        "views/menus.xml",
    ],
    "demo": [
        "demo/btp_trade_demo.xml",
    ],
    "application": True,
}
