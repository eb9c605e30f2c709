from datetime import timedelta

from odoo import fields
from odoo.exceptions import AccessError
from odoo.tests import TransactionCase, tagged

from .common import GroupFinanceBankMixin


@tagged("post_install", "-at_install")
class TestTreasury(GroupFinanceBankMixin, TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._gf_setup_bank()
        cls.customer = cls.env["res.partner"].create({"name": "EDF Renouvelables"})
        cls.supplier = cls.env["res.partner"].create({"name": "Kärcher"})
        # bank: +10,000 then -2,500 in A; +4,000 in B
        cls._gf_statement_line(cls.journal_a, 10000.0, "APPORT", days_ago=40)
        cls._gf_statement_line(cls.journal_a, -2500.0, "LOYER", days_ago=5)
        cls._gf_statement_line(cls.journal_b, 4000.0, "LOYER RECU", days_ago=3)
        cls.invoice = cls._gf_invoice(cls.company_a, cls.customer, 1200.0, days_ago=0)
        cls.invoice.invoice_date_due = fields.Date.today() + timedelta(days=20)
        cls.bill = cls._gf_invoice(cls.company_a, cls.supplier, 300.0, "in_invoice", days_ago=0)
        cls.bill.invoice_date_due = fields.Date.today() - timedelta(days=3)  # overdue
        cls.late = cls._gf_invoice(cls.company_a, cls.customer, 999.0, days_ago=0)
        cls.late.invoice_date_due = fields.Date.today() + timedelta(days=120)  # beyond 90 days
        cls.Forecast = cls.env["group.finance.forecast"]

    def test_balances_per_bank_account(self):
        balances = dict(self.Forecast._gf_bank_balances(self.company_a | self.company_b))
        self.assertEqual(balances[self.journal_a], 7500.0)
        self.assertEqual(balances[self.journal_b], 4000.0)

    def test_forecast_of_the_company(self):
        lines = self.Forecast.with_company(self.company_a)._gf_refresh(self.company_a)
        today = fields.Date.today()
        by_source = {}
        for line in lines:
            by_source.setdefault(line.source, []).append(line)
        self.assertEqual(sum(line.amount for line in by_source["balance"]), 7500.0)
        (invoice_line,) = by_source["customer_invoice"]
        self.assertEqual((invoice_line.amount, invoice_line.res_id), (1200.0, self.invoice.id))
        self.assertEqual(invoice_line.date, today + timedelta(days=20))
        (bill_line,) = by_source["supplier_bill"]
        self.assertEqual((bill_line.amount, bill_line.date), (-300.0, today))
        self.assertNotIn(self.late.id, lines.mapped("res_id"))
        self.assertNotIn(self.company_b, lines.company_id)
        self.assertEqual(sum(lines.mapped("amount")), 7500.0 + 1200.0 - 300.0)

    def test_weekly_table_and_refresh_replaces_the_user_lines(self):
        Forecast = self.Forecast.with_company(self.company_a)
        Forecast._gf_refresh(self.company_a)
        Forecast._gf_refresh(self.company_a)
        rows = Forecast._gf_weekly_table()
        self.assertAlmostEqual(sum(row[3] for row in rows), 8400.0)
        self.assertAlmostEqual(sum(row[2] for row in rows), -300.0)

    def test_paid_invoice_leaves_the_forecast(self):
        line = self._gf_statement_line(self.journal_a, 1200.0, f"VIR {self.invoice.name}")
        line._gf_match_and_reconcile()
        lines = self.Forecast._gf_refresh(self.company_a)
        self.assertNotIn(
            self.invoice.id,
            lines.filtered(lambda x: x.res_model == "account.move").mapped("res_id"),
        )

    def test_group_forecast_for_co_managers_only(self):
        group = self.holding | self.company_a | self.company_b
        manager_lines = (
            self.Forecast.with_user(self.gf_manager)
            .with_context(allowed_company_ids=group.ids)
            ._gf_refresh()
        )
        self.assertEqual(manager_lines.company_id, self.company_a | self.company_b)
        Accountant = self.Forecast.with_user(self.gf_accountant).with_context(
            allowed_company_ids=group.ids
        )
        with self.assertRaises(AccessError):
            Accountant._gf_refresh(group)
        with self.assertRaises(AccessError):
            Accountant.action_open_treasury("group")
        # without asking, the accountant gets the forecast of his current company
        lines = Accountant.with_context(allowed_company_ids=[self.company_a.id])._gf_refresh()
        self.assertEqual(lines.company_id, self.company_a)
        # and never reads the co-manager's lines
        self.assertFalse(Accountant.search([("id", "in", manager_lines.ids)]))

    def test_treasury_actions(self):
        action = (
            self.Forecast.with_user(self.gf_manager)
            .with_context(allowed_company_ids=(self.company_a | self.company_b).ids)
            .action_open_treasury("group")
        )
        self.assertIn(("company_id", "in", (self.company_a | self.company_b).ids), action["domain"])
        action = (
            self.Forecast.with_user(self.gf_accountant)
            .with_context(allowed_company_ids=[self.company_a.id])
            .action_open_treasury("company")
        )
        lines = self.env["account.bank.statement.line"].search(action["domain"])
        self.assertEqual(lines.company_id, self.company_a)
        self.assertEqual(sum(lines.mapped("gf_amount_in")), 10000.0)
        self.assertEqual(sum(lines.mapped("gf_amount_out")), -2500.0)
        forecast_action = (
            self.Forecast.with_user(self.gf_accountant)
            .with_context(allowed_company_ids=[self.company_a.id])
            .action_open_forecast()
        )
        self.assertEqual(forecast_action["res_model"], "group.finance.forecast")

    def test_french_labels(self):
        self.env["res.lang"]._activate_lang("fr_FR")
        self.env["ir.module.module"]._load_module_terms(
            ["group_finance"], ["fr_FR"], overwrite=True
        )
        menu = self.env.ref("group_finance.menu_treasury").with_context(lang="fr_FR")
        self.assertEqual(menu.name, "Trésorerie")
        parser = self.env["account.statement.import.sheet.parser"].with_context(lang="fr_FR")
        self.assertEqual(
            parser._gf_problem_message(4, "bad_amount", {"value": "12,5O"}),
            "Ligne 4 : montant « 12,5O » illisible",
        )
