from odoo import api, fields, models


class BtpDashboard(models.TransientModel):
    _name = "btp.dashboard"
    _description = "Construction Dashboard"

    currency_id = fields.Many2one(
        "res.currency", default=lambda self: self.env.company.currency_id, readonly=True
    )
    quote_pending_count = fields.Integer(string="Quotes Pending", compute="_compute_kpis")
    quote_pending_amount = fields.Monetary(string="Pending Amount", compute="_compute_kpis")
    acceptance_rate = fields.Float(string="Acceptance Rate (%)", compute="_compute_kpis")
    site_active_count = fields.Integer(string="Active Job Sites", compute="_compute_kpis")
    invoiced_this_month = fields.Monetary(compute="_compute_kpis")
    unpaid_count = fields.Integer(string="Unpaid Invoices", compute="_compute_kpis")
    unpaid_amount = fields.Monetary(compute="_compute_kpis")
    retention_amount = fields.Monetary(string="Retention to Release", compute="_compute_kpis")
    retention_due_amount = fields.Monetary(string="Retention Due Now", compute="_compute_kpis")

    @api.depends_context("allowed_company_ids")
    def _compute_kpis(self):
        # sudo: aggregates for the office and accounting, limited to the user's companies
        companies = self.env.companies.ids
        orders = self.env["sale.order"].sudo()
        moves = self.env["account.move"].sudo()
        lines = self.env["account.move.line"].sudo()
        today = fields.Date.context_today(self)
        status = {
            state: (count, amount)
            for state, count, amount in orders._read_group(
                [("company_id", "in", companies), ("btp_is_construction", "=", True)],
                ["btp_quote_status"],
                ["__count", "amount_total:sum"],
            )
        }
        accepted = status.get("accepted", (0, 0))[0]
        refused = status.get("refused", (0, 0))[0]
        sites = (
            self.env["project.project"]
            .sudo()
            .search_count(
                [
                    ("company_id", "in", companies),
                    ("btp_is_site", "=", True),
                    ("btp_site_state", "in", ("planned", "in_progress")),
                ]
            )
        )
        [[invoiced]] = moves._read_group(
            [
                ("company_id", "in", companies),
                ("move_type", "in", ("out_invoice", "out_refund")),
                ("state", "=", "posted"),
                ("invoice_date", ">=", today.replace(day=1)),
                ("invoice_date", "<=", today),
            ],
            [],
            ["amount_untaxed_signed:sum"],
        )
        [[unpaid_count, unpaid_amount]] = moves._read_group(
            [
                ("company_id", "in", companies),
                ("move_type", "=", "out_invoice"),
                ("state", "=", "posted"),
                ("payment_state", "in", ("not_paid", "partial")),
            ],
            [],
            ["__count", "amount_residual_signed:sum"],
        )
        retention_domain = [
            ("company_id", "in", companies),
            ("parent_state", "=", "posted"),
            ("reconciled", "=", False),
            ("move_id.btp_is_retention", "=", True),
            ("debit", ">", 0),
        ]
        [[retention]] = lines._read_group(retention_domain, [], ["amount_residual:sum"])
        [[retention_due]] = lines._read_group(
            [*retention_domain, ("date_maturity", "<=", today)], [], ["amount_residual:sum"]
        )
        for dashboard in self:
            dashboard.quote_pending_count = status.get("sent", (0, 0))[0]
            dashboard.quote_pending_amount = status.get("sent", (0, 0))[1]
            dashboard.acceptance_rate = (
                round(100.0 * accepted / (accepted + refused), 1) if accepted + refused else 0.0
            )
            dashboard.site_active_count = sites
            dashboard.invoiced_this_month = invoiced
            dashboard.unpaid_count = unpaid_count
            dashboard.unpaid_amount = unpaid_amount
            dashboard.retention_amount = retention
            dashboard.retention_due_amount = retention_due

    def _open(self, xmlid, **extra):
        action = self.env["ir.actions.actions"]._for_xml_id(xmlid)
        action.update(extra)
        return action

    def action_new_quote(self):
        return self._open("btp_light.action_btp_quote", views=[(False, "form")], view_mode="form")

    def action_new_site(self):
        return self._open("btp_light.action_btp_site", views=[(False, "form")], view_mode="form")

    def action_new_payment(self):
        return self._open(
            "account.action_account_payments",
            views=[(False, "form")],
            view_mode="form",
            context={"default_payment_type": "inbound", "default_partner_type": "customer"},
        )

    def action_new_export(self):
        return self._open(
            "btp_light.action_btp_jde_export", views=[(False, "form")], view_mode="form"
        )

    def action_quotes_pending(self):
        return self._open("btp_light.action_btp_quote", domain=[("btp_quote_status", "=", "sent")])

    def action_sites_active(self):
        return self._open(
            "btp_light.action_btp_site",
            domain=[("btp_site_state", "in", ("planned", "in_progress"))],
        )

    def action_unpaid(self):
        return self._open("btp_light.action_btp_invoice_unpaid")

    def action_revenue(self):
        return self._open("btp_light.action_btp_invoice_analysis")
