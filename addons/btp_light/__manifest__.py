# Copyright 2026 The suite's authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
{
    "name": "Construction",
    "summary": "Light construction ERP: quotes, job sites, invoicing, JD Edwards export",
    "version": "18.0.1.1.0",
    "category": "Services",
    "license": "LGPL-3",
    "author": "Suite PME",
    "depends": [
        "sale_management",
        "project",
        "account",
        "l10n_fr_account",
        "project_timeline",
        "web_timeline",
    ],
    "data": [
        "security/btp_light_security.xml",
        "security/ir.model.access.csv",
        "data/btp_light_data.xml",
        "report/report_invoice.xml",
        "views/btp_trade_views.xml",
        "views/res_company_views.xml",
        "views/res_partner_views.xml",
        "views/sale_order_views.xml",
        "views/project_project_views.xml",
        "views/account_move_views.xml",
        "views/btp_jde_export_views.xml",
        "views/btp_dashboard_views.xml",
        "views/menus.xml",
    ],
    "demo": [
        "demo/btp_trade_demo.xml",
        "demo/res_company_demo.xml",
        "demo/res_partner_demo.xml",
        "demo/btp_story_demo.xml",
    ],
    "assets": {
        "web.assets_tests": [
            "btp_light/static/src/tours/*.js",
        ],
    },
    "application": True,
}
