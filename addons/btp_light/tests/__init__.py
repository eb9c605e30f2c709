from . import (
    test_dashboard,
    test_i18n,
    test_invoicing,
    test_jde_export,
    test_queries,
    test_quote_site,
    test_security,
    test_tour_quote_site,
)
