from . import test_i18n, test_partner, test_quote, test_security
