from datetime import date

from psycopg2 import IntegrityError

from odoo import Command
from odoo.tests import TransactionCase, tagged
from odoo.tools import mute_logger

from .common import ItParkServiceCommon


@tagged("post_install", "-at_install")
class TestInvoicing(ItParkServiceCommon, TransactionCase):
    DATE_REF = date(2026, 3, 2)

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.ticket = cls._ticket()
        cls.env["account.analytic.line"].create(
            {
                "name": "Restauration sauvegarde",
                "it_ticket_id": cls.ticket.id,
                "unit_amount": 3.5,
                "date": "2026-02-12",
            }
        )

    def _consume(self, quantity, billable):
        action = self.ticket.action_it_consume_parts()
        wizard = (
            self.env[action["res_model"]]
            .with_context(**action["context"])
            .create(
                {
                    "line_ids": [
                        Command.create(
                            {"product_id": self.part.id, "quantity": quantity, "billable": billable}
                        )
                    ]
                }
            )
        )
        wizard.action_deliver()

    def _run(self):
        """OCA's scheduled job; returns the invoices it made."""
        Move = self.env["account.move"]
        before = Move.search([("it_contract_id", "!=", False)])
        self.assertTrue(self.env["contract.contract"].cron_recurring_create_invoice(self.DATE_REF))
        return Move.search([("it_contract_id", "!=", False)]) - before

    def test_invoice_fee_extra_hours_and_billable_parts(self):
        self._consume(2, billable=True)
        self._consume(1, billable=False)
        invoice = self._run()
        self.assertEqual(len(invoice), 1)
        self.assertEqual(invoice.state, "posted")
        self.assertEqual(invoice.move_type, "out_invoice")
        self.assertEqual(invoice.it_contract_id, self.contract)
        self.assertEqual(invoice.it_period_start, date(2026, 2, 1))
        self.assertEqual(invoice.partner_id, self.customer_a)
        lines = {
            line.product_id: (line.quantity, line.price_unit) for line in invoice.invoice_line_ids
        }
        self.assertEqual(
            lines,
            {
                self.fee_product: (1.0, 300.0),
                self.hour_product: (1.5, 80.0),  # 3.5 h logged, 2 h included
                self.part: (2.0, 75.0),  # the non-billable part is not invoiced
            },
        )
        billable = self.ticket.it_move_ids.filtered("it_billable")
        self.assertEqual(billable.it_invoice_id, invoice)
        self.assertFalse((self.ticket.it_move_ids - billable).it_invoice_id)
        self.assertEqual(self.contract.recurring_next_date, date(2026, 4, 1))

    def test_no_extra_line_within_allowance(self):
        self.contract.it_hours_included = 10
        invoice = self._run()
        self.assertEqual(invoice.invoice_line_ids.product_id, self.fee_product)

    def test_second_run_never_invoices_twice(self):
        first = self._run()
        self.assertEqual(len(first), 1)
        self.assertFalse(self._run(), "nothing due any more")
        # Even if the next date is put back (manual edit, concurrent run), the period is not
        # invoiced again.
        self.contract.contract_line_ids.write(
            {"recurring_next_date": date(2026, 3, 1), "last_date_invoiced": False}
        )
        self.assertFalse(self._run())
        self.assertEqual(
            self.env["account.move"].search_count([("it_contract_id", "=", self.contract.id)]), 1
        )

    def test_database_refuses_second_invoice_of_period(self):
        first = self._run()
        with self.assertRaises(IntegrityError), mute_logger("odoo.sql_db"):
            with self.env.cr.savepoint():
                self.env["account.move"].create(
                    {
                        "move_type": "out_invoice",
                        "partner_id": self.customer_a.id,
                        "it_contract_id": self.contract.id,
                        "it_period_start": first.it_period_start,
                    }
                )
                self.env.flush_all()

    def test_broken_contract_reported_others_invoiced(self):
        broken = self._contract(name="Contrat cassé", it_extra_hour_product_id=False)
        ticket = self._ticket(it_contract_id=broken.id)
        self.env["account.analytic.line"].create(
            {"name": "x", "it_ticket_id": ticket.id, "unit_amount": 5, "date": "2026-02-20"}
        )
        invoices = self._run()
        self.assertEqual(invoices.it_contract_id, self.contract)
        self.assertIn("no extra hours product", broken.it_invoice_error)
        self.assertIn("Recurring invoicing failed", broken.message_ids[0].body)
        self.assertEqual(broken.recurring_next_date, date(2026, 3, 1), "still due")
        # Fixed, the next run invoices it and clears the error.
        broken.it_extra_hour_product_id = self.hour_product
        self.assertEqual(self._run().it_contract_id, broken)
        self.assertFalse(broken.it_invoice_error)

    def test_invoice_in_contract_company(self):
        self.env["account.chart.template"].try_loading(
            "generic_coa", company=self.company_b, install_demo=False
        )
        customer = self.env["res.partner"].create({"name": "Boulangerie Roux", "is_company": True})
        contract_b = self._contract(
            name="Infogérance Roux",
            partner_id=customer.id,
            company_id=self.company_b.id,
            it_service_level_id=False,
            it_asset_ids=False,
        )
        invoices = self._run()
        by_contract = {move.it_contract_id: move for move in invoices}
        self.assertEqual(by_contract[contract_b].company_id, self.company_b)
        self.assertEqual(by_contract[contract_b].journal_id.company_id, self.company_b)
        self.assertEqual(by_contract[self.contract].company_id, self.company_a)

    def test_invoice_button_same_rules(self):
        invoice = self.contract.recurring_create_invoice()
        self.assertEqual(invoice.state, "posted")
        self.assertIn(self.hour_product, invoice.invoice_line_ids.product_id)
        self.assertIn(invoice.name, self.contract.message_ids[0].body)  # OCA's message
        self.contract.contract_line_ids.write(
            {"recurring_next_date": date(2026, 3, 1), "last_date_invoiced": False}
        )
        self.assertFalse(self.contract.recurring_create_invoice(), "period already invoiced")

    def test_supplier_contract_bill_stays_draft(self):
        vendor = self.env["res.partner"].create({"name": "Ingram Micro", "is_company": True})
        supplier = self._contract(
            name="Licences Microsoft 365",
            partner_id=vendor.id,
            contract_type="purchase",
            it_contract_kind="licence",
            it_asset_ids=False,
            it_hours_included=0,
        )
        invoices = self._run()
        bill = invoices.filtered(lambda move: move.it_contract_id == supplier)
        self.assertEqual(bill.move_type, "in_invoice")
        self.assertEqual(bill.state, "draft")
        self.assertEqual((invoices - bill).state, "posted")
