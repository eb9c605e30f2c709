import base64
import json
from datetime import date
from decimal import Decimal

from freezegun import freeze_time

from odoo.exceptions import UserError, ValidationError
from odoo.tests import TransactionCase, tagged

from ..lib import jde
from .common import BtpCommon


@tagged("post_install", "-at_install")
class TestJdeFormats(TransactionCase):
    """The pure writers of lib/jde.py."""

    def test_julian_date(self):
        self.assertEqual(jde.julian(date(2026, 11, 22)), 126326)
        self.assertEqual(jde.julian(date(1999, 1, 1)), 99001)
        self.assertEqual(jde.julian(None), 0)

    def test_fixed_fields(self):
        self.assertEqual(jde.format_field("X", 5, "A", "Éclat"), "ECLAT")
        self.assertEqual(jde.format_field("X", 6, "A", "ab"), "AB    ")
        self.assertEqual(jde.format_field("X", 5, "N", 42), "00042")
        self.assertEqual(jde.format_field("X", 8, "S", -12.345), "-0001235")
        self.assertEqual(jde.format_field("X", 8, "S", 261), "+0026100")
        with self.assertRaises(jde.LayoutError):
            jde.format_field("X", 3, "N", 12345)
        with self.assertRaises(jde.LayoutError):
            jde.format_field("X", 4, "S", 1000)

    def test_layout_widths(self):
        line = jde.fixed_line(jde.F03B11Z1, {"DOC": 1, "AG": 1})
        self.assertEqual(len(line), jde.record_width(jde.F03B11Z1))
        line = jde.fixed_line(jde.F0911Z1, {})
        self.assertEqual(len(line), jde.record_width(jde.F0911Z1))

    def test_csv_and_json(self):
        text = jde.write_csv([{"TYPE": "FACTURE", "HT": 4350.0, "DATE": date(2026, 3, 31)}])
        header, row = text.splitlines()
        self.assertTrue(header.startswith("TYPE;DOCUMENT;"))
        self.assertTrue(row.startswith("FACTURE;;;20260331;"))
        self.assertIn(";4350.00;", row)
        payload = json.loads(jde.write_json({"a": Decimal("1.5"), "d": date(2026, 1, 2)}))
        self.assertEqual(payload, {"a": "1.50", "d": "2026-01-02"})

    def test_document_number(self):
        self.assertEqual(jde.jde_document_number(2026, 12), 26000012)
        with self.assertRaises(jde.LayoutError):
            jde.jde_document_number(2026, 1000000)


