import logging

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import float_compare

from ..api.errors import OrderSyncError
from ..api.payload import PAYMENT_METHODS, STATUS_TO_STATE, STATUSES, check_transition

_logger = logging.getLogger(__name__)

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
#: App statuses at which the delivery's stock is reserved (with sale_stock)
RESERVE_STATUSES = ("accepted", "preparing")
#: App statuses after which the courier has taken the goods: a cancellation then returns them
PICKED_UP_STATUSES = ("on_the_way",)
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

    order_sync_payment_method = fields.Selection(
        [
            ("cash", "Cash"),
            ("card", "Card"),
            ("meal_voucher", "Meal voucher"),
            ("online", "Online"),
        ],
        string="App Payment Method",
        readonly=True,
        copy=False,
    )
    order_sync_payment_amount = fields.Monetary(string="App Payment", readonly=True, copy=False)
    order_sync_payment_ref = fields.Char(string="App Payment Reference", readonly=True, copy=False)
    order_sync_stock_issue = fields.Text(
        string="App Stock Issue",
        readonly=True,
        copy=False,
        help="What the stock manager has to check on the delivery of this app order (not enough "
        "stock when it was reserved or delivered, a delivery that could not be validated).",
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
            if to_cancel and to_cancel._order_sync_has_stock():
                # the courier had taken the goods: they are delivered, then returned
                to_cancel.filtered(
                    lambda order: order.order_sync_status in PICKED_UP_STATUSES
                ).sudo()._order_sync_return_picked_up()
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
        moving._order_sync_stock(status)
        if status == "delivered":
            moving.filtered(
                lambda order: order.order_sync_source_id.invoicing == "delivery"
            )._order_sync_invoice()
        return moving

    # --- Invoicing and payment of the app's orders ------------------------------------------
    # A delivered order is invoiced (at once or in the daily grouped run, per source) on Odoo's
    # own mechanism (``_create_invoices``), the invoice posted and the app's payment registered
    # on the method's journal through Odoo's payment wizard, which reconciles it; a cancelled
    # order that was invoiced gets its credit note.

    def _order_sync_set_payment(self, payment):
        """Keep how the app's customer paid, refused when it exceeds the order's total."""
        self.ensure_one()
        if (
            float_compare(
                payment["amount"], self.amount_total, precision_rounding=self.currency_id.rounding
            )
            > 0
        ):
            raise OrderSyncError(
                "invalid_value",
                f"payment.amount: {payment['amount']} is more than the order's total "
                f"{self.amount_total}",
                [
                    {
                        "field": "payment.amount",
                        "code": "invalid_value",
                        "message": f"must be at most the order's total ({self.amount_total})",
                    }
                ],
            )
        journal = self.order_sync_source_id._payment_journal(payment["method"])
        if self.order_sync_source_id.invoicing != "manual" and not journal:
            raise OrderSyncError(
                "rejected",
                f"payment.method: the source {self.order_sync_source_id.name} has no journal "
                f"for {payment['method']} payments",
            )
        self.write(
            {
                "order_sync_payment_method": payment["method"],
                "order_sync_payment_amount": payment["amount"],
                "order_sync_payment_ref": payment["reference"],
            }
        )

    def _order_sync_invoice(self):
        """Invoice these delivered app orders still to invoice (grouped per customer by Odoo's
        ``_create_invoices``), post the invoices and register the app's payments. Orders already
        invoiced are left out: never twice, however many times their status arrives (the order
        row written with the status serialises concurrent deliveries)."""
        orders = self.filtered(
            lambda order: order.order_sync_status == "delivered"
            and order.invoice_status == "to invoice"
        )
        if not orders:
            return self.env["account.move"]
        # The integration user sells, it does not keep the books: the API, after its own
        # checks, invoices as Odoo's superuser, in the order's company.
        orders = orders.sudo().with_company(orders.company_id[:1])
        moves = orders._create_invoices(grouped=False, final=True)
        moves.action_post()
        for move in moves:
            paid = move.line_ids.sale_line_ids.order_id.filtered("order_sync_payment_method")
            for method in PAYMENT_METHODS:
                of_method = paid.filtered(lambda o, m=method: o.order_sync_payment_method == m)
                if not of_method:
                    continue
                amount = sum(of_method.mapped("order_sync_payment_amount"))
                journal = of_method.order_sync_source_id[:1]._payment_journal(method)
                self.env["account.payment.register"].sudo().with_context(
                    active_model="account.move", active_ids=move.ids
                ).create(
                    {
                        "journal_id": journal.id,
                        "amount": min(amount, move.amount_residual),
                        "payment_date": fields.Date.context_today(self),
                        "communication": ", ".join(
                            filter(None, of_method.mapped("order_sync_payment_ref"))
                        )
                        or move.name,
                    }
                )._create_payments()
        return moves

    def _action_cancel(self):
        """An app order cancelled after it was invoiced (by the office, in Odoo) gets the credit
        note of its posted invoices. An app order cancelled in Odoo (not by the app) is sent to
        the app's webhook."""
        if not self.env.context.get("order_sync_api"):
            webhooks = self.env["order.sync.webhook"]
            for order in self.filtered(lambda o: o.order_sync_source_id and o.state != "cancel"):
                webhooks._enqueue(
                    order.order_sync_source_id,
                    "order.cancelled",
                    order.order_sync_external_id,
                    {"order_id": order.id, "name": order.name, "by": self.env.user.name},
                )
        posted = self.filtered("order_sync_source_id").invoice_ids.filtered(
            lambda move: move.state == "posted"
            and move.move_type == "out_invoice"
            and not move.reversal_move_ids
        )
        for move in posted.sudo():
            paid = move.payment_state in ("paid", "in_payment")
            # unpaid: the credit note settles the invoice; paid: it stays open, a refund is due
            reversal = move._reverse_moves(
                [{"ref": self.env._("Cancellation of %(name)s", name=move.name)}], cancel=not paid
            )
            reversal.filtered(lambda credit_note: credit_note.state == "draft").action_post()
        return super()._action_cancel()

    @api.model
    def _cron_order_sync_invoice_daily(self):
        """The daily grouped invoicing: per source in "grouped daily" mode, the delivered orders
        still to invoice, one invoice per customer."""
        sources = self.env["order.sync.source"].sudo().search([("invoicing", "=", "daily")])
        for source in sources:
            orders = self.sudo().search(
                [
                    ("order_sync_source_id", "=", source.id),
                    ("order_sync_status", "=", "delivered"),
                    ("invoice_status", "=", "to invoice"),
                ]
            )
            for company in orders.company_id:
                orders.filtered(lambda o, c=company: o.company_id == c)._order_sync_invoice()
        return True

    # --- Stock of the app's orders ----------------------------------------------------------
    # The app's orders move their delivery in stock, when ``sale_stock`` is installed (a soft
    # link: order_sync does not depend on it, and every method here does nothing without it).
    # Odoo's own delivery order of the sale order follows the app: reserved when the app accepts
    # or prepares the order, done when it is delivered, returned when an order the courier has
    # taken is cancelled. The app has already served the customer: missing stock never blocks an
    # app status, the order is flagged instead (``order_sync_stock_issue``) with an activity for
    # the source's stock manager.

    def _order_sync_has_stock(self):
        return "picking_ids" in self._fields

    def _order_sync_open_deliveries(self):
        return self.picking_ids.filtered(
            lambda picking: picking.state not in ("done", "cancel")
            and picking.picking_type_code == "outgoing"
        )

    def _order_sync_stock(self, status):
        """Take the stock step of the app status ``status`` for these orders (already moved to
        it): reserve, or deliver. Cancellations are handled by ``_action_cancel``."""
        if not self or not self._order_sync_has_stock():
            return
        # the integration user sells; the warehouse moves are Odoo's own work, in the
        # order's company
        orders = self.sudo()
        if status in RESERVE_STATUSES:
            pickings = orders._order_sync_open_deliveries()
            if pickings:
                pickings.action_assign()
            for order in orders:
                short = order._order_sync_open_deliveries().move_ids.filtered(
                    lambda move: move.state in ("confirmed", "partially_available")
                    and move.product_id.is_storable
                )
                if short:
                    order._order_sync_flag_stock(
                        self.env._(
                            "Not enough stock to reserve for the app order: %(products)s.",
                            products=", ".join(short.product_id.mapped("display_name")),
                        )
                    )
        elif status == "delivered":
            orders._order_sync_deliver()

    def _order_sync_deliver(self):
        """Validate the open deliveries of these orders with the quantities ordered, whatever
        is in stock (the app has delivered them); what was not reserved is flagged. A delivery
        Odoo refuses to validate (a product tracked by lot, for instance) stays open, flagged."""
        done = self.env["stock.picking"]
        for order in self:
            pickings = order._order_sync_open_deliveries()
            if not pickings:
                continue
            moves = pickings.move_ids.filtered(lambda move: move.state not in ("done", "cancel"))
            short = moves.filtered(
                lambda move: move.product_id.is_storable
                and move.state != "assigned"
                and move.quantity < move.product_uom_qty
            )
            try:
                with self.env.cr.savepoint():
                    for move in moves:
                        move.quantity = move.product_uom_qty
                    moves.picked = True
                    pickings.with_context(cancel_backorder=True)._action_done()
            except UserError as error:
                _logger.info("App order %s: delivery not validated: %s", order.name, error)
                order._order_sync_flag_stock(
                    self.env._(
                        "The delivery of the app order could not be validated: %(error)s",
                        error=str(error),
                    )
                )
                continue
            done |= pickings
            if short:
                order._order_sync_flag_stock(
                    self.env._(
                        "Delivered by the app without enough stock: %(products)s. Check the "
                        "stock of these products (it may now be negative).",
                        products=", ".join(short.product_id.mapped("display_name")),
                    )
                )
        return done

    def _order_sync_return_picked_up(self):
        """These orders are cancelled after the courier took them: their delivery is done (the
        goods left) and returned (they come back), so that the stock and its history say so."""
        returns = self.env["stock.picking"]
        delivered = self._order_sync_deliver()
        for picking in delivered:
            context = {
                "active_id": picking.id,
                "active_ids": picking.ids,
                "active_model": "stock.picking",
            }
            wizard = self.env["stock.return.picking"].with_context(**context).create({})
            action = wizard.action_create_returns_all()
            back = self.env["stock.picking"].browse(action["res_id"])
            for move in back.move_ids:
                move.quantity = move.product_uom_qty
            back.move_ids.picked = True
            back._action_done()
            returns |= back
        return returns

    def _order_sync_flag_stock(self, message):
        """Flag this order for the stock manager: the issue on the order, and an activity for
        the source's stock manager (or, without one, the order's salesperson)."""
        self.ensure_one()
        issue = "\n".join(filter(None, [self.order_sync_stock_issue, message]))
        self.order_sync_stock_issue = issue
        user = self.order_sync_source_id.stock_user_id or self.user_id
        if user:
            self.activity_schedule(
                "mail.mail_activity_data_todo",
                summary=self.env._("App order: check the stock"),
                note=message,
                user_id=user.id,
            )

    def action_order_sync_stock_checked(self):
        """The stock manager has checked the flagged delivery."""
        self.write({"order_sync_stock_issue": False})
        self.activity_feedback(["mail.mail_activity_data_todo"])
        return True


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
