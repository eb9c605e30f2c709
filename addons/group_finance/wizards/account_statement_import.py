from odoo import models


class AccountStatementImport(models.TransientModel):
    _inherit = "account.statement.import"

    def _parse_file(self, data_file):
        if self.sheet_mapping_id:
            self.env["account.statement.import.sheet.parser"]._gf_check_file(
                data_file, self.sheet_mapping_id
            )
        return super()._parse_file(data_file)

    def _gf_already_imported(self, stmts_vals):
        ids = [
            line["unique_import_id"]
            for st_vals in stmts_vals
            for line in st_vals.get("transactions", [])
            if line.get("unique_import_id")
        ]
        if not ids:
            return 0
        return (
            self.env["account.bank.statement.line"]
            .sudo()
            .search_count([("unique_import_id", "in", ids)])
        )

    def _create_bank_statements(self, stmts_vals, result):
        skipped = self._gf_already_imported(stmts_vals)
        res = super()._create_bank_statements(stmts_vals, result)
        result["gf_skipped"] = result.get("gf_skipped", 0) + skipped
        if skipped:
            result["notifications"].append(
                self.env._(
                    "%(count)s line(s) already imported (same account, date, amount and "
                    "label) were skipped.",
                    count=skipped,
                )
            )
        statements = self.env["account.bank.statement"].browse(result["statement_ids"])
        lines = statements.line_ids.filtered(lambda line: not line.is_reconciled)
        if lines and not self.env.context.get("gf_no_auto_match"):
            lines._gf_match_and_reconcile()
        return res
