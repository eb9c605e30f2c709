"""Project-wide pytest rules.

1. A skipped test is a defect here: Odoo skips browser tours when Chromium or websocket-client is
   missing and HttpCase tests when no HTTP server runs, and the run would still say "0 failed".
   Every skip is turned into a failure so that such a run cannot pass.

2. The OCA peer suites (``peer_addons.txt``, read by ``scripts/peers.py``): the tests of a peer
   addon are run as ``odoo-bin --test-tags /<addon>`` would select them, not as unittest would.
   pytest collects every TestCase class of every ``test_*.py`` file with its inherited methods;
   Odoo's loader takes only the test modules that the addon's ``tests`` package imports, only
   the classes defined in each module (not imported ones), only the methods each class defines,
   and only the tests tagged ``standard`` and ``at_install`` or ``post_install``. Items outside
   that selection are deselected; when an addon's whole ``tests`` folder is collected, every test
   of Odoo's selection must be among the items. ``exclude`` lines of ``peer_addons.txt``
   deselect a test with its reason; ``xfail`` lines mark it as a strict expected failure (the
   run fails when it starts passing). The summary line counts our tests and the peers' apart.
"""

import importlib.util
import json
import os
from collections import Counter
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent
_spec = importlib.util.spec_from_file_location("suite_peers", ROOT / "scripts" / "peers.py")
_peers_lib = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(_peers_lib)
PEERS = _peers_lib.read()

_excluded = {}  # node id -> reason (peer tests deselected by peer_addons.txt)
_not_odoo = []  # peer items that Odoo's runner would not run


def _import_with_dependencies(addon, done):
    """Import ``odoo.addons.<addon>`` after its dependencies, in the order Odoo's loader does."""
    from odoo.modules.module import get_manifest

    if addon in done:
        return
    done.add(addon)
    for dependency in (get_manifest(addon) or {}).get("depends", ()):
        _import_with_dependencies(dependency, done)
    importlib.import_module(f"odoo.addons.{addon}")


def pytest_sessionstart(session):
    """pytest imports a peer addon's test modules, hence the addon, directly; Odoo's loader
    imports its dependencies first, and some addons need that at import time
    (account_reconcile_oca's models use ``fields.Serialized``, which base_sparse_field adds).
    Import each collected peer addon's dependencies first."""
    done = set()
    for arg in session.config.args:
        parts = Path(arg.split("::")[0]).resolve().parts
        if "site-packages" not in parts or "addons" not in parts:
            continue
        addon = parts[parts.index("addons", parts.index("site-packages")) + 1]
        _import_with_dependencies(addon, done)
    if "account" in done:
        _backport_account_test_data()


def _backport_account_test_data():
    """OCA's 18.0 accounting tests (account_reconcile_oca, account_reconcile_model_oca) read
    ``company_data["default_tax_account_receivable"]`` and ``["default_tax_account_payable"]``,
    which Odoo 18.0's ``AccountTestInvoicingCommon.collect_company_accounting_data`` returns
    since a later 18.0 revision than the runtime of this project: give them, defined as upstream
    does (the tax groups' receivable and payable accounts), so that OCA's tests run as in OCA's
    CI. Test fixtures only: nothing of Odoo's or our addons' behaviour changes."""
    from odoo.addons.account.tests.common import AccountTestInvoicingCommon

    collect = AccountTestInvoicingCommon.collect_company_accounting_data.__func__
    if getattr(collect, "suite_backport", False):
        return

    def collect_company_accounting_data(cls, company):
        data = collect(cls, company)
        data.setdefault(
            "default_tax_account_receivable",
            company.account_purchase_tax_id.tax_group_id.tax_receivable_account_id,
        )
        data.setdefault(
            "default_tax_account_payable",
            company.account_sale_tax_id.tax_group_id.tax_payable_account_id,
        )
        return data

    collect_company_accounting_data.suite_backport = True
    AccountTestInvoicingCommon.collect_company_accounting_data = classmethod(
        collect_company_accounting_data
    )


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    if report.skipped and not hasattr(report, "wasxfail"):
        reason = report.longrepr[-1] if isinstance(report.longrepr, tuple) else report.longrepr
        report.outcome = "failed"
        report.longrepr = f"skipped test counts as a failure in this project: {reason}"


def _peer_tests_dir(path):
    """The ``tests`` folder of the peer addon that ``path`` belongs to, or None (our addons, our
    end-to-end tests and anything else)."""
    path = Path(path).resolve()
    if ROOT / "addons" in path.parents or ROOT / "tests" in path.parents:
        return None
    for parent in [path, *path.parents]:
        if parent.name == "tests" and parent.parent.name in PEERS.addons:
            return parent
    return None


def _peer_node_id(item):
    """``<addon>/tests/<file>::<Class>::<method>``: how peer_addons.txt names a peer test."""
    tests_dir = _peer_tests_dir(item.path)
    relative = Path(item.path).resolve().relative_to(tests_dir.parent).as_posix()
    return "::".join([f"{tests_dir.parent.name}/{relative}", *item.nodeid.split("::")[1:]])


