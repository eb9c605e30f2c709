"""Project-wide pytest rules.

A skipped test is a defect here: Odoo skips browser tours when Chromium or websocket-client is
missing and HttpCase tests when no HTTP server runs, and the run would still say "0 failed".
Every skip is turned into a failure so that such a run cannot pass.
"""

import pytest


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    if report.skipped and not hasattr(report, "wasxfail"):
        reason = report.longrepr[-1] if isinstance(report.longrepr, tuple) else report.longrepr
        report.outcome = "failed"
        report.longrepr = f"skipped test counts as a failure in this project: {reason}"
