# Copyright 2026 The suite's authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
{
    "name": "Group Finance",
    "summary": "Group finance for a French holding: bank, VAT, FEC, treasury",
    "version": "18.0.1.0.0",
    "category": "Services",
    "license": "LGPL-3",
    "author": "Suite PME",
    "depends": [
        "account",
        "l10n_fr_account",
        "hr_expense",
        "contract",
    ],
    "data": [
        "security/group_finance_security.xml",
        "security/ir.model.access.csv",
        "views/group_finance_charge_type_views.xml",
        "views/menus.xml",
    ],
    "demo": [
        "demo/group_finance_charge_type_demo.xml",
    ],
    "application": True,
}
