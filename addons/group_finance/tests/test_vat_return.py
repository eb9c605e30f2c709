# Copyright 2026 The suite's authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from psycopg2 import IntegrityError

from odoo import Command, fields
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import new_test_user, tagged
from odoo.tools import mute_logger

from .common import GfVatCommon


@tagged("post_install", "-at_install")
class TestVatReturn(GfVatCommon):
    """The CA3 return equals the posted tax lines of its period, to the cent."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        fr = cls.env.ref("base.fr")
        tags = cls.env["account.account.tag"]._get_tax_tags("20", fr.id)
        plus, minus = tags.filtered(lambda t: not t.tax_negate), tags.filtered("tax_negate")
        deductible = cls.chart.ref("pcg_44566")

        def repartition(tag):
            return [
                Command.create({"repartition_type": "base", "factor_percent": 100}),
                Command.create(
                    {
                        "repartition_type": "tax",
                        "factor_percent": 50,
                        "account_id": deductible.id,
                        "tag_ids": [Command.set(tag.ids)],
                    }
                ),
                # the other half is not recoverable: it stays in the expense
                Command.create({"repartition_type": "tax", "factor_percent": 50}),
            ]

        cls.tax_p20_half = cls.env["account.tax"].create(
            {
                "name": "TVA 20% récupérable à 50%",
                "amount": 20,
                "type_tax_use": "purchase",
                "country_id": fr.id,
                "tax_group_id": cls.tax_p20.tax_group_id.id,
                "invoice_repartition_line_ids": repartition(plus),
                "refund_repartition_line_ids": repartition(minus),
            }
        )
        inv = cls._gf_invoice
        cls.inv1 = inv(
            "out_invoice",
            "2026-07-10",
            [(1000.0, cls.tax_s20), (333.33, cls.tax_s10), (101.01, cls.tax_s55)],
        )
        cls.refund = inv("out_refund", "2026-08-03", [(120.0, cls.tax_s20)])
        cls.cancelled = inv("out_invoice", "2026-08-05", [(500.0, cls.tax_s20)])
        cls.cancelled.button_draft()
        cls.cancelled.button_cancel()
        cls.bill = inv("in_invoice", "2026-07-20", [(400.0, cls.tax_p20), (77.77, cls.tax_p10)])
        cls.bill_half = inv("in_invoice", "2026-09-12", [(250.0, cls.tax_p20_half)])
        cls.bill_refund = inv("in_refund", "2026-09-15", [(50.0, cls.tax_p20)])
        # outside of the period: not in the Q3 return
        cls.october = inv("out_invoice", "2026-10-01", [(999.0, cls.tax_s20)])
        cls.journal = cls.company_data["default_journal_misc"]
        cls.Return = cls.env["group.finance.vat.return"]

    def _new_return(self, date_from="2026-07-01", regime="quarterly"):
        return self.Return.create(
            {
                "company_id": self.company.id,
                "regime": regime,
                "date_from": date_from,
                "journal_id": self.journal.id,
            }
        )

    def _posted_sum(self, accounts, date_from="2026-07-01", date_to="2026-09-30"):
        lines = self.env["account.move.line"].search(
            [
                ("account_id", "in", accounts.ids),
                ("parent_state", "=", "posted"),
                ("date", ">=", date_from),
                ("date", "<=", date_to),
                ("move_id.move_type", "!=", "entry"),
            ]
        )
        return sum(lines.mapped("balance"))

    def test_return_equals_posted_tax_lines(self):
        ret = self._new_return()
        ret.action_compute()
        collected = -self._posted_sum(self.acc_collected)
        deductible = self._posted_sum(self.chart.ref("pcg_44566"))
        # 200 + 33.33 + 5.56 - 24 (credit note); the cancelled and October invoices are out
        self.assertAlmostEqual(collected, 214.89, places=2)
        # 80 + 7.78 + 25 (half of 50) - 10 (supplier credit note)
        self.assertAlmostEqual(deductible, 102.78, places=2)
        self.assertEqual(ret.currency_id.compare_amounts(ret.vat_collected, collected), 0)
        self.assertEqual(ret.currency_id.compare_amounts(ret.vat_deductible, deductible), 0)
        self.assertAlmostEqual(ret.vat_to_pay, 112.11, places=2)
        self.assertFalse(ret.credit_to_carry)
        boxes = {line.box: line.amount for line in ret.line_ids}
        self.assertAlmostEqual(boxes["08_taxe"], 176.0, places=2)
        self.assertAlmostEqual(boxes["9B_taxe"], 33.33, places=2)
        self.assertAlmostEqual(boxes["09_taxe"], 5.56, places=2)
        self.assertAlmostEqual(boxes["08_base"], 880.0, places=2)
        self.assertAlmostEqual(boxes["A1"], 1314.34, places=2)
        self.assertAlmostEqual(boxes["20"], 102.78, places=2)
        by_tax = {(t.tax_id, t.kind): t.amount for t in ret.tax_line_ids}
        self.assertAlmostEqual(by_tax[(self.tax_s20, "gross")], 176.0, places=2)
        self.assertAlmostEqual(by_tax[(self.tax_p20_half, "deductible")], 25.0, places=2)
        self.assertAlmostEqual(by_tax[(self.tax_p20, "deductible")], 70.0, places=2)
        self.assertEqual(ret.due_date, fields.Date.to_date("2026-10-15"))

    def test_declare_settles_locks_and_is_paid_by_the_bank(self):
        draft = self._gf_invoice("out_invoice", "2026-09-30", [(10.0, self.tax_s20)], post=False)
        ret = self._new_return()
        self.assertEqual(ret.unposted_count, 1)
        with self.assertRaises(UserError):
            ret.action_declare()
        self.assertEqual(ret.state, "draft")
        draft.unlink()
        ret.action_declare()
        self.assertEqual(ret.state, "declared")
        self.assertEqual(ret.move_id.state, "posted")
        self.assertEqual(self.company.tax_lock_date, fields.Date.to_date("2026-09-30"))
        # the VAT accounts of the quarter are cleared, the net goes to 445510
        self.assertAlmostEqual(self._posted_sum(self.acc_collected) - 0, -214.89, places=2)
        all_lines = self.env["account.move.line"].search(
            [("account_id", "=", self.acc_collected.id), ("parent_state", "=", "posted"),
             ("date", "<=", "2026-09-30")]
        )  # fmt: skip
        self.assertAlmostEqual(sum(all_lines.mapped("balance")), 0.0, places=2)
        self.assertAlmostEqual(ret.payable_line_id.credit, 112.11, places=2)
        # a new invoice in the declared quarter is refused by the core tax lock
        late = self._gf_invoice("out_invoice", "2026-09-29", [(10.0, self.tax_s20)], post=False)
        late.action_post()
        self.assertGreater(late.date, fields.Date.to_date("2026-09-30"))
        self.assertEqual(ret.vat_to_pay, 112.11)
        with self.assertRaises(UserError):
            ret.action_declare()
        with self.assertRaises(UserError):
            ret.unlink()
        # the bank pays the VAT: reconciled, the return is paid
        bank_journal = self.company_data["default_journal_bank"]
        payment = self.env["account.move"].create(
            {
                "journal_id": self.journal.id,
                "date": "2026-10-14",
                "line_ids": [
                    Command.create(
                        {"account_id": self.acc_payable_vat.id, "debit": 112.11, "name": "TVA"}
                    ),
                    Command.create(
                        {
                            "account_id": bank_journal.default_account_id.id,
                            "credit": 112.11,
                            "name": "TVA",
                        }
                    ),
                ],
            }
        )
        payment.action_post()
        (payment.line_ids + ret.payable_line_id).filtered(
            lambda line: line.account_id == self.acc_payable_vat
        ).reconcile()
        self.assertEqual(ret.state, "paid")
        self.assertEqual(ret.paid_date, fields.Date.to_date("2026-10-14"))

    def test_credit_is_carried_to_the_next_return(self):
        self._gf_invoice("in_invoice", "2026-11-05", [(1000.0, self.tax_p20)])
        self._gf_invoice("out_invoice", "2026-11-06", [(100.0, self.tax_s20)])
        november = self._new_return("2026-11-01", "monthly")
        november.action_declare()
        self.assertAlmostEqual(november.credit_to_carry, 180.0, places=2)
        self.assertFalse(november.vat_to_pay)
        self.assertFalse(november.payable_line_id)
        self.assertEqual(november.state, "declared")
        credit_lines = november.move_id.line_ids.filtered(
            lambda line: line.account_id == self.acc_vat_credit
        )
        self.assertAlmostEqual(sum(credit_lines.mapped("balance")), 180.0, places=2)
        self._gf_invoice("out_invoice", "2026-12-02", [(1500.0, self.tax_s20)])
        december = self._new_return("2026-12-01", "monthly")
        december.action_compute()
        self.assertAlmostEqual(december.credit_carried_in, 180.0, places=2)
        self.assertAlmostEqual(december.vat_to_pay, 120.0, places=2)
        december.action_declare()
        self.assertAlmostEqual(december.payable_line_id.credit, 120.0, places=2)
        # the carried credit leaves 445670
        credit_balance = sum(
            self.env["account.move.line"]
            .search([("account_id", "=", self.acc_vat_credit.id), ("parent_state", "=", "posted")])
            .mapped("balance")
        )
        self.assertAlmostEqual(credit_balance, 0.0, places=2)

    def test_refusals(self):
        with self.assertRaises(ValidationError):
            self._new_return("2026-08-01", "quarterly")
        with self.assertRaises(ValidationError):
            self._new_return("2026-07-15", "monthly")
        ret = self._new_return()
        with self.assertRaises(IntegrityError), mute_logger("odoo.sql_db"):
            with self.env.cr.savepoint():
                self._new_return()
        ret.action_declare()
        with self.assertRaises(UserError):
            ret.action_compute()

    def test_access(self):
        ret = self._new_return()
        employee = new_test_user(
            self.env, "gf_vat_employee", groups="group_finance.group_user",
            company_id=self.company.id, company_ids=[self.company.id],
        )  # fmt: skip
        with self.assertRaises(AccessError):
            ret.with_user(employee).read(["vat_to_pay"])
        other_company = self.setup_other_company(name="Autre société")["company"]
        outsider = new_test_user(
            self.env, "gf_vat_other_accountant", groups="group_finance.group_accountant",
            company_id=other_company.id, company_ids=[other_company.id],
        )  # fmt: skip
        self.assertFalse(self.Return.with_user(outsider).search([("id", "=", ret.id)]))
        accountant = new_test_user(
            self.env, "gf_vat_accountant", groups="group_finance.group_accountant",
            company_id=self.company.id, company_ids=[self.company.id],
        )  # fmt: skip
        ret.with_user(accountant).action_compute()
        self.assertTrue(ret.line_ids)

    def test_expense_report_vat_is_deductible(self):
        ret = self._new_return()
        ret.action_compute()
        before = ret.vat_deductible
        employee = (
            self.env["hr.employee"]
            .sudo()
            .create(
                {
                    "name": "Lucas Martin",
                    "company_id": self.company.id,
                    "work_email": "lucas.martin@solaire.example.fr",
                }
            )
        )
        product = self.env["product.product"].create(
            {
                "name": "Repas d'affaires",
                "can_be_expensed": True,
                "standard_price": 0.0,
                "property_account_expense_id": self.acc_expense.id,
                "supplier_taxes_id": [Command.set(self.tax_p20.ids)],
            }
        )
        sheet = (
            self.env["hr.expense.sheet"]
            .sudo()
            .create(
                {
                    "name": "Note de frais août",
                    "employee_id": employee.id,
                    "company_id": self.company.id,
                    "expense_line_ids": [
                        Command.create(
                            {
                                "name": "Déjeuner client",
                                "employee_id": employee.id,
                                "product_id": product.id,
                                "total_amount_currency": 120.0,
                                "tax_ids": [Command.set(self.tax_p20.ids)],
                                "date": "2026-08-20",
                                "company_id": self.company.id,
                            }
                        )
                    ],
                }
            )
        )
        # the receipt the expense policy asks for
        self.env["ir.attachment"].sudo().create(
            {
                "name": "ticket.jpg",
                "raw": b"\xff\xd8\xff\xe0 receipt",
                "mimetype": "image/jpeg",
                "res_model": "hr.expense",
                "res_id": sheet.expense_line_ids.id,
            }
        )
        sheet.action_submit_sheet()
        sheet.action_approve_expense_sheets()
        sheet.action_sheet_move_post()
        self.assertEqual(sheet.account_move_ids.state, "posted")
        # core dates the expense entry at the end of the month: in the quarter
        self.assertTrue(ret.date_from <= sheet.account_move_ids.date <= ret.date_to)
        ret.action_compute()
        # 120 incl. 20 % VAT: 20 more deductible VAT, as posted on 44566 by the expense report
        self.assertAlmostEqual(ret.vat_deductible - before, 20.0, places=2)
        expense_vat = sheet.account_move_ids.line_ids.filtered(
            lambda line: line.account_id == self.chart.ref("pcg_44566")
        )
        self.assertAlmostEqual(sum(expense_vat.mapped("balance")), 20.0, places=2)
