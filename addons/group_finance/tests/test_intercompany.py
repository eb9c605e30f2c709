from odoo import Command
from odoo.exceptions import AccessError
from odoo.tests import TransactionCase, new_test_user, tagged
from odoo.tools.safe_eval import safe_eval

from .common import GfSpendCommon


@tagged("post_install", "-at_install")
class TestIntercompanyFlow(GfSpendCommon, TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._gf_spend_setup()
        cls.company_a = cls.gf_company
        cls.company_b = cls.env["res.company"].create(
            {"name": "SCI Test", "country_id": cls.env.ref("base.fr").id}
        )
        cls.env["account.chart.template"].try_loading("fr", cls.company_b, install_demo=False)
        (cls.company_a | cls.company_b).write({"intercompany_invoicing": True})
        cls.env.user.company_ids |= cls.company_b
        cls.env = cls.env(
            context=dict(cls.env.context, allowed_company_ids=[cls.company_a.id, cls.company_b.id])
        )
        cls.sale_tax_a = cls.env.ref(f"account.{cls.company_a.id}_tva_normale")
        cls.fees = cls.env["product.product"].create(
            {
                "name": "Refacturation de frais",
                "type": "service",
                "company_id": False,
                "taxes_id": [Command.set(cls.sale_tax_a.ids)],
                "supplier_taxes_id": [Command.clear()],
            }
        )
        cls.co_manager = new_test_user(
            cls.env,
            "gf_ic_manager",
            groups="group_finance.group_manager",
            company_id=cls.company_a.id,
            company_ids=[cls.company_a.id, cls.company_b.id],
        )
        cls.accountant_a = new_test_user(
            cls.env,
            "gf_ic_accountant",
            groups="group_finance.group_accountant",
            company_id=cls.company_a.id,
            company_ids=[cls.company_a.id],
        )

    def _reinvoice(self):
        invoice = self.env["account.move"].create(
            {
                "move_type": "out_invoice",
                "company_id": self.company_a.id,
                "partner_id": self.company_b.partner_id.id,
                "invoice_date": "2026-11-15",
                "gf_flow_type": "re_invoicing",
                "invoice_line_ids": [
                    Command.create(
                        {
                            "name": "Refacturation loyer bureaux novembre",
                            "product_id": self.fees.id,
                            "quantity": 1,
                            "price_unit": 1000.0,
                            "tax_ids": [Command.set(self.sale_tax_a.ids)],
                        }
                    )
                ],
            }
        )
        invoice.action_post()
        bill = self.env["account.move"].search([("auto_invoice_id", "=", invoice.id)])
        return invoice, bill

    def test_invoice_makes_the_mirror_bill_with_vat(self):
        invoice, bill = self._reinvoice()
        self.assertEqual(len(bill), 1)
        self.assertEqual(bill.company_id, self.company_b)
        self.assertEqual(bill.move_type, "in_invoice")
        self.assertEqual(bill.partner_id, self.company_a.partner_id)
        self.assertEqual(bill.gf_flow_type, "re_invoicing")
        self.assertAlmostEqual(bill.amount_total, 1200.0)
        tax = bill.invoice_line_ids.tax_ids
        self.assertEqual(tax.type_tax_use, "purchase")
        self.assertEqual(tax.amount, 20.0)
        self.assertEqual(tax.company_id, self.company_b)
        self.assertEqual(invoice.gf_counterpart_company_id, self.company_b)
        self.assertEqual(bill.gf_counterpart_company_id, self.company_a)
        self.assertEqual(invoice.gf_mirror_move_id, bill)
        self.assertEqual(bill.gf_mirror_move_id, invoice)

    def test_payment_of_one_side_shows_on_both(self):
        invoice, bill = self._reinvoice()
        self.assertEqual(bill.gf_mirror_payment_state, "not_paid")
        self.env["account.payment.register"].with_context(
            active_model="account.move", active_ids=invoice.ids
        ).create({})._create_payments()
        bill.invalidate_recordset()
        self.assertIn(bill.gf_mirror_payment_state, ("paid", "in_payment"))
        self.assertEqual(invoice.gf_mirror_payment_state, "not_paid")

    def test_group_position_per_pair(self):
        self._reinvoice()
        Position = self.env["group.finance.intercompany.position"].with_user(self.co_manager)
        Position = Position.with_context(allowed_company_ids=[self.company_a.id, self.company_b.id])
        a, b = self.company_a.id, self.company_b.id
        a_to_b = Position.search([("company_id", "=", a), ("counterpart_company_id", "=", b)])
        b_to_a = Position.search([("company_id", "=", b), ("counterpart_company_id", "=", a)])
        self.assertAlmostEqual(a_to_b.receivable, 1200.0)
        self.assertAlmostEqual(a_to_b.net, 1200.0)
        self.assertAlmostEqual(b_to_a.payable, 1200.0)
        self.assertAlmostEqual(b_to_a.net, -1200.0)
        self.assertEqual(a_to_b.open_count, 1)

    def test_open_flows_view(self):
        invoice, bill = self._reinvoice()
        action = self.env.ref("group_finance.group_finance_intercompany_flow_action")
        flows = self.env["account.move"].search(safe_eval(action.domain))
        self.assertIn(invoice, flows)
        self.assertIn(bill, flows)

    def test_position_reserved_to_co_managers(self):
        with self.assertRaises(AccessError):
            self.env["group.finance.intercompany.position"].with_user(self.accountant_a).search([])
