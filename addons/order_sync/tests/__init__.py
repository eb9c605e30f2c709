from . import (
    test_backend,
    test_bad_payloads,
    test_contract,
    test_event,
    test_hardening,
    test_http,
    test_menus,
    test_push,
    test_queries,
    test_security,
)
