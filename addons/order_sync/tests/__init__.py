from . import (
    test_backend,
    test_bad_payloads,
    test_contract,
    test_event,
    test_hardening,
    test_http,
    test_invoicing,
    test_menus,
    test_push,
    test_queries,
    test_security,
    test_webhooks,
)
