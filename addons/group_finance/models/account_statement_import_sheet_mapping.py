from odoo import fields, models


class AccountStatementImportSheetMapping(models.Model):
    _inherit = "account.statement.import.sheet.mapping"

    gf_check_rows = fields.Boolean(
        string="Check Every Line First",
        help="Before importing, check every line of the file (columns, dates, amounts); a "
        "file with a bad line is refused whole, with the numbers of the bad lines.",
    )
    gf_skip_duplicates = fields.Boolean(
        string="Skip Lines Already Imported",
        help="A line with the same account, date, amount and label as a line already "
        "imported is skipped and counted.",
    )

    def _gf_check_spec(self):
        """The mapping as the pure checker (lib.statement_check) reads it."""
        self.ensure_one()
        thousands, decimal = self._get_float_separators()
        labels = [
            name
            for column in (self.description_column, self.reference_column)
            for name in (column or "").split(",")
            if name
        ]
        spec = {
            "delimiter": self._get_column_delimiter_character() or ",",
            "quotechar": self.quotechar,
            "header_line": self.header_lines_skip_count,
            "footer_skip": self.footer_lines_skip_count,
            "date_column": self.timestamp_column,
            "date_format": self.timestamp_format,
            "label_columns": labels,
            "thousands": thousands,
            "decimal": decimal,
            "skip_empty": self.skip_empty_lines,
        }
        if self.amount_type == "distinct_credit_debit":
            spec["debit_column"] = self.amount_debit_column
            spec["credit_column"] = self.amount_credit_column
        else:
            spec["amount_column"] = self.amount_column
        return spec