@tagged("post_install", "-at_install")
class TestJdeExport(BtpCommon, TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.order = cls._accepted_quote()
        cls.site = cls.order.btp_site_id

    def _situation(self, lot, m2, day):
        with freeze_time(day):
            self._progress(self.order, lot, m2)
            return self._post(self.order.action_btp_situation())

    def _pay(self, invoice, day):
        wizard = (
            self.env["account.payment.register"]
            .with_context(active_model="account.move", active_ids=invoice.ids)
            .create({"payment_date": day})
        )
        return wizard._create_payments()

    def _export(self, start, end):
        return (
            self.env["btp.jde.export"]
            .with_user(self.accountant)
            .create({"date_from": start, "date_to": end})
        )

    def _file(self, export, prefix):
        attachment = export.attachment_ids.filtered(lambda a: a.name.startswith(prefix))
        self.assertEqual(len(attachment), 1)
        return base64.b64decode(attachment.datas).decode()

    def test_month_export_files(self):
        first = self._situation(30, 25, "2026-03-10")
        second = self._situation(65, 50, "2026-03-25")
        payment = self._pay(first, date(2026, 3, 28))
        later = self._situation(80, 60, "2026-04-05")
        export = self._export(date(2026, 3, 1), date(2026, 3, 31))
        export.action_export()
        self.assertEqual(export.state, "done")
        self.assertEqual(export.invoice_ids, first | second)
        self.assertEqual(export.payment_ids, payment)
        self.assertFalse(later.btp_jde_export_id)
        self.assertEqual(first.btp_jde_export_id, export)
        self.assertEqual(len(export.attachment_ids), 4)

        csv_text = next(a for a in export.attachment_ids if a.name.endswith(".csv"))
        rows = base64.b64decode(csv_text.datas).decode().splitlines()
        self.assertEqual(len(rows), 4)  # header, two invoices, one payment
        self.assertIn(f"FACTURE;{first.name};", rows[1])
        self.assertIn(";10452;4350.00;870.00;5220.00;261.00;4959.00;", rows[1])
        self.assertTrue(rows[3].startswith(f"REGLEMENT;{payment.name};"))

        json_attachment = next(a for a in export.attachment_ids if a.name.endswith(".json"))
        payload = json.loads(base64.b64decode(json_attachment.datas))
        self.assertEqual(payload["batch"], export.name)
        self.assertEqual(payload["invoices"][0]["retention"], "261.00")
        self.assertEqual(payload["invoices"][0]["address_number"], 10452)
        self.assertEqual(payload["payments"][0]["amount"], "4959.00")
        self.assertEqual(payload["payments"][0]["invoices"], [first.name])

        f03 = self._file(export, "F03B11Z1").split("\r\n")[:-1]
        self.assertEqual(len(f03), 4)  # two pay items (net, retention) per invoice
        width = jde.record_width(jde.F03B11Z1)
        self.assertTrue(all(len(line) == width for line in f03))
        doc = f"{jde.jde_document_number(2026, first.sequence_number):08d}"
        self.assertEqual(f03[0][:10].strip(), self.accountant.login[:10].upper())
        self.assertEqual(f03[0][10:25].strip(), export.name)
        self.assertEqual(f03[0][25:47].strip(), "1")  # transaction
        self.assertEqual(f03[1][47:54], "0002000")  # line 2 of the transaction
        self.assertEqual(f03[0][56:64], doc)
        self.assertEqual(f03[0][64:66], "RI")
        self.assertEqual(f03[0][66:71], "00100")
        self.assertEqual(f03[0][71:74], "001")
        self.assertEqual(f03[1][71:74], "002")
        self.assertEqual(f03[0][74:82], "00010452")
        self.assertEqual(f03[0][82:88], "126069")  # 2026-03-10
        self.assertEqual(f03[0][100:116], "+000000000495900")
        self.assertEqual(f03[1][100:116], "+000000000026100")

        f09 = self._file(export, "F0911Z1").split("\r\n")[:-1]
        width = jde.record_width(jde.F0911Z1)
        self.assertTrue(all(len(line) == width for line in f09))
        # each transaction balances
        amount_start = 10 + 15 + 22 + 7 + 1 + 1 + 2 + 8 + 5 + 6 + 29 + 8
        by_transaction = {}
        for line in f09:
            by_transaction.setdefault(line[25:47].strip(), []).append(
                int(line[amount_start : amount_start + 16])
            )
        self.assertEqual(set(by_transaction), {"1", "2", "3"})
        for amounts in by_transaction.values():
            self.assertEqual(sum(amounts), 0)
        self.assertIn(self.retention_account.code, "".join(f09))

    def test_double_export_of_a_period_is_refused(self):
        self._situation(30, 25, "2026-03-10")
        self._export(date(2026, 3, 1), date(2026, 3, 31)).action_export()
        with self.assertRaises(ValidationError) as error:
            self._export(date(2026, 3, 1), date(2026, 3, 31))
        self.assertIn("was already exported", str(error.exception))
        # a wider period does not take the exported invoices again
        second = self._situation(60, 50, "2026-04-02")
        export = self._export(date(2026, 3, 1), date(2026, 4, 30))
        export.action_export()
        self.assertEqual(export.invoice_ids, second)
        with self.assertRaisesRegex(UserError, "already exported"):
            export.action_export()

    def test_reexport_on_demand(self):
        first = self._situation(30, 25, "2026-03-10")
        export = self._export(date(2026, 3, 1), date(2026, 3, 31))
        export.action_export()
        old_files = export.attachment_ids
        export.action_reexport()
        self.assertEqual(len(export.attachment_ids), 4)
        self.assertFalse(export.attachment_ids & old_files)
        self.assertEqual(export.invoice_ids, first)
        action = export.action_download()
        self.assertIn(f"/web/content/{export.attachment_ids.sorted('id')[-1].id}", action["url"])

    def test_incomplete_export_is_refused_with_the_list(self):
        first = self._situation(30, 25, "2026-03-10")
        other = self.env["res.partner"].create({"name": "Mairie de Crolles", "is_company": True})
        order = self._accepted_quote(partner=other)
        with freeze_time("2026-03-12"):
            self._progress(order, 10, 0)
            order.action_btp_situation()  # left in draft
            draft = order.invoice_ids
        with freeze_time("2026-03-15"):
            other_order = self._accepted_quote(partner=other)
            self._progress(other_order, 10, 0)
            posted_other = self._post(other_order.action_btp_situation())
        export = self._export(date(2026, 3, 1), date(2026, 3, 31))
        with self.assertRaises(UserError) as error:
            export.action_export()
        message = str(error.exception)
        self.assertIn("is not posted", message)
        self.assertIn(f"{posted_other.name}: customer Mairie de Crolles has no JD Edwards", message)
        self.assertEqual(export.state, "draft")
        self.assertFalse(first.btp_jde_export_id)
        self.assertFalse(export.attachment_ids)
        # fixed: the export runs
        draft.button_cancel()
        other.btp_jde_address_number = "20001"
        export.action_export()
        self.assertEqual(export.invoice_ids, first | posted_other)

    def test_period_checked(self):
        with self.assertRaisesRegex(ValidationError, "before its start"):
            self._export(date(2026, 3, 31), date(2026, 3, 1))

    def test_nothing_to_export(self):
        export = self._export(date(2025, 1, 1), date(2025, 1, 31))
        with self.assertRaisesRegex(UserError, "Nothing to export"):
            export.action_export()
