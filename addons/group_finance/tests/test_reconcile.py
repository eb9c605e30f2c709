from odoo.tests import TransactionCase, tagged

from .common import GroupFinanceBankMixin

IBAN_EDF = "FR7630003012340005006789020"


@tagged("post_install", "-at_install")
class TestReconcile(GroupFinanceBankMixin, TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._gf_setup_bank()
        Partner = cls.env["res.partner"]
        cls.edf = Partner.create({"name": "EDF Renouvelables", "is_company": True})
        cls.engie = Partner.create({"name": "ENGIE Green", "is_company": True})
        cls.orange = Partner.create({"name": "Orange Business", "is_company": True})
        cls.env["res.partner.bank"].create({"acc_number": IBAN_EDF, "partner_id": cls.edf.id})

    def _match(self, *lines):
        lines = self.env["account.bank.statement.line"].union(*lines)
        return lines._gf_match_and_reconcile()

    def _assert_paid(self, *moves):
        for move in moves:
            self.assertIn(move.payment_state, ("paid", "in_payment"), move.name)

    def _assert_open(self, *moves):
        for move in moves:
            self.assertEqual(move.payment_state, "not_paid", move.name)

    def test_invoice_number_in_label_same_amount_reconciled_automatically(self):
        invoice = self._gf_invoice(self.company_a, self.edf, 1440.0)
        line = self._gf_statement_line(
            self.journal_a, 1440.0, f"VIR SEPA RECU /DE EDF /MOTIF FACTURE {invoice.name}"
        )
        counts = self._match(line)
        self.assertEqual(counts["auto"], 1)
        self.assertTrue(line.is_reconciled)
        self.assertEqual(line.gf_match_state, "auto")
        self.assertIn(invoice.name, line.gf_match_reason)
        self.assertIn("same amount", line.gf_match_reason)
        self._assert_paid(invoice)

    def test_number_written_with_spaces_instead_of_slashes(self):
        invoice = self._gf_invoice(self.company_a, self.edf, 500.0)
        spaced = invoice.name.replace("/", " ")
        line = self._gf_statement_line(self.journal_a, 500.0, f"VIR EDF REGLEMENT {spaced}")
        self._match(line)
        self.assertTrue(line.is_reconciled)

    def test_one_transfer_paying_several_invoices(self):
        first = self._gf_invoice(self.company_a, self.engie, 960.0)
        second = self._gf_invoice(self.company_a, self.engie, 1200.0)
        line = self._gf_statement_line(
            self.journal_a, 2160.0, f"VIR ENGIE GREEN FACT {first.name} ET {second.name}"
        )
        self._match(line)
        self.assertTrue(line.is_reconciled)
        self.assertIn("2 documents", line.gf_match_reason)
        self._assert_paid(first, second)

    def test_customer_reference_of_a_supplier_bill(self):
        bill = self._gf_invoice(self.company_a, self.orange, 89.9, "in_invoice", ref="FO-2026-118")
        line = self._gf_statement_line(
            self.journal_a, -89.9, "PRLV SEPA ORANGE BUSINESS /REF FO-2026-118"
        )
        self._match(line)
        self.assertTrue(line.is_reconciled)
        self._assert_paid(bill)

    def test_partner_iban_with_one_open_item_of_this_amount(self):
        invoice = self._gf_invoice(self.company_a, self.edf, 730.0)
        self._gf_invoice(self.company_a, self.edf, 1730.0)
        line = self._gf_statement_line(self.journal_a, 730.0, "VIR SEPA RECU EDF", iban=IBAN_EDF)
        self._match(line)
        self.assertTrue(line.is_reconciled)
        self.assertIn("IBAN", line.gf_match_reason)
        self._assert_paid(invoice)

    def test_partner_iban_transfer_paying_all_open_items(self):
        first = self._gf_invoice(self.company_a, self.edf, 300.0)
        second = self._gf_invoice(self.company_a, self.edf, 450.5)
        line = self._gf_statement_line(self.journal_a, 750.5, "VIR SEPA RECU EDF", iban=IBAN_EDF)
        self._match(line)
        self.assertTrue(line.is_reconciled)
        self._assert_paid(first, second)

    def test_amount_alone_is_only_proposed_in_the_oca_screen(self):
        invoice = self._gf_invoice(self.company_a, self.engie, 612.34)
        line = self._gf_statement_line(self.journal_a, 612.34, "VIREMENT RECU")
        counts = self._match(line)
        self.assertEqual(counts, {"auto": 0, "proposed": 1, "none": 0})
        self.assertFalse(line.is_reconciled)
        self.assertEqual(line.gf_match_state, "proposed")
        self.assertIn("to check", line.gf_match_reason)
        self._assert_open(invoice)
        # OCA's reconciliation screen shows the proposal, ready to accept
        line.invalidate_recordset()
        data = line.reconcile_data_info["data"]
        counterparts = [d for d in data if d.get("counterpart_line_ids")]
        self.assertEqual(
            counterparts[0]["counterpart_line_ids"],
            invoice.line_ids.filtered(lambda aml: aml.account_id.reconcile).ids,
        )
        self.assertTrue(line.can_reconcile)
        # the accountant accepts it
        line.reconcile_bank_line()
        self.assertTrue(line.is_reconciled)
        self.assertEqual(line.gf_match_state, "accepted")
        self._assert_paid(invoice)

    def test_rejected_proposal_is_not_proposed_again(self):
        invoice = self._gf_invoice(self.company_a, self.engie, 612.34)
        line = self._gf_statement_line(self.journal_a, 612.34, "VIREMENT RECU")
        self._match(line)
        line.action_gf_reject_proposal()
        self.assertEqual(line.gf_match_state, "rejected")
        self.assertFalse(line.gf_proposal_line_ids)
        self.assertFalse(
            [d for d in line.reconcile_data_info["data"] if d.get("counterpart_line_ids")]
        )
        self._match(line)
        self.assertEqual(line.gf_match_state, "rejected")
        self._assert_open(invoice)

    def test_same_amount_for_two_customers_without_clue_is_not_proposed(self):
        self._gf_invoice(self.company_a, self.engie, 250.0)
        self._gf_invoice(self.company_a, self.orange, 250.0)
        line = self._gf_statement_line(self.journal_a, 250.0, "VIREMENT RECU")
        self._match(line)
        self.assertEqual(line.gf_match_state, "none")
        self.assertFalse(line.is_reconciled)

    def test_reference_with_another_amount_is_only_proposed(self):
        invoice = self._gf_invoice(self.company_a, self.edf, 1000.0)
        line = self._gf_statement_line(self.journal_a, 400.0, f"ACOMPTE {invoice.name}")
        self._match(line)
        self.assertFalse(line.is_reconciled)
        self.assertEqual(line.gf_match_state, "proposed")
        self.assertIn("amount differs", line.gf_match_reason)

    def test_two_lines_claiming_one_invoice_are_both_left_for_review(self):
        invoice = self._gf_invoice(self.company_a, self.edf, 800.0)
        first = self._gf_statement_line(self.journal_a, 800.0, f"VIR {invoice.name}")
        second = self._gf_statement_line(self.journal_a, 800.0, f"VIR BIS {invoice.name}")
        self._match(first, second)
        self.assertFalse(first.is_reconciled or second.is_reconciled)
        self.assertEqual((first | second).mapped("gf_match_state"), ["proposed", "proposed"])
        self._assert_open(invoice)

    def test_wrong_direction_is_never_matched(self):
        bill = self._gf_invoice(self.company_a, self.orange, 89.9, "in_invoice", ref="FO-2026-200")
        line = self._gf_statement_line(self.journal_a, 89.9, "REMBOURSEMENT FO-2026-200")
        self._match(line)
        self.assertFalse(line.is_reconciled)
        self._assert_open(bill)

    def test_other_company_items_are_never_matched(self):
        invoice_b = self._gf_invoice(self.company_b, self.edf, 640.0)
        line = self._gf_statement_line(self.journal_a, 640.0, f"VIR {invoice_b.name}")
        self._match(line)
        self.assertEqual(line.gf_match_state, "none")
        self._assert_open(invoice_b)

    def test_import_of_a_bank_file_reconciles(self):
        import base64

        invoice = self._gf_invoice(self.company_a, self.edf, 1440.0)
        content = (
            "Date opération;Libellé;Montant\n"
            f"20/11/2026;VIR SEPA RECU /DE EDF /MOTIF {invoice.name};1440,00\n"
            "21/11/2026;FRAIS BANCAIRES;-24,00\n"
        )
        wizard = (
            self.env["account.statement.import"]
            .with_company(self.company_a)
            .with_context(journal_id=self.journal_a.id)
            .create(
                {
                    "statement_filename": "bnp.csv",
                    "statement_file": base64.b64encode(content.encode()),
                    "sheet_mapping_id": self.env.ref("group_finance.sheet_mapping_bnp").id,
                }
            )
        )
        wizard._import_file()
        self._assert_paid(invoice)
