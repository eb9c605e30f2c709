from odoo import api, fields, models


class AccountMove(models.Model):
    """Supplier bills: the supplier's SIRET, an expense category, and the fixed charge (with
    its period) a bill was generated from, one bill per charge and period."""

    _inherit = "account.move"

    gf_partner_siret = fields.Char(
        related="partner_id.commercial_partner_id.siret", string="Supplier SIRET"
    )
    gf_expense_category_id = fields.Many2one(
        "group.finance.expense.category",
        string="Expense Category",
        check_company=True,
        index="btree_not_null",
        tracking=True,
    )
    gf_fixed_charge_id = fields.Many2one(
        "group.finance.fixed.charge",
        string="Fixed Charge",
        index="btree_not_null",
        copy=False,
        readonly=True,
        check_company=True,
    )
    gf_period_start = fields.Date(string="Fixed Charge Period", copy=False, readonly=True)
    # inter-company flows (OCA account_invoice_inter_company makes the mirror document)
    gf_flow_type = fields.Selection(
        [
            ("invoicing", "Invoicing"),
            ("service", "Service"),
            ("re_invoicing", "Re-invoicing"),
            ("advance", "Advance"),
            ("repayment", "Repayment"),
        ],
        string="Inter-company Flow",
        copy=False,
        tracking=True,
    )
    gf_counterpart_company_id = fields.Many2one(
        "res.company",
        string="Counterpart Company",
        compute="_compute_gf_counterpart_company_id",
        store=True,
        index="btree_not_null",
        help="The company of the group this document's partner is, for inter-company flows.",
    )
    gf_mirror_move_id = fields.Many2one(
        "account.move", string="Mirror Document", compute="_compute_gf_mirror_move_id"
    )
    gf_mirror_payment_state = fields.Selection(
        selection=lambda self: self.env["account.move"]._fields["payment_state"].selection,
        string="Mirror Payment Status",
        compute="_compute_gf_mirror_move_id",
    )

    _sql_constraints = [
        (
            "gf_fixed_charge_period_uniq",
            "unique(gf_fixed_charge_id, gf_period_start)",
            "This period of the fixed charge is already billed.",
        ),
    ]

    @api.depends("commercial_partner_id")
    def _compute_gf_counterpart_company_id(self):
        companies = (
            self.env["res.company"]
            .sudo()
            .search([("partner_id", "in", self.commercial_partner_id.ids)])
        )
        by_partner = {company.partner_id.id: company for company in companies}
        for move in self:
            counterpart = by_partner.get(move.commercial_partner_id.id)
            move.gf_counterpart_company_id = (
                counterpart if counterpart and counterpart != move.company_id else False
            )

    def _compute_gf_mirror_move_id(self):
        """The other side of an inter-company document (whichever side was the source), read
        as superuser: its company may be out of the user's reach; only its payment status is
        shown."""
        sources = self.sudo().search([("auto_invoice_id", "in", self.ids)])
        mirror_of = {move.auto_invoice_id.id: move for move in sources}
        for move in self:
            mirror = move.sudo().auto_invoice_id or mirror_of.get(move.id)
            move.gf_mirror_move_id = mirror.id if mirror else False
            move.gf_mirror_payment_state = mirror.payment_state if mirror else False

    def _prepare_invoice_data(self, dest_company):
        vals = super()._prepare_invoice_data(dest_company)
        vals["gf_flow_type"] = self.gf_flow_type
        return vals

    @api.onchange("gf_expense_category_id")
    def _onchange_gf_expense_category_id(self):
        self._gf_apply_expense_category()

    @api.model_create_multi
    def create(self, vals_list):
        moves = super().create(vals_list)
        moves.filtered("gf_expense_category_id")._gf_apply_expense_category()
        return moves

    def write(self, vals):
        res = super().write(vals)
        if vals.get("gf_expense_category_id"):
            self._gf_apply_expense_category()
        return res

    def _gf_apply_expense_category(self):
        """Charge the product lines of draft bills to the category's account of the bill's
        company; a category whose VAT is not deductible leaves no tax on them."""
        for move in self.filtered(
            lambda m: m.state == "draft" and m.is_purchase_document() and m.gf_expense_category_id
        ):
            category = move.gf_expense_category_id
            account = category._gf_account_for(move.company_id)
            lines = move.invoice_line_ids.filtered(lambda line: line.display_type == "product")
            if not lines:
                continue
            if account:
                lines.account_id = account
            if not category.vat_deductible:
                lines.tax_ids = False

    @api.model
    def _gf_forecast_items(self, companies, date_from, date_to):
        """Open customer invoices (in) and supplier bills (out) due by date_to, by due date;
        overdue ones count today. Expense reports come from hr.expense.sheet."""
        moves = self.search_fetch(
            [
                ("company_id", "in", companies.ids),
                ("state", "=", "posted"),
                ("move_type", "in", ("out_invoice", "out_refund", "in_invoice", "in_refund")),
                ("payment_state", "in", ("not_paid", "partial")),
                ("expense_sheet_id", "=", False),
                ("invoice_date_due", "<=", date_to),
            ],
            [
                "name",
                "partner_id",
                "invoice_date_due",
                "amount_residual_signed",
                "company_id",
                "move_type",
            ],
        )
        return [
            {
                "date": max(move.invoice_date_due, date_from),
                "amount": move.amount_residual_signed,
                "label": f"{move.name} {move.partner_id.display_name or ''}".strip(),
                "res_model": "account.move",
                "res_id": move.id,
                "company_id": move.company_id.id,
                "source": "customer_invoice"
                if move.move_type in ("out_invoice", "out_refund")
                else "supplier_bill",
            }
            for move in moves
            if move.amount_residual_signed
        ]
