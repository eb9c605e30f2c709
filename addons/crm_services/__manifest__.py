# Copyright 2026 The suite's authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
{
    "name": "Service CRM",
    "summary": "CRM for service companies: enriched partners, quotes to service contracts",
    "version": "18.0.1.1.0",
    "category": "Services",
    "license": "LGPL-3",
    "author": "Suite PME",
    "depends": [
        "sale_management",
        "crm",
        "contract",
        "l10n_fr_siret",
    ],
    "data": [
        "security/crm_services_security.xml",
        "security/ir.model.access.csv",
        "data/crm_services_cron.xml",
        "data/mail_activity_type_data.xml",
        "wizards/crm_quote_refuse_wizard_views.xml",
        "views/crm_service_type_views.xml",
        "views/res_partner_views.xml",
        "views/sale_order_views.xml",
        "views/res_config_settings_views.xml",
        "views/menus.xml",
    ],
    "demo": [
        "demo/crm_service_type_demo.xml",
        "demo/res_company_demo.xml",
        "demo/res_partner_demo.xml",
        "demo/sale_order_demo.xml",
    ],
    "application": True,
}
