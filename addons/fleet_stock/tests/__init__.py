from . import (
    test_dashboard,
    test_expense,
    test_fleet,
    test_i18n,
    test_interventions,
    test_menus,
    test_portal_robustness,
    test_purchase,
    test_scan,
    test_security,
    test_stock_moves,
)
