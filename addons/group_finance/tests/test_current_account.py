from datetime import date

import psycopg2

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import TransactionCase, new_test_user, tagged
from odoo.tools import mute_logger

from .common import GfSpendCommon


@tagged("post_install", "-at_install")
class TestCurrentAccount(GfSpendCommon, TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._gf_spend_setup()
        company = {"company_id": cls.gf_company.id, "company_ids": [cls.gf_company.id]}
        cls.co_manager = new_test_user(
            cls.env, "gf_cca_manager", groups="group_finance.group_manager", **company
        )
        cls.accountant = new_test_user(
            cls.env, "gf_cca_accountant", groups="group_finance.group_accountant", **company
        )
        cls.employee = new_test_user(
            cls.env, "gf_cca_employee", groups="group_finance.group_user", **company
        )
        cls.associate = cls.env["res.partner"].create({"name": "Jérôme Gely"})
        cls.bank = cls.env["account.journal"].search(
            [("company_id", "=", cls.gf_company.id), ("type", "=", "bank")], limit=1
        )
        cls.current = (
            cls.env["group.finance.current.account"]
            .with_user(cls.co_manager)
            .create({"partner_id": cls.associate.id, "company_id": cls.gf_company.id})
        )

    def _movement(self, line_type, amount, day, post=True):
        line = (
            self.env["group.finance.current.account.line"]
            .with_user(self.co_manager)
            .create(
                {
                    "current_account_id": self.current.id,
                    "line_type": line_type,
                    "amount": amount,
                    "date": day,
                    "name": f"{line_type} {amount}",
                    "journal_id": self.bank.id,
                }
            )
        )
        if post:
            line.action_post()
        return line

    def test_sub_account_per_associate(self):
        self.assertEqual(self.current.account_id.code, "455101")
        other = self.env["group.finance.current.account"].create(
            {"partner_id": self.env["res.partner"].create({"name": "Axel Gely"}).id}
        )
        self.assertEqual(other.account_id.code, "455102")
        self.assertTrue(other.account_id.reconcile)
        with mute_logger("odoo.sql_db"), self.assertRaises(psycopg2.errors.UniqueViolation):
            with self.env.cr.savepoint():
                self.env["group.finance.current.account"].create(
                    {"partner_id": self.associate.id, "company_id": self.gf_company.id}
                )

    def test_contribution_withdrawal_repayment_entries_and_balance(self):
        contribution = self._movement("contribution", 50000.0, date(2026, 1, 15))
        move = contribution.move_id
        self.assertEqual(move.state, "posted")
        credit = move.line_ids.filtered(lambda line: line.credit)
        self.assertEqual(credit.account_id, self.current.account_id)
        self.assertEqual(credit.partner_id, self.associate)
        debit = move.line_ids.filtered(lambda line: line.debit)
        self.assertEqual(
            debit.account_id,
            self.env.ref(f"account.{self.gf_company.id}_account_journal_payment_debit_account_id"),
            "the outstanding receipts account, on which the bank line is reconciled",
        )
        self.assertTrue(debit.account_id.reconcile)
        self._movement("withdrawal", 5000.0, date(2026, 3, 1))
        repayment = self._movement("repayment", 10000.0, date(2026, 6, 30))
        self.assertEqual(
            repayment.move_id.line_ids.filtered(lambda line: line.debit).account_id,
            self.current.account_id,
        )
        self.current.invalidate_recordset()
        self.assertAlmostEqual(self.current.balance, 35000.0)
        lines = self.current.line_ids.sorted(lambda line: (line.date, line.id))
        self.assertEqual(lines.mapped("running_balance"), [50000.0, 45000.0, 35000.0])
        draft = self._movement("contribution", 1000.0, date(2026, 7, 1), post=False)
        self.assertEqual(draft.state, "draft")
        self.current.invalidate_recordset()
        self.assertAlmostEqual(self.current.balance, 35000.0, msg="drafts are not in the balance")

    def test_bad_input_is_refused(self):
        with self.assertRaises(ValidationError):
            self._movement("contribution", -10.0, date(2026, 1, 1), post=False)
        line = self._movement("contribution", 10.0, date(2026, 1, 1), post=False)
        line.journal_id = False
        with self.assertRaises(UserError):
            line.action_post()
        self.assertFalse(line.move_id)
        posted = self._movement("contribution", 10.0, date(2026, 1, 2))
        with self.assertRaises(UserError):
            posted.unlink()

    def test_interest_capped_by_the_legal_rate_as_draft_entry(self):
        self.env["group.finance.current.account.rate"].create({"year": 2026, "rate": 4.0})
        self.current.interest_rate = 6.0
        self._movement("contribution", 36500.0, date(2025, 12, 31))
        (line,) = self.current.action_compute_interest(date(2026, 1, 1), date(2026, 3, 31))
        # 36,500 over 90 days at 4 % (the cap, not the agreed 6 %): 36500 x 0.04 x 90 / 365
        self.assertAlmostEqual(line.amount, 360.0)
        self.assertEqual(line.interest_rate, 4.0)
        self.assertEqual(line.move_id.state, "draft")
        self.assertTrue(line.move_id.line_ids.filtered("debit").account_id.code.startswith("6615"))
        self.assertTrue(line.move_id.line_ids.filtered("credit").account_id.code.startswith("4558"))
        # once per period
        with mute_logger("odoo.sql_db"), self.assertRaises(psycopg2.errors.UniqueViolation):
            with self.env.cr.savepoint():
                self.current.action_compute_interest(date(2026, 1, 1), date(2026, 3, 31))
        # no legal rate entered for the year: a clear error
        with self.assertRaises(UserError):
            self.current.action_compute_interest(date(2027, 1, 1), date(2027, 3, 31))

    def test_interest_wizard(self):
        self.env["group.finance.current.account.rate"].create({"year": 2026, "rate": 5.0})
        self.current.interest_rate = 3.0
        self._movement("contribution", 1000.0, date(2026, 1, 1))
        wizard = (
            self.env["group.finance.current.account.interest.wizard"]
            .with_user(self.co_manager)
            .with_context(active_model=self.current._name, active_ids=self.current.ids)
            .create({"date_from": date(2026, 1, 1), "date_to": date(2026, 12, 31)})
        )
        action = wizard.action_compute()
        line = self.env["group.finance.current.account.line"].search(action["domain"])
        self.assertAlmostEqual(line.amount, 30.0)

    def test_reserved_to_the_co_managers(self):
        for user in (self.accountant, self.employee):
            with self.subTest(user=user.login):
                with self.assertRaises(AccessError):
                    self.current.with_user(user).read(["balance"])
                with self.assertRaises(AccessError):
                    self.env["group.finance.current.account"].with_user(user).create(
                        {"partner_id": self.associate.id}
                    )
                with self.assertRaises(AccessError):
                    self.env["group.finance.current.account.line"].with_user(user).search([])
        menu = self.env.ref("group_finance.menu_current_accounts")
        visible = self.env["ir.ui.menu"].with_user(self.accountant)._visible_menu_ids()
        self.assertNotIn(menu.id, visible)
        manager_menus = self.env["ir.ui.menu"].with_user(self.co_manager)._visible_menu_ids()
        self.assertIn(menu.id, manager_menus)

    def test_one_view_across_companies(self):
        other_company = self.env["res.company"].create({"name": "SCI Test"})
        self.env["account.chart.template"].try_loading("fr", other_company, install_demo=False)
        self.co_manager.company_ids |= other_company
        other = (
            self.env["group.finance.current.account"]
            .with_user(self.co_manager)
            .with_context(allowed_company_ids=[self.gf_company.id, other_company.id])
            .create({"partner_id": self.associate.id, "company_id": other_company.id})
        )
        seen = (
            self.env["group.finance.current.account"]
            .with_user(self.co_manager)
            .with_context(allowed_company_ids=[self.gf_company.id, other_company.id])
            .search([("partner_id", "=", self.associate.id)])
        )
        self.assertEqual(seen, self.current | other)
        # a co-manager not in the other company does not see it
        only_here = new_test_user(
            self.env,
            "gf_cca_manager2",
            groups="group_finance.group_manager",
            company_id=self.gf_company.id,
            company_ids=[self.gf_company.id],
        )
        self.assertEqual(
            self.env["group.finance.current.account"].with_user(only_here).search([]),
            self.current,
        )
