# Copyright 2026 The suite's authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""The group's FEC: core l10n_fr_account's exporter, for one company or every company of the
group in one go, after a pre-flight check that lists the entries at fault per problem.

The file itself is core's (``generate_fec()``, named ``<SIREN>FEC<YYYYMMDD>``); nothing here
writes a FEC line. The check is a handful of grouped SQL queries (no record is loaded per line)
and keeps at most ``CHECK_LIMIT`` entries per problem and company.
"""

import io
import zipfile

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import SQL

CHECK_LIMIT = 200

PROBLEMS = [
    ("unposted", "Unposted entry in the period"),
    ("unbalanced", "Unbalanced entry"),
    ("gap", "Gap in the journal's numbering"),
    ("label", "Empty label or reference"),
    ("partner", "Receivable/payable line without partner"),
    ("fiscal_year", "Date outside the fiscal year"),
]


class FecExportWizard(models.TransientModel):
    _inherit = "l10n_fr.fec.export.wizard"

    gf_company_ids = fields.Many2many(
        "res.company",
        string="Companies",
        default=lambda self: self.env.company,
        domain="[('id', 'in', allowed_company_ids)]",
        help="One FEC file per company, each named <SIREN>FEC<end date>.",
    )
    allowed_company_ids = fields.Many2many("res.company", compute="_compute_allowed_company_ids")
    gf_check_line_ids = fields.One2many(
        "group.finance.fec.check.line", "wizard_id", string="Pre-flight check", readonly=True
    )
    gf_check_state = fields.Selection(
        [("todo", "Not checked"), ("ok", "No problem"), ("ko", "Problems found")],
        default="todo",
        readonly=True,
    )
    gf_attachment_id = fields.Many2one("ir.attachment", readonly=True)

    @api.depends_context("uid")
    def _compute_allowed_company_ids(self):
        for wizard in self:
            wizard.allowed_company_ids = self.env.user.company_ids

    def _gf_companies(self):
        self.ensure_one()
        companies = self.gf_company_ids or self.env.company
        if companies - self.env.user.company_ids:
            raise AccessError(self.env._("You have no access to some of the selected companies."))
        if self.date_from > self.date_to:
            raise UserError(self.env._("The start date must be before the end date."))
        return companies

    # ---------------------------------------------------------------- check
    def _gf_check_queries(self, company):
        """{problem: SQL returning (move_id, detail)} for one company and the period."""
        params = {
            "company": company.id,
            "date_from": self.date_from,
            "date_to": self.date_to,
            "limit": CHECK_LIMIT,
        }
        fy = company.compute_fiscalyear_dates(self.date_from)
        excluded = tuple(self.excluded_journal_ids.ids) or (0,)
        return {
            "unposted": SQL(
                """SELECT id, name FROM account_move
                    WHERE company_id = %(company)s AND state = 'draft'
                      AND date BETWEEN %(date_from)s AND %(date_to)s
                      AND journal_id NOT IN %(excluded)s
                    ORDER BY date, id LIMIT %(limit)s""",
                excluded=excluded,
                **params,
            ),  # fmt: skip
            "unbalanced": SQL(
                """SELECT move_id, TO_CHAR(SUM(balance), 'FM999999999990D00')
                     FROM account_move_line
                    WHERE company_id = %(company)s AND parent_state = 'posted'
                      AND date BETWEEN %(date_from)s AND %(date_to)s
                      AND journal_id NOT IN %(excluded)s
                    GROUP BY move_id HAVING ABS(SUM(balance)) > 0.001
                    ORDER BY move_id LIMIT %(limit)s""",
                excluded=excluded,
                **params,
            ),  # fmt: skip
            "gap": SQL(
                """SELECT id, previous || ' → ' || name FROM (
                       SELECT id, name, sequence_number,
                              LAG(sequence_number) OVER w AS previous_number,
                              LAG(name) OVER w AS previous
                         FROM account_move
                        WHERE company_id = %(company)s AND state = 'posted'
                          AND date BETWEEN %(date_from)s AND %(date_to)s
                          AND journal_id NOT IN %(excluded)s
                          AND sequence_prefix IS NOT NULL
                       WINDOW w AS (PARTITION BY journal_id, sequence_prefix
                                    ORDER BY sequence_number)
                   ) numbered
                   WHERE sequence_number > previous_number + 1
                   ORDER BY id LIMIT %(limit)s""",
                excluded=excluded,
                **params,
            ),  # fmt: skip
            "label": SQL(
                """SELECT m.id, CASE WHEN COALESCE(TRIM(m.name), '') IN ('', '/')
                                     THEN 'number' ELSE 'label' END
                     FROM account_move m
                    WHERE m.company_id = %(company)s AND m.state = 'posted'
                      AND m.date BETWEEN %(date_from)s AND %(date_to)s
                      AND m.journal_id NOT IN %(excluded)s
                      AND (COALESCE(TRIM(m.name), '') IN ('', '/')
                           OR EXISTS (SELECT 1 FROM account_move_line l
                                       WHERE l.move_id = m.id
                                         AND COALESCE(TRIM(l.name), '') = ''))
                    ORDER BY m.date, m.id LIMIT %(limit)s""",
                excluded=excluded,
                **params,
            ),  # fmt: skip
            "partner": SQL(
                """SELECT l.move_id, MIN(a.code_store->>%(company_key)s)
                     FROM account_move_line l
                     JOIN account_account a ON a.id = l.account_id
                    WHERE l.company_id = %(company)s AND l.parent_state = 'posted'
                      AND l.date BETWEEN %(date_from)s AND %(date_to)s
                      AND l.journal_id NOT IN %(excluded)s
                      AND a.account_type IN ('asset_receivable', 'liability_payable')
                      AND l.partner_id IS NULL
                    GROUP BY l.move_id ORDER BY l.move_id LIMIT %(limit)s""",
                excluded=excluded,
                company_key=str(company.root_id.id),
                **params,
            ),  # fmt: skip
            "fiscal_year": SQL(
                """SELECT id, TO_CHAR(date, 'DD/MM/YYYY') FROM account_move
                    WHERE company_id = %(company)s AND state = 'posted'
                      AND date BETWEEN %(date_from)s AND %(date_to)s
                      AND journal_id NOT IN %(excluded)s
                      AND (date < %(fy_from)s OR date > %(fy_to)s)
                    ORDER BY date, id LIMIT %(limit)s""",
                excluded=excluded,
                fy_from=fy["date_from"],
                fy_to=fy["date_to"],
                **params,
            ),  # fmt: skip
        }

    def _gf_run_check(self):
        """Fills the check lines of every selected company; True when nothing is at fault."""
        self.ensure_one()
        companies = self._gf_companies()
        self.env.flush_all()
        vals = []
        for company in companies:
            for problem, query in self._gf_check_queries(company).items():
                self.env.cr.execute(query)
                vals += [
                    {
                        "wizard_id": self.id,
                        "company_id": company.id,
                        "problem": problem,
                        "move_id": move_id,
                        "detail": detail,
                    }
                    for move_id, detail in self.env.cr.fetchall()
                ]
        self.gf_check_line_ids.unlink()
        self.env["group.finance.fec.check.line"].create(vals)
        self.gf_check_state = "ko" if vals else "ok"
        return not vals

    def _gf_reopen(self):
        return {
            "type": "ir.actions.act_window",
            "res_model": self._name,
            "res_id": self.id,
            "view_mode": "form",
            "target": "new",
        }

    def action_gf_check(self):
        self._gf_run_check()
        return self._gf_reopen()

    # --------------------------------------------------------------- export
    def _gf_export_files(self):
        """[(file name, content)] from core's generate_fec(), one per company."""
        files = []
        for company in self._gf_companies():
            result = self.with_company(company).generate_fec()
            files.append((result["file_name"], result["file_content"]))
        return files

    def action_gf_export(self):
        """Pre-flight check, then core's FEC for each selected company (a zip for several)."""
        self.ensure_one()
        if not self._gf_run_check() and not self.test_file:
            # an official FEC is not produced from books with problems (the test mode is)
            return self._gf_reopen()
        files = self._gf_export_files()
        if len(files) == 1:
            name, content = files[0]
        else:
            buffer = io.BytesIO()
            with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
                for file_name, file_content in files:
                    archive.writestr(file_name, file_content)
            name = "FEC_{}.zip".format(fields.Date.to_string(self.date_to).replace("-", ""))
            content = buffer.getvalue()
        attachment = self.env["ir.attachment"].create(
            {
                "name": name,
                "raw": content,
                "res_model": self._name,
                "res_id": self.id,
                # not "text/csv": Odoo would index the whole text (a regex over every byte and a
                # copy of the file in the database), which costs more than the export itself
                "mimetype": "application/octet-stream",
            }
        )
        self.gf_attachment_id = attachment
        return {
            "type": "ir.actions.act_url",
            "url": f"/web/content/{attachment.id}?download=true",
            "target": "download",
        }

    def create_fec_report_action(self):
        # core's hook (implemented by Enterprise only): the Community gets the group export
        return super().create_fec_report_action() or self.action_gf_export()


class GroupFinanceFecCheckLine(models.TransientModel):
    _name = "group.finance.fec.check.line"
    _description = "FEC Pre-flight Check Line"
    _order = "company_id, problem, move_id"

    wizard_id = fields.Many2one("l10n_fr.fec.export.wizard", required=True, ondelete="cascade")
    company_id = fields.Many2one("res.company", required=True)
    problem = fields.Selection(PROBLEMS, required=True)
    move_id = fields.Many2one("account.move", string="Entry")
    detail = fields.Char()
