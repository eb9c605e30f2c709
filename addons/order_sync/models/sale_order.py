from odoo import fields, models

from ..payload import STATUS_TO_STATE, STATUSES, check_transition

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
        """Move this order to the app status ``status`` (see ``payload.check_transition``) and
        take the matching Odoo step. Return False when it already had that status."""
        self.ensure_one()
        current = self.order_sync_status
        if status == current:
            return False
        if current:
            check_transition(current, status, self.state)
        target = STATUS_TO_STATE[status]
        if target == "cancel":
            if self.state != "cancel":
                # not action_cancel(): the app decided, there is no wizard to show
                self._action_cancel()
        else:
            if self.state == "draft" and target == "sent":
                # what action_quotation_sent() does, without subscribing the app's customer
                self.state = "sent"
            if STATE_ORDER[self.state] < STATE_ORDER[target]:
                self.with_context(
                    order_sync_keep_date=True, order_sync_no_subscribe=True
                ).action_confirm()
            if status == "delivered" and not self.locked:
                self.action_lock()
        self.order_sync_status = status
        if status_at:
            self.order_sync_status_at = status_at
        return True
