import base64

from odoo.exceptions import UserError
from odoo.tests import TransactionCase, tagged
from odoo.tools.misc import file_open

from .common import GroupFinanceBankMixin

SAMPLES = "group_finance/data/samples/"


@tagged("post_install", "-at_install")
class TestStatementImport(GroupFinanceBankMixin, TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._gf_setup_bank()
        cls.mapping_bnp = cls.env.ref("group_finance.sheet_mapping_bnp")

    def _import(self, content, mapping=None, journal=None, filename="releve.csv"):
        journal = journal or self.journal_a
        if isinstance(content, str):
            content = content.encode("utf-8")
        wizard = (
            self.env["account.statement.import"]
            .with_company(journal.company_id)
            .with_context(journal_id=journal.id)
            .create(
                {
                    "statement_filename": filename,
                    "statement_file": base64.b64encode(content),
                    "sheet_mapping_id": (mapping or self.mapping_bnp).id,
                }
            )
        )
        return wizard._import_file()

    def _sample(self, name):
        with file_open(SAMPLES + name, "rb") as handle:
            return handle.read()

    def _lines(self, journal=None):
        return self.env["account.bank.statement.line"].search(
            [("journal_id", "=", (journal or self.journal_a).id)], order="date, id"
        )

    def test_each_bank_sample_imports(self):
        cases = [
            ("sheet_mapping_bnp", "bnp_paribas.csv", 6, 1024.60),
            ("sheet_mapping_credit_agricole", "credit_agricole.csv", 3, 389.75),
            ("sheet_mapping_societe_generale", "societe_generale.csv", 2, 14040.00),
            ("sheet_mapping_cic", "cic.csv", 3, 3549.50),
        ]
        for xmlid, filename, count, total in cases:
            with self.subTest(bank=xmlid):
                before = self._lines()
                result = self._import(
                    self._sample(filename), self.env.ref(f"group_finance.{xmlid}")
                )
                lines = self._lines() - before
                self.assertEqual(len(lines), count)
                self.assertAlmostEqual(sum(lines.mapped("amount")), total, places=2)
                self.assertEqual(len(result["statement_ids"]), 1)
                self.assertTrue(all(lines.mapped("payment_ref")))

    def test_signs_labels_and_encoding(self):
        self._import(
            self._sample("credit_agricole.csv"),
            self.env.ref("group_finance.sheet_mapping_credit_agricole"),
        )
        lines = self._lines()
        by_label = {line.payment_ref: line.amount for line in lines}
        self.assertEqual(by_label["VIREMENT LOYER NOVEMBRE SAS SOLAIRE NETTOYAGE"], 2400.0)
        self.assertEqual(by_label["ÉCHÉANCE PRÊT IMMOBILIER N°78451"], -830.25)
        self.assertEqual(by_label["PRELEVEMENT TAXE FONCIERE DGFIP"], -1180.0)

    def test_identical_lines_of_one_file_are_both_imported(self):
        self._import(self._sample("bnp_paribas.csv"))
        total = self._lines().filtered(lambda line: "TOTAL ENERGIES" in line.payment_ref)
        self.assertEqual(len(total), 2)

    def test_reimport_skips_lines_already_imported_and_counts_them(self):
        self._import(self._sample("bnp_paribas.csv"))
        self.assertEqual(len(self._lines()), 6)
        with self.assertRaises(UserError):
            self._import(self._sample("bnp_paribas.csv"))
        bigger = self._sample("bnp_paribas.csv").decode("utf-8-sig") + (
            "12/11/2026;VIR SEPA RECU /DE ENGIE GREEN /MOTIF FA/2026/00020;960,00\n"
            "05/11/2026;CB TOTAL ENERGIES 04/11 AIX EN PROVENCE;-72,35\n"
        )
        result = self._import(bigger)
        self.assertEqual(result["gf_skipped"], 6)
        self.assertEqual(len(self._lines()), 8)
        self.assertIn("6 line(s) already imported", "\n".join(result["notifications"]))
        # the third identical card payment of the day is a new line
        total = self._lines().filtered(lambda line: "TOTAL ENERGIES" in line.payment_ref)
        self.assertEqual(len(total), 3)

    def test_same_line_in_another_account_is_not_a_duplicate(self):
        self._import(self._sample("bnp_paribas.csv"))
        self._import(self._sample("bnp_paribas.csv"), journal=self.journal_b)
        self.assertEqual(len(self._lines(self.journal_b)), 6)

    def _assert_refused(self, content, *expected, mapping=None):
        statements = self.env["account.bank.statement"].search_count([])
        with self.assertRaises(UserError) as catcher:
            self._import(content, mapping)
        message = str(catcher.exception)
        self.assertIn("nothing was imported", message)
        for text in expected:
            self.assertIn(text, message)
        self.assertEqual(self.env["account.bank.statement"].search_count([]), statements)
        self.assertFalse(self._lines())
        return message

    def test_bad_date_refused_with_line_number(self):
        self._assert_refused(
            "Date opération;Libellé;Montant\n"
            "03/11/2026;VIR A;10,00\n"
            "31/02/2026;VIR B;12,00\n"
            "2026-11-05;VIR C;13,00\n",
            "Line 3: date '31/02/2026'",
            "Line 4: date '2026-11-05'",
        )

    def test_bad_amount_refused_with_line_number(self):
        message = self._assert_refused(
            "Date opération;Libellé;Montant\n03/11/2026;VIR A;10,00\n04/11/2026;VIR B;12,5O\n"
            "05/11/2026;VIR C;\n",
            "Line 3: amount '12,5O' cannot be read",
            "Line 4: no amount",
        )
        self.assertNotIn("Line 2", message)

    def test_wrong_column_count_refused(self):
        self._assert_refused(
            "Date opération;Libellé;Montant\n03/11/2026;VIR A;10,00\n04/11/2026;12,00\n",
            "Line 3: 2 columns instead of 3",
        )

    def test_missing_column_refused(self):
        self._assert_refused(
            "Date;Libellé;Montant\n03/11/2026;VIR A;10,00\n",
            "Line 1: column(s) Date opération missing",
        )

    def test_debit_and_credit_both_filled_refused(self):
        self._assert_refused(
            "Date;Date de valeur;Débit;Crédit;Libellé;Solde\n"
            "02/11/2026;02/11/2026;;5000,00;VIR LEXA;125000,00\n"
            "04/11/2026;04/11/2026;-250,00;10,00;ABONNEMENT;124750,00\n"
            "05/11/2026;05/11/2026;;;RIEN;124750,00\n",
            "Line 3: both a debit and a credit",
            "Line 4: no amount",
            mapping=self.env.ref("group_finance.sheet_mapping_cic"),
        )

    def test_empty_label_refused(self):
        self._assert_refused(
            "Date opération;Libellé;Montant\n03/11/2026; ;10,00\n", "Line 2: empty label"
        )

    def test_empty_and_header_only_files_refused(self):
        self._assert_refused("", "Line 1: the file is empty")
        self._assert_refused("Date opération;Libellé;Montant\n", "the file contains no transaction")

    def test_binary_file_refused(self):
        self._assert_refused(b"%PDF-1.4\x00\x01\x02binary", "not a text (CSV) file")

    def test_preamble_lines_are_counted_in_line_numbers(self):
        content = self._sample("credit_agricole.csv").decode("windows-1252")
        content += "10/11/2026;CHEQUE 1234;abc;\n"
        self._assert_refused(
            content.encode("windows-1252"),
            "Line 8: amount 'abc' cannot be read",
            mapping=self.env.ref("group_finance.sheet_mapping_credit_agricole"),
        )