def _odoo_selection(addon):
    """(module, class, method) of every test that `odoo-bin --test-tags /<addon>` runs, at
    install and post install, taken from Odoo's own loader and tag selector."""
    from odoo.tests.loader import get_module_test_cases, get_test_modules
    from odoo.tests.tag_selector import TagsSelector

    config_tags = TagsSelector(f"/{addon}")
    positions = [TagsSelector("at_install"), TagsSelector("post_install")]
    return {
        (type(test).__module__, type(test).__name__, test._testMethodName)
        for module in get_test_modules(addon)
        for test in get_module_test_cases(module)
        if config_tags.check(test) and any(position.check(test) for position in positions)
    }


def _whole_dirs_collected(config):
    """The peer ``tests`` folders given whole on the command line (not a file or a test)."""
    dirs = set()
    for arg in config.args:
        path = Path(config.invocation_params.dir, arg.split("::")[0]).resolve()
        tests_dir = _peer_tests_dir(path)
        if tests_dir and path in (tests_dir, tests_dir.parent) and "::" not in arg:
            dirs.add(tests_dir)
    return dirs


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(session, config, items):
    selections, collected, keep, dropped = {}, {}, [], []
    for item in items:
        tests_dir = _peer_tests_dir(item.path)
        if tests_dir is None:
            keep.append(item)
            continue
        addon = tests_dir.parent.name
        if addon not in selections:
            selections[addon] = _odoo_selection(addon)
        node_id = _peer_node_id(item)
        key = (item.module.__name__, item.cls.__name__ if item.cls else None, item.name)
        if key not in selections[addon]:
            _not_odoo.append(node_id)
            dropped.append(item)
            continue
        collected.setdefault(addon, set()).add(key)
        reason = PEERS.excluded(node_id)
        if reason:
            _excluded[node_id] = reason
            dropped.append(item)
            continue
        reason = PEERS.expected_failure(node_id)
        if reason:
            item.add_marker(pytest.mark.xfail(strict=True, reason=f"peer_addons.txt: {reason}"))
        keep.append(item)

    for tests_dir in _whole_dirs_collected(config):
        addon = tests_dir.parent.name
        missing = selections.get(addon, set()) - collected.get(addon, set())
        if missing:
            raise pytest.UsageError(
                f"pytest did not collect tests that odoo-bin --test-tags /{addon} runs: "
                + ", ".join(sorted(".".join(key) for key in missing))
            )
        for rule in [*PEERS.exclude, *PEERS.xfail]:
            if rule.startswith(f"{addon}/") and not any(
                node == rule or node.startswith(rule + "::")
                for node in [*_excluded, *(_peer_node_id(i) for i in keep if i.path)]
            ):
                raise pytest.UsageError(f"peer_addons.txt: `{rule}` matches no test: remove it")

    if dropped:
        config.hook.pytest_deselected(items=dropped)
        items[:] = keep


def pytest_terminal_summary(terminalreporter, exitstatus, config):
    counts = {"ours": Counter(), "OCA peers": Counter()}
    for category in ("passed", "failed", "error", "xfailed", "xpassed"):
        for report in terminalreporter.stats.get(category, []):
            nodeid = getattr(report, "nodeid", None)
            if nodeid is None:
                continue
            path = Path(config.rootpath, nodeid.split("::")[0])
            group = "OCA peers" if _peer_tests_dir(path) else "ours"
            counts[group][category] += 1
    if _excluded or _not_odoo:
        terminalreporter.section("OCA peer tests not run")
        for node_id, reason in sorted(_excluded.items()):
            terminalreporter.write_line(f"excluded {node_id}: {reason}")
        if _not_odoo:
            terminalreporter.write_line(
                f"{len(_not_odoo)} items that odoo-bin --test-tags /<addon> would not run either"
                " (imported or inherited test classes and methods, untagged positions)"
            )

    # scripts/test.sh runs our tests and the peers' in two pytest sessions (two databases): the
    # counts of the first are kept in $SUITE_SUMMARY so that the last line gives both.
    summary_file = os.environ.get("SUITE_SUMMARY")
    groups = {}
    if summary_file and Path(summary_file).exists():
        groups = json.loads(Path(summary_file).read_text())
    for group, counter in counts.items():
        if sum(counter.values()) or (group == "OCA peers" and _excluded):
            groups[group] = dict(counter, excluded=len(_excluded) if group == "OCA peers" else 0)
    if summary_file:
        Path(summary_file).write_text(json.dumps(groups))

    def describe(counter):
        words = [f"{counter.get('passed', 0)} passed"]
        words += [
            f"{counter[key]} {label}"
            for key, label in [
                ("failed", "failed"),
                ("error", "errors"),
                ("xfailed", "expected failures (peer_addons.txt)"),
                ("xpassed", "unexpectedly passed"),
                ("excluded", "excluded (peer_addons.txt)"),
            ]
            if counter.get(key)
        ]
        return ", ".join(words)

    line = "; ".join(f"{group}: {describe(groups[group])}" for group in counts if group in groups)
    terminalreporter.section("suite", bold=True)
    terminalreporter.write_line(line or "no test ran", bold=True)
