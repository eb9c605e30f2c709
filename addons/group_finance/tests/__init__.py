from . import test_security
