from odoo import Command
from odoo.exceptions import AccessError
from odoo.tests import TransactionCase, new_test_user, tagged

from .common import GroupFinanceBankMixin


@tagged("post_install", "-at_install")
class TestBankSecurity(GroupFinanceBankMixin, TransactionCase):
    """A company user sees only his company's banks and lines; the co-managers see the group;
    the accountant keeps the accounting rights without the group-wide views."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._gf_setup_bank()
        cls.line_a = cls._gf_statement_line(cls.journal_a, 100.0, "VIR A")
        cls.line_b = cls._gf_statement_line(cls.journal_b, 200.0, "VIR B")
        cls.employee = new_test_user(
            cls.env,
            "gf_bank_employee",
            groups="group_finance.group_user",
            company_id=cls.company_a.id,
            company_ids=[Command.set(cls.company_a.ids)],
        )

    def _lines_seen(self, user, companies):
        return (
            self.env["account.bank.statement.line"]
            .with_user(user)
            .with_context(allowed_company_ids=companies.ids)
            .search([("id", "in", (self.line_a | self.line_b).ids)])
        )

    def test_company_user_sees_only_his_company(self):
        self.assertEqual(self._lines_seen(self.gf_user_a, self.company_a), self.line_a)
        journals = (
            self.env["account.journal"].with_user(self.gf_user_a).search([("type", "=", "bank")])
        )
        self.assertIn(self.journal_a, journals)
        self.assertNotIn(self.journal_b, journals)
        with self.assertRaises(AccessError):
            self.line_b.with_user(self.gf_user_a).read(["amount"])
        with self.assertRaises(AccessError):
            self.journal_b.bank_account_id.with_user(self.gf_user_a).check_access("write")

    def test_co_manager_sees_the_group(self):
        group = self.holding | self.company_a | self.company_b
        self.assertEqual(self._lines_seen(self.gf_manager, group), self.line_a | self.line_b)

    def test_accountant_reconciles_but_has_no_group_views(self):
        self.assertEqual(
            self._lines_seen(self.gf_accountant, self.company_a | self.company_b),
            self.line_a | self.line_b,
        )
        self.assertTrue(self.gf_accountant.has_group("account.group_account_manager"))
        menus = self.env["ir.ui.menu"].with_user(self.gf_accountant)._visible_menu_ids()
        self.assertNotIn(self.env.ref("group_finance.menu_treasury_group").id, menus)
        self.assertIn(self.env.ref("group_finance.menu_treasury_company").id, menus)
        manager_menus = self.env["ir.ui.menu"].with_user(self.gf_manager)._visible_menu_ids()
        self.assertIn(self.env.ref("group_finance.menu_treasury_group").id, manager_menus)

    def test_employee_has_no_treasury(self):
        with self.assertRaises(AccessError):
            self._lines_seen(self.employee, self.company_a)
        menus = self.env["ir.ui.menu"].with_user(self.employee)._visible_menu_ids()
        self.assertNotIn(self.env.ref("group_finance.menu_treasury").id, menus)
        with self.assertRaises(AccessError):
            self.env["group.finance.forecast"].with_user(self.employee)._gf_refresh(self.company_a)

    def test_matching_never_crosses_companies_for_a_user(self):
        invoice_b = self._gf_invoice(
            self.company_b, self.env["res.partner"].create({"name": "X"}), 100.0
        )
        line = self.line_a.with_user(self.gf_accountant).with_context(
            allowed_company_ids=(self.company_a | self.company_b).ids
        )
        line.write({"payment_ref": f"VIR {invoice_b.name}"})
        line._gf_match_and_reconcile()
        self.assertNotEqual(line.gf_match_state, "auto")
        self.assertEqual(invoice_b.payment_state, "not_paid")
