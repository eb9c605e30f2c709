from odoo import fields, models
from odoo.exceptions import AccessError, UserError


class OrderSyncUnlockWizard(models.TransientModel):
    """An Order Sync manager unlocks the lines and customer of an app order, saying why: the
    reason is logged in the order's chatter."""

    _name = "order.sync.unlock.wizard"
    _description = "Unlock the App Content of an Order"

    order_id = fields.Many2one("sale.order", required=True, ondelete="cascade")
    reason = fields.Text(required=True)

    def action_unlock(self):
        self.ensure_one()
        if not self.env.user.has_group("order_sync.group_manager"):
            raise AccessError(self.env._("Only Order Sync managers can unlock an app order."))
        order = self.order_id
        if not order.order_sync_source_id:
            raise UserError(self.env._("%(order)s does not come from an app.", order=order.name))
        reason = (self.reason or "").strip()
        if not reason:
            raise UserError(self.env._("Give the reason to unlock the order."))
        order.check_access("write")
        # the flag is read-only in the form: written here, after the manager's right was checked
        order.sudo().order_sync_unlocked = True
        order.message_post(
            body=self.env._(
                "Lines and customer unlocked in Odoo by %(user)s (the app is no longer their "
                "only source). Reason: %(reason)s",
                user=self.env.user.name,
                reason=reason,
            ),
            message_type="comment",
            subtype_xmlid="mail.mt_note",
        )
        return {"type": "ir.actions.act_window_close"}
