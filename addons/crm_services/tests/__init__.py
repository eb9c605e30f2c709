from . import (
    test_contract,
    test_i18n,
    test_partner,
    test_portal_robustness,
    test_quote,
    test_reminder,
    test_report,
    test_security,
    test_timeline,
)
