import hashlib

from odoo import api, models
from odoo.exceptions import UserError

from ..lib import statement_check as check

XLS_MAGIC = (b"PK\x03\x04", b"\xd0\xcf\x11\xe0")


class AccountStatementImportSheetParser(models.TransientModel):
    _inherit = "account.statement.import.sheet.parser"

    def _gf_problem_message(self, line_no, code, params):
        if code == check.EMPTY_FILE:
            text = self.env._("the file is empty")
        elif code == check.NOT_TEXT:
            text = self.env._("this is not a text (CSV) file")
        elif code == check.MISSING_COLUMN:
            text = self.env._(
                "column(s) %(columns)s missing from the header (columns found: %(found)s); "
                "is it an export of this bank?",
                columns=params["columns"],
                found=params["found"],
            )
        elif code == check.COLUMN_COUNT and "detail" in params:
            text = self.env._("unreadable line (%(detail)s)", detail=params["detail"])
        elif code == check.COLUMN_COUNT:
            text = self.env._(
                "%(count)s columns instead of %(expected)s",
                count=params["count"],
                expected=params["expected"],
            )
        elif code == check.BAD_DATE:
            text = self.env._(
                "date '%(value)s' cannot be read (expected format %(format)s)",
                value=params["value"],
                format=params["format"],
            )
        elif code == check.BAD_AMOUNT:
            text = self.env._("amount '%(value)s' cannot be read", value=params["value"])
        elif code == check.NO_AMOUNT:
            text = self.env._("no amount")
        elif code == check.BOTH_AMOUNTS:
            text = self.env._("both a debit and a credit")
        elif code == check.EMPTY_LABEL:
            text = self.env._("empty label")
        else:
            text = self.env._("the file contains no transaction")
        return self.env._("Line %(line)s: %(problem)s", line=line_no, problem=text)

    @api.model
    def _gf_check_file(self, data_file, mapping):
        """Refuse the whole file, listing its bad lines, before OCA's parser reads it."""
        if not mapping.gf_check_rows or data_file[:4] in XLS_MAGIC:
            return
        text = self._decode_data_file(data_file, encoding=mapping.file_encoding)
        if text.startswith("\ufeff"):
            text = text[1:]
        problems, _rows = check.check_csv(text, mapping._gf_check_spec())
        if not problems:
            return
        date_hint = (
            mapping.timestamp_format.replace("%d", "JJ").replace("%m", "MM").replace("%Y", "AAAA")
            if self.env.lang and self.env.lang.startswith("fr")
            else mapping.timestamp_format.replace("%d", "DD")
            .replace("%m", "MM")
            .replace("%Y", "YYYY")
        )
        lines = [
            self._gf_problem_message(line_no, code, {**params, "format": date_hint})
            for line_no, code, params in problems
        ]
        raise UserError(
            self.env._(
                "The file %(mapping)s was refused, nothing was imported:\n%(lines)s",
                mapping=mapping.name,
                lines="\n".join(lines),
            )
        )

    def _parse_lines(self, mapping, data_file, currency_code):
        lines = super()._parse_lines(mapping, data_file, currency_code)
        if mapping.gf_skip_duplicates:
            for line, key in zip(lines, check.occurrence_keys(lines), strict=True):
                line["gf_dedup_key"] = key
        return lines

    @api.model
    def _convert_line_to_transactions(self, line):
        transactions = super()._convert_line_to_transactions(line)
        key = line.get("gf_dedup_key")
        if key:
            digest = hashlib.sha1(key.encode()).hexdigest()[:24]
            for transaction in transactions:
                transaction.setdefault("unique_import_id", f"gf-{digest}")
        return transactions
