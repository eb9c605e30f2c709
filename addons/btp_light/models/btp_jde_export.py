import base64

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

from ..lib import jde

INVOICE_TYPES = ("out_invoice", "out_refund")


class BtpJdeExport(models.Model):
    _name = "btp.jde.export"
    _description = "JD Edwards Export"
    _inherit = ["mail.thread"]
    _order = "date_from desc, id desc"
    _check_company_auto = True

    name = fields.Char(string="Batch", readonly=True, copy=False, default="/")
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )
    date_from = fields.Date(string="From", required=True)
    date_to = fields.Date(string="To", required=True)
    state = fields.Selection(
        [("draft", "Draft"), ("done", "Exported")], default="draft", required=True, tracking=True
    )
    user_id = fields.Many2one("res.users", string="Exported by", readonly=True)
    export_date = fields.Datetime(string="Exported on", readonly=True)
    invoice_ids = fields.One2many("account.move", "btp_jde_export_id", string="Invoices")
    payment_ids = fields.One2many("account.payment", "btp_jde_export_id", string="Payments")
    invoice_count = fields.Integer(compute="_compute_counts")
    payment_count = fields.Integer(compute="_compute_counts")
    attachment_ids = fields.Many2many("ir.attachment", string="Files", readonly=True, copy=False)

    _sql_constraints = [
        (
            "period_company_uniq",
            "unique(company_id, date_from, date_to)",
            "This period was already exported for this company: open its export and use "
            "Re-export.",
        ),
    ]

    @api.depends("invoice_ids", "payment_ids")
    def _compute_counts(self):
        for export in self:
            export.invoice_count = len(export.invoice_ids)
            export.payment_count = len(export.payment_ids)

    @api.constrains("date_from", "date_to")
    def _check_dates(self):
        for export in self:
            if export.date_to < export.date_from:
                raise ValidationError(self.env._("The end of the period is before its start."))

    @api.model_create_multi
    def create(self, vals_list):
        # checked before the insert: the unique constraint is the backstop for concurrent runs
        exports = self.new(vals_list[0]) if len(vals_list) == 1 else None
        if exports:
            exports._check_period_once()
        return super().create(vals_list)

    @api.constrains("company_id", "date_from", "date_to")
    def _check_period_once(self):
        for export in self:
            if self.search_count(
                [
                    ("id", "!=", export._origin.id or 0),
                    ("company_id", "=", export.company_id.id),
                    ("date_from", "=", export.date_from),
                    ("date_to", "=", export.date_to),
                ]
            ):
                raise ValidationError(
                    self.env._(
                        "%(start)s - %(end)s was already exported for %(company)s: open its "
                        "export and use Re-export.",
                        start=export.date_from,
                        end=export.date_to,
                        company=export.company_id.name,
                    )
                )

    def _compute_display_name(self):
        for export in self:
            export.display_name = f"{export.name} ({export.date_from} - {export.date_to})"

    # ------------------------------------------------------------------ selection
    def _period_domain(self, field):
        self.ensure_one()
        return [
            ("company_id", "=", self.company_id.id),
            (field, ">=", self.date_from),
            (field, "<=", self.date_to),
        ]

    def _collect(self):
        """Documents of the period not exported yet, and what keeps the export from running."""
        self.ensure_one()
        Move = self.env["account.move"]
        Payment = self.env["account.payment"]
        invoices = Move.search(
            [
                *self._period_domain("date"),
                ("move_type", "in", INVOICE_TYPES),
                ("state", "in", ("draft", "posted")),
                ("btp_jde_export_id", "=", False),
            ],
            order="date, name, id",
        )
        payments = Payment.search(
            [
                *self._period_domain("date"),
                ("partner_type", "=", "customer"),
                ("state", "in", ("draft", "in_process", "paid")),
                ("btp_jde_export_id", "=", False),
            ],
            order="date, id",
        )
        problems = invoices._btp_jde_problems()
        for payment in payments:
            if payment.state == "draft":
                problems.append(
                    self.env._("Payment %(p)s is not confirmed.", p=payment.display_name)
                )
            elif not payment.partner_id.commercial_partner_id.btp_jde_address_number:
                problems.append(
                    self.env._(
                        "Payment %(p)s: customer %(partner)s has no JD Edwards address number.",
                        p=payment.display_name,
                        partner=payment.partner_id.commercial_partner_id.display_name,
                    )
                )
        if not self.company_id.btp_jde_company:
            problems.append(
                self.env._("Company %(c)s has no JD Edwards company code.", c=self.company_id.name)
            )
        return invoices, payments, problems

    # ------------------------------------------------------------------ actions
    def action_export(self):
        for export in self:
            if export.state == "done":
                raise UserError(
                    self.env._(
                        "%(batch)s was already exported. Use Re-export to produce its files "
                        "again.",
                        batch=export.name,
                    )
                )
            invoices, payments, problems = export._collect()
            if problems:
                raise UserError(
                    self.env._(
                        "The export is incomplete. To fix first:\n%(list)s",
                        list="\n".join(f"- {problem}" for problem in problems),
                    )
                )
            if not invoices and not payments:
                raise UserError(self.env._("Nothing to export in this period."))
            if export.name == "/":
                export.name = self.env["ir.sequence"].next_by_code("btp.jde.export") or "/"
            invoices.write({"btp_jde_export_id": export.id})
            payments.write({"btp_jde_export_id": export.id})
            export.write(
                {
                    "state": "done",
                    "user_id": self.env.user.id,
                    "export_date": fields.Datetime.now(),
                }
            )
            export._write_files()
        return True

    def action_reexport(self):
        """Produce the files again for the documents of this export (new attachments)."""
        for export in self:
            if export.state != "done":
                raise UserError(self.env._("Export the period first."))
            problems = export.invoice_ids._btp_jde_problems()
            if problems:
                raise UserError(
                    self.env._(
                        "The export is incomplete. To fix first:\n%(list)s",
                        list="\n".join(f"- {problem}" for problem in problems),
                    )
                )
            export._write_files()
            export.message_post(body=self.env._("Files produced again."))
        return True

    def action_download(self):
        self.ensure_one()
        if not self.attachment_ids:
            raise UserError(self.env._("Export the period first."))
        attachment = self.attachment_ids.sorted("id")[-1:]
        return {
            "type": "ir.actions.act_url",
            "url": f"/web/content/{attachment.id}?download=true",
            "target": "self",
        }

    # ------------------------------------------------------------------ files
    def _write_files(self):
        self.ensure_one()
        data = self._build_records()
        files = [
            (f"JDE_{self.name}.csv", jde.write_csv(data["csv"]), "text/csv"),
            (f"JDE_{self.name}.json", jde.write_json(data["json"]), "application/json"),
            (
                f"F03B11Z1_{self.name}.txt",
                jde.write_fixed(jde.F03B11Z1, data["f03b11z1"]),
                "text/plain",
            ),
            (
                f"F0911Z1_{self.name}.txt",
                jde.write_fixed(jde.F0911Z1, data["f0911z1"]),
                "text/plain",
            ),
        ]
        attachments = self.env["ir.attachment"].create(
            [
                {
                    "name": name,
                    "datas": base64.b64encode(content.encode("utf-8")),
                    "mimetype": mimetype,
                    "res_model": self._name,
                    "res_id": self.id,
                }
                for name, content, mimetype in files
            ]
        )
        self.attachment_ids = [fields.Command.set(attachments.ids)]
        return attachments

    @api.model
    def _btp_jde_f0911_row(self, head, index, line, an8, label, site):
        """The F0911 (account ledger) row of one journal item of an invoice or a payment: the
        receivable line carries the customer's address number (SBL)."""
        receivable = line.account_id.account_type == "asset_receivable"
        return dict(
            head,
            EDLN=index * 1000,
            EDTR="J",
            DGJ=line.date,
            ANI=line.account_id.code,
            SBL=an8 if receivable else 0,
            AA=line.balance,
            CRCD=line.company_currency_id.name,
            EXA=line.name or label,
            VR01=site,
        )

    def _build_records(self):
        self.ensure_one()
        user = (self.user_id or self.env.user).login[:10]
        base = {
            "EDUS": user,
            "EDBT": self.name,
            "EDTC": "A",
            "KCO": self.company_id.btp_jde_company,
        }
        f03b11, f0911, csv_rows = [], [], []
        invoices_json, payments_json = [], []
        transaction = 0
        for invoice in self.invoice_ids.sorted(lambda m: (m.date, m.name, m.id)):
            transaction += 1
            an8 = int(invoice.commercial_partner_id.btp_jde_address_number)
            doc = jde.jde_document_number(invoice.date.year, invoice.sequence_number)
            dct = "RI" if invoice.move_type == "out_invoice" else "RM"
            head = dict(base, EDTN=f"{transaction}", DOC=doc, DCT=dct)
            site = invoice.btp_site_id.name or ""
            retention = invoice.btp_retention_amount
            sign = 1 if invoice.move_type == "out_invoice" else -1
            gross = invoice.amount_total * sign
            items = [("001", gross - retention, invoice.invoice_date_due)]
            if retention:
                items.append(("002", retention, invoice.btp_retention_due_date))
            for index, (pay_item, amount, due) in enumerate(items, start=1):
                f03b11.append(
                    dict(
                        head,
                        EDLN=index * 1000,
                        EDTR="I",
                        SFX=pay_item,
                        AN8=an8,
                        DIVJ=invoice.invoice_date,
                        DGJ=invoice.date,
                        DDJ=due,
                        AG=amount,
                        ATXA=invoice.amount_untaxed * sign if index == 1 else 0,
                        STAM=invoice.amount_tax * sign if index == 1 else 0,
                        CRCD=invoice.currency_id.name,
                        VR01=site,
                        RMK=invoice.name,
                    )
                )
            lines = (invoice.line_ids | invoice.btp_retention_move_id.line_ids).filtered(
                lambda line, invoice=invoice: not invoice.company_currency_id.is_zero(line.balance)
            )
            lines_json = []
            for index, line in enumerate(lines, start=1):
                f0911.append(self._btp_jde_f0911_row(head, index, line, an8, invoice.name, site))
                lines_json.append(
                    {
                        "account": line.account_id.code,
                        "label": line.name or "",
                        "balance": jde.money(line.balance),
                    }
                )
            csv_rows.append(
                {
                    "TYPE": "FACTURE" if sign > 0 else "AVOIR",
                    "DOCUMENT": invoice.name,
                    "DOC_JDE": doc,
                    "DATE": invoice.invoice_date,
                    "CLIENT": invoice.commercial_partner_id.name,
                    "CODE_JDE": invoice.commercial_partner_id.btp_jde_address_number,
                    "HT": invoice.amount_untaxed * sign,
                    "TVA": invoice.amount_tax * sign,
                    "TTC": gross,
                    "RETENUE": retention,
                    "NET": gross - retention,
                    "ECHEANCE": invoice.invoice_date_due,
                    "CHANTIER": site,
                    "ORIGINE": invoice.invoice_origin or "",
                }
            )
            invoices_json.append(
                {
                    "document": invoice.name,
                    "jde_document": doc,
                    "type": dct,
                    "date": invoice.invoice_date,
                    "due_date": invoice.invoice_date_due,
                    "customer": invoice.commercial_partner_id.name,
                    "address_number": an8,
                    "untaxed": jde.money(invoice.amount_untaxed * sign),
                    "tax": jde.money(invoice.amount_tax * sign),
                    "total": jde.money(gross),
                    "retention": jde.money(retention),
                    "retention_due_date": invoice.btp_retention_due_date or None,
                    "job_site": site,
                    "lines": lines_json,
                }
            )
        for payment in self.payment_ids.sorted(lambda p: (p.date, p.id)):
            transaction += 1
            partner = payment.partner_id.commercial_partner_id
            an8 = int(partner.btp_jde_address_number)
            doc = jde.jde_document_number(
                payment.date.year, payment.move_id.sequence_number or payment.id
            )
            head = dict(base, EDTN=f"{transaction}", DOC=doc, DCT="RC")
            lines = payment.move_id.line_ids.filtered(
                lambda line, payment=payment: not payment.company_currency_id.is_zero(line.balance)
            )
            site = payment.btp_site_id.name or ""
            for index, line in enumerate(lines, start=1):
                f0911.append(self._btp_jde_f0911_row(head, index, line, an8, payment.name, site))
            amount = payment.amount_signed if payment.payment_type == "inbound" else -payment.amount
            csv_rows.append(
                {
                    "TYPE": "REGLEMENT",
                    "DOCUMENT": payment.name,
                    "DOC_JDE": doc,
                    "DATE": payment.date,
                    "CLIENT": partner.name,
                    "CODE_JDE": partner.btp_jde_address_number,
                    "TTC": amount,
                    "NET": amount,
                    "CHANTIER": payment.btp_site_id.name or "",
                    "ORIGINE": payment.memo or "",
                }
            )
            payments_json.append(
                {
                    "document": payment.name,
                    "jde_document": doc,
                    "date": payment.date,
                    "customer": partner.name,
                    "address_number": an8,
                    "amount": jde.money(amount),
                    "job_site": payment.btp_site_id.name or None,
                    "invoices": payment.reconciled_invoice_ids.mapped("name"),
                }
            )
        payload = {
            "batch": self.name,
            "company": self.company_id.btp_jde_company,
            "period": {"from": self.date_from, "to": self.date_to},
            "invoices": invoices_json,
            "payments": payments_json,
        }
        return {"csv": csv_rows, "json": payload, "f03b11z1": f03b11, "f0911z1": f0911}
