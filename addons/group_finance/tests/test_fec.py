# Copyright 2026 The suite's authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import io
import zipfile

from odoo import Command
from odoo.exceptions import AccessError
from odoo.tests import new_test_user, tagged

from .common import GfVatCommon


@tagged("post_install", "-at_install")
class TestFecExport(GfVatCommon):
    """Core's FEC for one or every company, after a pre-flight check listing entries at fault."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        company2_data = cls.setup_other_company(name="LEXA")
        cls.company2 = company2_data["company"]
        cls.company2.vat = "FR40303265045"
        cls.inv = cls._gf_invoice("out_invoice", "2026-03-10", [(100.0, cls.tax_s20)])
        cls.inv2 = cls._gf_invoice(
            "out_invoice",
            "2026-04-10",
            [(200.0, cls.env["account.chart.template"].with_company(cls.company2).ref(
                "tva_normale"))],
            company=cls.company2,
            account=company2_data["default_account_revenue"],
        )  # fmt: skip
        cls.misc = cls.company_data["default_journal_misc"]
        cls.Wizard = cls.env["l10n_fr.fec.export.wizard"]

    def _wizard(self, companies=None, **vals):
        return self.Wizard.create(
            {
                "date_from": "2026-01-01",
                "date_to": "2026-12-31",
                "gf_company_ids": [Command.set((companies or self.company).ids)],
                **vals,
            }
        )

    def _entry(self, date, lines, post=True):
        move = self.env["account.move"].create(
            {
                "journal_id": self.misc.id,
                "date": date,
                "line_ids": [
                    Command.create({"account_id": acc.id, "balance": amount, "name": "OD", **kw})
                    for acc, amount, kw in lines
                ],
            }
        )
        if post:
            move.action_post()
        return move

    def _problems(self, wizard):
        return {(line.problem, line.move_id) for line in wizard.gf_check_line_ids}

    def test_clean_books_export_one_file_per_company(self):
        wizard = self._wizard(self.company | self.company2, test_file=True)
        action = wizard.create_fec_report_action()
        self.assertEqual(wizard.gf_check_state, "ok")
        self.assertEqual(action["type"], "ir.actions.act_url")
        with zipfile.ZipFile(io.BytesIO(wizard.gf_attachment_id.raw)) as archive:
            names = sorted(archive.namelist())
            self.assertEqual(names, ["303265045FEC20261231.csv", "820504421FEC20261231.csv"])
            content = archive.read("820504421FEC20261231.csv").decode()
            content2 = archive.read("303265045FEC20261231.csv").decode()
        self.assertTrue(content.startswith("JournalCode|JournalLib|EcritureNum"))
        # each company's own books: 100 + 20% in one, 200 + 20% in the other
        self.assertIn("000000000000120,00", content)
        self.assertNotIn("000000000000240,00", content)
        self.assertIn("000000000000240,00", content2)
        self.assertNotIn("000000000000120,00", content2)
        # test mode: core leaves the lock date alone
        self.assertFalse(self.company.fiscalyear_lock_date)

    def test_single_company_official_export_locks_the_year(self):
        wizard = self._wizard()
        wizard.create_fec_report_action()
        self.assertEqual(wizard.gf_attachment_id.name, "820504421FEC20261231.csv")
        self.assertIn(self.inv.name, wizard.gf_attachment_id.raw.decode())
        self.assertEqual(str(self.company.fiscalyear_lock_date), "2026-12-31")

    def test_check_lists_entries_at_fault(self):
        receivable = self.company_data["default_account_receivable"]
        revenue = self.acc_revenue
        draft = self._gf_invoice("out_invoice", "2026-05-02", [(10.0, self.tax_s20)], post=False)
        no_partner = self._entry(
            "2026-05-03", [(receivable, 50.0, {}), (revenue, -50.0, {"partner_id": False})]
        )
        moves = [
            self._entry(f"2026-06-0{day}", [(revenue, 10.0, {}), (self.acc_expense, -10.0, {})])
            for day in (1, 2, 3)
        ]
        unbalanced, labelless = moves[0], moves[1]
        self.env.flush_all()
        self.env.cr.execute(
            "UPDATE account_move_line SET balance = balance + 1, debit = debit + 1 "
            "WHERE id = %s",
            [unbalanced.line_ids[0].id],
        )
        self.env.cr.execute(
            "UPDATE account_move_line SET name = '' WHERE id = %s", [labelless.line_ids[0].id]
        )
        self.env.cr.execute(
            "UPDATE account_move SET sequence_number = sequence_number + 5 WHERE id = %s",
            [moves[2].id],
        )
        self.env.invalidate_all()
        wizard = self._wizard(date_to="2027-03-31")
        next_year = self._entry("2027-02-01", [(revenue, 10.0, {}), (self.acc_expense, -10.0, {})])
        wizard.action_gf_check()
        self.assertEqual(wizard.gf_check_state, "ko")
        problems = self._problems(wizard)
        self.assertIn(("unposted", draft), problems)
        self.assertIn(("partner", no_partner), problems)
        self.assertIn(("unbalanced", unbalanced), problems)
        self.assertIn(("label", labelless), problems)
        self.assertIn(("gap", moves[2]), problems)
        self.assertIn(("fiscal_year", next_year), problems)
        self.assertNotIn(self.inv, {move for __, move in problems})
        # the official export is refused while entries are at fault: nothing produced
        wizard.create_fec_report_action()
        self.assertFalse(wizard.gf_attachment_id)
        self.assertFalse(self.company.fiscalyear_lock_date)

    def test_company_outside_the_users_access_is_refused(self):
        accountant = new_test_user(
            self.env, "gf_fec_accountant", groups="account.group_account_manager",
            company_id=self.company.id, company_ids=[self.company.id],
        )  # fmt: skip
        wizard = self._wizard(self.company | self.company2).with_user(accountant)
        with self.assertRaises(AccessError):
            wizard.action_gf_check()
