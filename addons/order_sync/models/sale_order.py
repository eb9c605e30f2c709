from odoo import api, fields, models
from odoo.exceptions import UserError

from ..api.payload import STATUS_TO_STATE, STATUSES, check_transition

STATUS_SELECTION = [
    ("pending", "Pending"),
    ("accepted", "Accepted"),
    ("preparing", "Preparing"),
    ("ready", "Ready"),
    ("assigned", "Assigned to a courier"),
    ("on_the_way", "On the way"),
    ("delivered", "Delivered"),
    ("cancelled", "Cancelled"),
]
ORDER_TYPE_SELECTION = [
    ("sur_place", "Dine in"),
    ("emporter", "Takeaway"),
    ("livraison", "Delivery"),
]
assert [key for key, _label in STATUS_SELECTION] == list(STATUSES)
STATE_ORDER = {"draft": 0, "sent": 1, "sale": 2}
#: What the app owns on its orders: read-only in Odoo (see ``_order_sync_check_editable``)
ORDER_CONTENT_FIELDS = frozenset({"partner_id", "order_line"})
LINE_CONTENT_FIELDS = frozenset(
    {"order_id", "product_id", "product_uom_qty", "product_uom", "price_unit", "discount", "tax_id"}
)


class SaleOrder(models.Model):
    _inherit = "sale.order"

    order_sync_source_id = fields.Many2one(
        "order.sync.source",
        string="Sync Source",
        readonly=True,
        copy=False,
        index=True,
        ondelete="restrict",
        help="External application this order was pushed from.",
    )
    order_sync_external_id = fields.Char(
        string="App Order ID",
        readonly=True,
        copy=False,
        help="Identifier of the order in the external application.",
    )
    order_sync_type = fields.Selection(
        ORDER_TYPE_SELECTION, string="Order Type", readonly=True, copy=False
    )
    order_sync_status = fields.Selection(
        STATUS_SELECTION, string="App Status", readonly=True, copy=False, index=True
    )
    order_sync_status_at = fields.Datetime(
        string="App Status Time",
        readonly=True,
        copy=False,
        help="When the app changed the status last applied: an older change is ignored.",
    )
    order_sync_courier = fields.Char(string="Courier", readonly=True, copy=False)
    order_sync_note = fields.Text(string="App Note", readonly=True, copy=False)
    order_sync_content_hash = fields.Char(
        readonly=True, copy=False, help="Hash of the type, customer and lines first pushed."
    )
    order_sync_status_history_ids = fields.One2many(
        "order.sync.status.history", "order_id", string="App Status History", readonly=True
    )
    order_sync_unlocked = fields.Boolean(
        string="App Content Unlocked",
        readonly=True,
        copy=False,
        help="An Order Sync manager unlocked the lines and customer of this app order in Odoo "
        "(the reason is in the chatter). The app is no longer their only source.",
    )

    _sql_constraints = [
        (
            "order_sync_external_uniq",
            "unique(order_sync_source_id, order_sync_external_id)",
            "An order of the external application can only be imported once per source.",
        ),
        (
            "order_sync_external_both",
            "CHECK((order_sync_source_id IS NULL) = (order_sync_external_id IS NULL))",
            "A synchronised order needs both its source and its external id.",
        ),
    ]

    def write(self, vals):
        if ORDER_CONTENT_FIELDS.intersection(vals):
            changed = self
            if "order_line" not in vals:
                changed = self.filtered(lambda order: order.partner_id.id != vals["partner_id"])
            changed._order_sync_check_editable()
        return super().write(vals)

    def _order_sync_check_editable(self):
        """The app is the source of its orders' lines and customer: in Odoo they stay as the app
        sent them, unless an Order Sync manager unlocked the order (``action_order_sync_unlock``).
        The API itself writes them with ``order_sync_api`` in its context."""
        if self.env.context.get("order_sync_api"):
            return
        locked = self.filtered(
            lambda order: order.order_sync_source_id and not order.order_sync_unlocked
        )
        if locked:
            raise UserError(
                self.env._(
                    "The lines and customer of %(orders)s come from the app %(app)s: change "
                    "them in the app. An Order Sync manager may unlock them, with a reason.",
                    orders=", ".join(locked.mapped("name")),
                    app=", ".join(locked.order_sync_source_id.mapped("name")),
                )
            )

    def action_order_sync_unlock(self):
        """Open the wizard where an Order Sync manager gives the reason to unlock."""
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Unlock App Content"),
            "res_model": "order.sync.unlock.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {"default_order_id": self.id},
        }

    def _prepare_confirmation_values(self):
        values = super()._prepare_confirmation_values()
        if self.env.context.get("order_sync_keep_date"):
            # the app's order date stays the order date (a backlog pushed late keeps its day)
            values.pop("date_order", None)
        return values

    def message_subscribe(self, partner_ids=None, subtype_ids=None):
        # action_confirm() subscribes the customer to the order's chatter: not for an app order.
        # The app's customers follow their order in the app; as followers they would receive by
        # email whatever is posted on the order (and the subscription costs 5 queries per order).
        # Their contact stays on the order, one can still write to them from the chatter.
        if self.env.context.get("order_sync_no_subscribe"):
            partner_ids = [pid for pid in partner_ids or () if pid not in self.partner_id.ids]
            if not partner_ids and not subtype_ids:
                return True
        return super().message_subscribe(partner_ids=partner_ids, subtype_ids=subtype_ids)

    def _order_sync_apply_status(self, status, status_at=None):
        """Move these orders to the app status ``status`` and take the matching Odoo step: the
        one place where an order takes an app status, for a new order (no status yet) as for a
        change. Each transition is checked once (``payload.check_transition``, raising
        ``OrderSyncError``) before anything is written; then, for the whole recordset, one
        ``action_confirm``, one ``_action_cancel`` and one write of the status, its time and the
        lock. Orders already in ``status`` are left as they are. Return the orders that moved."""
        moving = self.filtered(lambda order: order.order_sync_status != status)
        for order in moving:
            if order.order_sync_status:
                check_transition(order.order_sync_status, status, order.state)
        if not moving:
            return moving
        target = STATUS_TO_STATE[status]
        if target == "cancel":
            to_cancel = moving.filtered(lambda order: order.state != "cancel")
            if to_cancel:
                # not action_cancel(): the app decided, there is no wizard to show
                to_cancel._action_cancel()
        else:
            if target == "sent":
                # what action_quotation_sent() does, without subscribing the app's customer
                to_send = moving.filtered(lambda order: order.state == "draft")
                if to_send:
                    to_send.state = "sent"
            to_confirm = moving.filtered(
                lambda order: STATE_ORDER[order.state] < STATE_ORDER[target]
            )
            if to_confirm:
                to_confirm.with_context(
                    order_sync_keep_date=True, order_sync_no_subscribe=True
                ).action_confirm()
        values = {"order_sync_status": status}
        if status_at:
            values["order_sync_status_at"] = status_at
        if status == "delivered":
            values["locked"] = True
        moving.write(values)
        return moving


class SaleOrderLine(models.Model):
    _inherit = "sale.order.line"

    @api.model_create_multi
    def create(self, vals_list):
        lines = super().create(vals_list)
        lines.order_id._order_sync_check_editable()
        return lines

    def write(self, vals):
        if LINE_CONTENT_FIELDS.intersection(vals):
            self.order_id._order_sync_check_editable()
        result = super().write(vals)
        if "order_id" in vals:
            self.order_id._order_sync_check_editable()
        return result

    def unlink(self):
        self.order_id._order_sync_check_editable()
        return super().unlink()
