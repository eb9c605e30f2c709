# Copyright 2026 The suite's authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
{
    "name": "Service CRM",
    "summary": "CRM for service companies: enriched partners, quotes to service contracts",
    "version": "18.0.1.0.0",
    "category": "Services",
    "license": "LGPL-3",
    "author": "Suite PME",
    "depends": [
        "sale_management",
        "crm",
        "contract",
    ],
    "data": [
        "security/crm_services_security.xml",
        "security/ir.model.access.csv",
        "views/crm_service_type_views.xml",
        "views/menus.xml",
    ],
    "demo": [
        "demo/crm_service_type_demo.xml",
    ],
    "application": True,
}
