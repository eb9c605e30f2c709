from odoo import fields, models
from odoo.addons.sale.models.sale_order import SALE_ORDER_STATE

from .sale_order import STATUS_SELECTION


class OrderSyncStatusHistory(models.Model):
    _name = "order.sync.status.history"
    _description = "App Status Change of a Synchronised Order"
    _order = "date desc, id desc"

    order_id = fields.Many2one(
        "sale.order", required=True, index=True, ondelete="cascade", readonly=True
    )
    company_id = fields.Many2one(related="order_id.company_id", store=True, index=True)
    status = fields.Selection(STATUS_SELECTION, required=True, readonly=True)
    previous_status = fields.Selection(STATUS_SELECTION, readonly=True)
    state = fields.Selection(
        SALE_ORDER_STATE, string="Odoo Status", readonly=True, help="Odoo state after the change."
    )
    date = fields.Datetime(default=fields.Datetime.now, required=True, readonly=True)
    status_at = fields.Datetime(
        string="App Time", readonly=True, help="Time of the change in the app."
    )
    event_id = fields.Many2one(
        "order.sync.event", string="Sync Event", ondelete="set null", readonly=True
    )
