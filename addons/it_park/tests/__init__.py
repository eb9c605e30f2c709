from . import (
    test_alerts,
    test_asset,
    test_consumables,
    test_expiring,
    test_import,
    test_license,
    test_multicompany,
    test_report,
    test_security,
)
