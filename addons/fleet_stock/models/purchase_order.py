from odoo import api, fields, models


class PurchaseOrder(models.Model):
    _inherit = "purchase.order"

    fs_late = fields.Boolean(
        string="Late Delivery",
        compute="_compute_fs_late",
        search="_search_fs_late",
        help="Confirmed, not fully received, and its expected date is past.",
    )

    @api.depends("state", "receipt_status", "date_planned")
    def _compute_fs_late(self):
        now = fields.Datetime.now()
        for order in self:
            order.fs_late = bool(
                order.state == "purchase"
                and order.receipt_status != "full"
                and order.date_planned
                and order.date_planned < now
            )

    def _search_fs_late(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            raise NotImplementedError(operator)
        domain = [
            ("state", "=", "purchase"),
            ("receipt_status", "!=", "full"),
            ("date_planned", "<", fields.Datetime.now()),
        ]
        if (operator == "=") != value:
            domain = ["!", "&", "&", *domain]
        return domain

    def action_fs_send_rfq(self):
        """Email the order to the supplier with its PDF, as the Send by Email button does."""
        for order in self:
            action = order.action_rfq_send()
            composer = self.env["mail.compose.message"].with_context(**action["context"]).create({})
            composer._action_send_mail()
        return True
