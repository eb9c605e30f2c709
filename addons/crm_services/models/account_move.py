from odoo import api, fields, models


class AccountMove(models.Model):
    _inherit = "account.move"

    crm_days_late = fields.Integer(string="Days Late", compute="_compute_crm_late_payment")
    crm_late_penalty = fields.Monetary(
        string="Late-Payment Penalties",
        compute="_compute_crm_late_payment",
        currency_field="currency_id",
        help="Penalties on the amount still due, at the company's yearly rate, from the "
        "day after the due date to today.",
    )
    crm_recovery_indemnity = fields.Monetary(
        string="Recovery Indemnity",
        compute="_compute_crm_late_payment",
        currency_field="currency_id",
        help="Fixed indemnity for recovery costs (40 euros), owed by a business customer "
        "once the invoice is late.",
    )

    @api.depends("amount_residual", "invoice_date_due", "payment_state")
    def _compute_crm_late_payment(self):
        today = fields.Date.context_today(self)
        for move in self:
            move.crm_days_late = move._crm_days_late(today)
            move.crm_late_penalty = move._crm_late_penalty(today)
            move.crm_recovery_indemnity = move._crm_recovery_indemnity(today)

    def _crm_days_late(self, day):
        self.ensure_one()
        if (
            self.move_type != "out_invoice"
            or self.state != "posted"
            or self.payment_state not in ("not_paid", "partial")
            or not self.invoice_date_due
            or self.invoice_date_due >= day
        ):
            return 0
        return (day - self.invoice_date_due).days

    def _crm_late_penalty(self, day):
        """amount due x yearly rate x days late / 365 (French Commercial Code, L441-10)."""
        self.ensure_one()
        days = self._crm_days_late(day)
        if not days:
            return 0.0
        rate = self.company_id.crm_late_penalty_rate / 100.0
        return self.currency_id.round(self.amount_residual * rate * days / 365.0)

    def _crm_recovery_indemnity(self, day):
        """Owed by business customers only (French Commercial Code, D441-5)."""
        self.ensure_one()
        if not self._crm_days_late(day) or not self.commercial_partner_id.is_company:
            return 0.0
        return self.company_id.crm_recovery_indemnity
