# Copyright 2026 The suite's authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from freezegun import freeze_time

from odoo import Command
from odoo.exceptions import AccessError
from odoo.tests import new_test_user, tagged

from .common import GfVatCommon


@tagged("post_install", "-at_install")
class TestDashboard(GfVatCommon):
    """The co-managers' figures per company: cash, revenue, result, VAT due, overdue invoices."""

    def _kpis(self, user=None):
        Dashboard = self.env["group.finance.dashboard"]
        if user:
            Dashboard = Dashboard.with_user(user)
        rows = Dashboard.search([("company_id", "=", self.company.id)])
        result = {}
        for row in rows:
            result[row.kpi] = result.get(row.kpi, 0.0) + row.amount
        return result

    @freeze_time("2026-11-22")
    def test_figures_per_company(self):
        self._gf_invoice("out_invoice", "2026-09-01", [(1000.0, self.tax_s20)],
                         invoice_date_due="2026-09-15")  # fmt: skip
        self._gf_invoice("out_invoice", "2026-11-10", [(500.0, self.tax_s20)])
        self._gf_invoice("in_invoice", "2026-11-12", [(300.0, self.tax_p20)])
        bank = self.company_data["default_journal_bank"]
        entry = self.env["account.move"].create(
            {
                "journal_id": bank.id,
                "date": "2026-11-15",
                "line_ids": [
                    Command.create(
                        {"account_id": bank.default_account_id.id, "debit": 700.0, "name": "Apport"}
                    ),  # fmt: skip
                    Command.create(
                        {"account_id": self.acc_revenue.id, "credit": 700.0, "name": "Apport"}
                    ),  # fmt: skip
                ],
            }
        )
        entry.action_post()
        vat = self.env["group.finance.vat.return"].create(
            {"company_id": self.company.id, "regime": "quarterly", "date_from": "2026-07-01",
             "journal_id": self.company_data["default_journal_misc"].id}
        )  # fmt: skip
        vat.action_declare()
        self.env.flush_all()
        kpis = self._kpis()
        self.assertAlmostEqual(kpis["revenue"], 2200.0, places=2)
        self.assertAlmostEqual(kpis["result"], 1900.0, places=2)
        self.assertAlmostEqual(kpis["cash"], 700.0, places=2)
        self.assertAlmostEqual(kpis["overdue_30"], 1200.0, places=2)
        self.assertAlmostEqual(kpis["vat_due"], 200.0, places=2)
        alert = self.env["group.finance.dashboard"].search(
            [("company_id", "=", self.company.id), ("kpi", "=", "overdue_30")]
        )
        action = alert.action_open_records()
        self.assertEqual(self.env[action["res_model"]].search(action["domain"]).amount_total, 1200)

    def test_only_co_managers_of_the_company(self):
        self._gf_invoice("out_invoice", "2026-11-10", [(500.0, self.tax_s20)])
        self.env.flush_all()
        accountant = new_test_user(
            self.env, "gf_dash_accountant", groups="group_finance.group_accountant",
            company_id=self.company.id, company_ids=[self.company.id],
        )  # fmt: skip
        with self.assertRaises(AccessError):
            self._kpis(accountant)
        other = self.setup_other_company(name="SCI GELY")["company"]
        manager_other = new_test_user(
            self.env, "gf_dash_manager_other", groups="group_finance.group_manager",
            company_id=other.id, company_ids=[other.id],
        )  # fmt: skip
        self.assertFalse(self._kpis(manager_other))
        manager = new_test_user(
            self.env, "gf_dash_manager", groups="group_finance.group_manager",
            company_id=self.company.id, company_ids=[self.company.id],
        )  # fmt: skip
        self.assertAlmostEqual(self._kpis(manager)["revenue"], 500.0, places=2)
