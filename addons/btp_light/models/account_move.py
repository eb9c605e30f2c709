from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import UserError

INVOICE_KINDS = [
    ("deposit", "Deposit"),
    ("situation", "Progress Invoice"),
    ("final", "Final Invoice"),
]


class AccountMove(models.Model):
    _inherit = "account.move"

    btp_site_id = fields.Many2one(
        "project.project",
        string="Job Site",
        index=True,
        copy=False,
        check_company=True,
        domain="[('btp_is_site', '=', True)]",
    )
    btp_invoice_kind = fields.Selection(
        INVOICE_KINDS,
        string="Construction Invoice",
        compute="_compute_btp_invoice_kind",
        store=True,
        readonly=False,
        copy=False,
    )
    btp_retention_rate = fields.Float(string="Retention Guarantee (%)", copy=False)
    btp_retention_amount = fields.Monetary(
        string="Retention Guarantee",
        compute="_compute_btp_retention_amount",
        store=True,
        currency_field="currency_id",
        help="Withheld on the amount incl. VAT, paid by the customer one year after handover.",
    )
    btp_net_to_pay = fields.Monetary(
        string="Net to Pay", compute="_compute_btp_net_to_pay", currency_field="currency_id"
    )
    btp_retention_move_id = fields.Many2one(
        "account.move", string="Retention Entry", copy=False, readonly=True
    )
    btp_retention_line_id = fields.Many2one(
        "account.move.line", string="Retention Item", copy=False, readonly=True
    )
    btp_retention_due_date = fields.Date(
        string="Retention Release", related="btp_retention_line_id.date_maturity"
    )
    btp_retention_released = fields.Boolean(
        string="Retention Released", related="btp_retention_line_id.reconciled"
    )
    btp_retention_alerted = fields.Boolean(copy=False)
    btp_is_retention = fields.Boolean(
        string="Is a Retention Entry", copy=False, readonly=True, index=True
    )
    btp_jde_export_id = fields.Many2one(
        "btp.jde.export", string="JD Edwards Export", copy=False, readonly=True, index=True
    )

    @api.depends("invoice_line_ids.sale_line_ids.is_downpayment")
    def _compute_btp_invoice_kind(self):
        for move in self:
            if move.move_type not in ("out_invoice", "out_refund") or not move.btp_site_id:
                move.btp_invoice_kind = move.btp_invoice_kind or False
                continue
            lines = move.invoice_line_ids.filtered(lambda line: line.display_type == "product")
            if lines and all(lines.sale_line_ids.mapped("is_downpayment")):
                move.btp_invoice_kind = "deposit"
            else:
                move.btp_invoice_kind = move.btp_invoice_kind or "situation"

    @api.depends("btp_retention_rate", "amount_total", "move_type")
    def _compute_btp_retention_amount(self):
        for move in self:
            if move.move_type == "out_invoice" and move.btp_retention_rate:
                move.btp_retention_amount = move.currency_id.round(
                    move.amount_total * move.btp_retention_rate / 100.0
                )
            else:
                move.btp_retention_amount = 0.0

    @api.depends("btp_retention_amount", "amount_total")
    def _compute_btp_net_to_pay(self):
        for move in self:
            move.btp_net_to_pay = move.amount_total - move.btp_retention_amount

    def _post(self, soft=True):
        posted = super()._post(soft=soft)
        to_withhold = posted.filtered(
            lambda m: m.move_type == "out_invoice"
            and not m.currency_id.is_zero(m.btp_retention_amount)
        )
        if to_withhold:
            to_withhold._btp_withhold_retention()
        return posted

    def button_draft(self):
        retention_moves = self.btp_retention_move_id
        result = super().button_draft()
        if retention_moves:
            retention_moves.filtered(lambda m: m.state == "posted").button_draft()
            self.write({"btp_retention_move_id": False, "btp_retention_line_id": False})
            retention_moves.with_context(force_delete=True).unlink()
        return result

    def _btp_retention_release_date(self):
        self.ensure_one()
        handover = self.btp_site_id.btp_handover_date or self.btp_site_id.date
        base = handover or self.invoice_date or fields.Date.context_today(self)
        return base + relativedelta(years=1)

    def _btp_withhold_retention(self):
        """Move the retention from the customer's receivable to the retention account.

        One journal entry per invoice, in the company's miscellaneous journal: debit the
        retention account (due one year after handover), credit the receivable, reconciled
        with the invoice so that the invoice shows the net to pay."""
        vals_list = []
        for invoice in self:
            company = invoice.company_id
            account = company._btp_retention_account()
            # the miscellaneous operations journal, not the exchange or cash-basis ones
            special = company.currency_exchange_journal_id | company.tax_cash_basis_journal_id
            journal = self.env["account.journal"].search(
                [
                    *self.env["account.journal"]._check_company_domain(company),
                    ("type", "=", "general"),
                    ("id", "not in", special.ids),
                ],
                order="sequence, id",
                limit=1,
            )
            if not journal:
                raise UserError(self.env._("No miscellaneous journal for %(c)s.", c=company.name))
            receivable = invoice.line_ids.filtered(
                lambda line: line.display_type == "payment_term"
            )[:1]
            amount = invoice.btp_retention_amount
            label = self.env._(
                "Retention guarantee %(rate)s %% - %(invoice)s",
                rate=invoice.btp_retention_rate,
                invoice=invoice.name,
            )
            partner = invoice.commercial_partner_id
            vals_list.append(
                {
                    "move_type": "entry",
                    "journal_id": journal.id,
                    "company_id": company.id,
                    "date": invoice.date,
                    "ref": label,
                    "btp_site_id": invoice.btp_site_id.id,
                    "btp_is_retention": True,
                    "line_ids": [
                        fields.Command.create(
                            {
                                "name": label,
                                "account_id": account.id,
                                "partner_id": partner.id,
                                "debit": amount,
                                "date_maturity": invoice._btp_retention_release_date(),
                            }
                        ),
                        fields.Command.create(
                            {
                                "name": label,
                                "account_id": receivable.account_id.id,
                                "partner_id": partner.id,
                                "credit": amount,
                                "date_maturity": receivable.date_maturity,
                            }
                        ),
                    ],
                }
            )
        retention_moves = self.env["account.move"].sudo().create(vals_list)
        retention_moves._post(soft=False)
        for invoice, retention in zip(self, retention_moves, strict=True):
            withheld = retention.line_ids.filtered(lambda line: line.credit)
            held = retention.line_ids.filtered(lambda line: line.debit)
            receivable = invoice.line_ids.filtered(
                lambda line, account=withheld.account_id: line.account_id == account
                and not line.reconciled
            )
            (receivable | withheld).reconcile()
            invoice.sudo().write(
                {"btp_retention_move_id": retention.id, "btp_retention_line_id": held.id}
            )

    def _btp_update_retention_due_date(self):
        for invoice in self.filtered(
            lambda m: m.btp_retention_line_id and not m.btp_retention_line_id.reconciled
        ):
            invoice.btp_retention_line_id.date_maturity = invoice._btp_retention_release_date()

    @api.model
    def _cron_btp_retention_release(self):
        """Alert the accountant (an activity on the invoice) when a retention falls due."""
        today = fields.Date.context_today(self)
        invoices = self.search(
            [
                ("btp_retention_line_id", "!=", False),
                ("btp_retention_alerted", "=", False),
                ("btp_retention_line_id.reconciled", "=", False),
                ("btp_retention_line_id.date_maturity", "<=", today + relativedelta(days=30)),
            ]
        )
        accountants = self.env.ref("btp_light.group_accountant").users.filtered(
            lambda u: not u.share and u.active
        )
        # the accountants themselves before the administrators (who are accountants too)
        accountants = accountants.sorted(lambda u: (u.has_group("btp_light.group_manager"), u.id))
        for invoice in invoices:
            accountant = accountants.filtered(lambda u, c=invoice.company_id: c in u.company_ids)[
                :1
            ]
            invoice.activity_schedule(
                "mail.mail_activity_data_todo",
                date_deadline=invoice.btp_retention_due_date,
                summary=self.env._("Release the retention guarantee"),
                note=self.env._(
                    "The retention guarantee of %(amount)s on %(invoice)s falls due on %(date)s.",
                    amount=invoice.btp_retention_amount,
                    invoice=invoice.name,
                    date=invoice.btp_retention_due_date,
                ),
                user_id=(accountant or invoice.invoice_user_id or self.env.user).id,
            )
        invoices.btp_retention_alerted = True
        return invoices

    def _btp_jde_problems(self):
        """What keeps these invoices out of a JD Edwards export (list of texts)."""
        problems = []
        for move in self:
            if move.state != "posted":
                name = move.name if move.name and move.name != "/" else move.display_name
                problems.append(self.env._("%(doc)s is not posted.", doc=name))
            if not move.commercial_partner_id.btp_jde_address_number:
                problems.append(
                    self.env._(
                        "%(doc)s: customer %(partner)s has no JD Edwards address number.",
                        doc=move.name,
                        partner=move.commercial_partner_id.display_name,
                    )
                )
        return problems
