from odoo import Command
from odoo.exceptions import UserError, ValidationError
from odoo.tests import Form, TransactionCase, tagged

from .common import GfSpendCommon


@tagged("post_install", "-at_install")
class TestExpenseCategory(GfSpendCommon, TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._gf_spend_setup()
        Category = cls.env["group.finance.expense.category"]
        cls.travel = Category.create({"name": "Déplacements", "code": "6251"})
        cls.insurance = Category.create(
            {"name": "Assurances", "code": "616", "vat_deductible": False}
        )

    def _bill(self, category=None):
        return self.env["account.move"].create(
            {
                "move_type": "in_invoice",
                "partner_id": self.gf_supplier.id,
                "invoice_date": "2026-11-10",
                "gf_expense_category_id": category and category.id,
                "invoice_line_ids": [
                    Command.create(
                        {
                            "name": "Billet de train Aix-Paris",
                            "quantity": 1,
                            "price_unit": 100.0,
                            "tax_ids": [Command.set(self.gf_tax_20.ids)],
                        }
                    )
                ],
            }
        )

    def test_category_charges_its_account(self):
        bill = self._bill(self.travel)
        self.assertEqual(bill.invoice_line_ids.account_id.code, "625100")
        self.assertEqual(bill.invoice_line_ids.tax_ids, self.gf_tax_20)
        self.assertAlmostEqual(bill.amount_total, 120.0)

    def test_category_set_later_and_in_the_form(self):
        bill = self._bill()
        self.assertNotEqual(bill.invoice_line_ids.account_id.code, "625100")
        bill.gf_expense_category_id = self.travel
        self.assertEqual(bill.invoice_line_ids.account_id.code, "625100")
        with Form(self._bill()) as form:
            form.gf_expense_category_id = self.insurance
        self.assertTrue(form.record.invoice_line_ids.account_id.code.startswith("616"))

    def test_vat_not_deductible_leaves_no_tax(self):
        bill = self._bill(self.insurance)
        self.assertTrue(bill.invoice_line_ids.account_id.code.startswith("616"))
        self.assertFalse(bill.invoice_line_ids.tax_ids)
        self.assertAlmostEqual(bill.amount_tax, 0.0)

    def test_posted_bill_is_not_changed(self):
        bill = self._bill()
        bill.action_post()
        account = bill.invoice_line_ids.account_id
        bill.gf_expense_category_id = self.travel
        self.assertEqual(bill.invoice_line_ids.account_id, account, "posted lines stay as posted")

    def test_supplier_siret_on_the_bill(self):
        bill = self._bill()
        self.assertEqual(bill.gf_partner_siret, "79133452700011")

    def test_code_is_digits(self):
        with self.assertRaises(ValidationError):
            self.env["group.finance.expense.category"].create({"name": "Bad", "code": "62x"})

    def test_category_of_another_company_is_refused(self):
        other = self.env["res.company"].create({"name": "Autre société"})
        foreign = self.env["group.finance.expense.category"].create(
            {"name": "Autre", "code": "6251", "company_id": other.id}
        )
        with self.assertRaises(UserError):
            self._bill(foreign)

    def test_seeded_categories(self):
        fuel = self.env.ref("group_finance.expense_category_supplies")
        self.assertEqual(fuel.code, "6061")
        self.assertFalse(self.env.ref("group_finance.expense_category_insurance").vat_deductible)
        self.assertEqual(fuel._gf_account_for(self.gf_company).code, "606100")
