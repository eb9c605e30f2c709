import json
from datetime import datetime, time, timedelta

import pytz

from odoo import api, fields, models

#: How many days the reconciliation screen shows (older days stay, filtered out by default)
SCREEN_DAYS = 90


class OrderSyncReconcileDay(models.Model):
    """One day of one source, reconciled: what the app reported for it (its ``reconcile`` call)
    against Odoo's orders, invoices and payments of that day. Written by the app's call (its
    figures) and by the daily job (Odoo's figures, the orders that differ), which mails the
    Order Sync managers the report; the last 90 days are on the Reconciliation screen."""

    _name = "order.sync.reconcile.day"
    _description = "Order Sync: reconciled day"
    _order = "date desc, source_id"
    _rec_name = "date"
    _check_company_auto = True

    source_id = fields.Many2one(
        "order.sync.source", required=True, ondelete="cascade", index=True, check_company=True
    )
    company_id = fields.Many2one(
        "res.company",
        required=True,
        index=True,
        default=lambda self: self.env.company,
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    date = fields.Date(required=True, index=True)
    state = fields.Selection(
        [
            ("ok", "Matches"),
            ("differ", "Differs"),
            ("not_reported", "Not reported by the app"),
        ],
        compute="_compute_state",
        store=True,
    )
    app_reported_at = fields.Datetime(string="App Report Time", readonly=True)
    app_count = fields.Integer(string="App Orders", readonly=True)
    app_amount = fields.Monetary(string="App Total", readonly=True)
    app_differences = fields.Integer(
        string="Statuses Differing",
        readonly=True,
        help="Statuses whose count or amount differ between the app's report and Odoo.",
    )
    missing_in_odoo = fields.Text(
        string="App Orders Missing in Odoo",
        readonly=True,
        help="External ids the app reported that Odoo does not have for that day.",
    )
    app_external_ids = fields.Text(
        readonly=True, help="The app's external ids of the day, when its report gave them (JSON)."
    )
    order_count = fields.Integer(string="Odoo Orders", readonly=True)
    order_amount = fields.Monetary(
        string="Odoo Total", readonly=True, help="Total of the orders of the day, cancelled at 0."
    )
    invoiced_amount = fields.Monetary(string="Invoiced", readonly=True)
    app_paid_amount = fields.Monetary(string="Paid in the App", readonly=True)
    paid_amount = fields.Monetary(
        string="Paid in Odoo", readonly=True, help="Payments registered on the day's invoices."
    )
    differing_order_ids = fields.Many2many(
        "sale.order",
        string="Orders That Differ",
        readonly=True,
        help="Orders the app does not know, delivered orders not invoiced, orders the app says "
        "are paid whose invoice is not.",
    )
    difference_count = fields.Integer(string="Differences", readonly=True)
    mailed_at = fields.Datetime(readonly=True)

    _sql_constraints = [
        ("source_date_uniq", "unique(source_id, date)", "One reconciliation per source and day."),
    ]

    @api.depends("app_reported_at", "difference_count")
    def _compute_state(self):
        for day in self:
            if not day.app_reported_at:
                day.state = "not_reported"
            else:
                day.state = "differ" if day.difference_count else "ok"

    @api.model
    def _day_bounds(self, source, day):
        """UTC bounds of ``day`` in the time zone of the source's integration user (the one the
        ``reconcile`` call uses)."""
        tz = pytz.timezone(source.user_id.tz or "UTC")
        start = tz.localize(datetime.combine(day, time.min)).astimezone(pytz.utc)
        return start.replace(tzinfo=None), (start + timedelta(days=1)).replace(tzinfo=None)

    @api.model
    def _get_or_create(self, source, day):
        row = self.search([("source_id", "=", source.id), ("date", "=", day)], limit=1)
        return row or self.create(
            {
                "source_id": source.id,
                "company_id": (source.company_id or source.user_id.company_id).id,
                "date": day,
            }
        )

    @api.model
    def _record_app_report(self, source, day, data, differences):
        """Keep what the app reported in its ``reconcile`` call for ``day``."""
        row = self.sudo()._get_or_create(source, day)
        missing = sorted(
            {ext_id for diff in differences for ext_id in diff.get("missing_in_odoo", ())}
        )
        ids = set()
        for status in data["statuses"].values():
            if status["external_ids"] is None:
                ids = None
                break
            ids.update(status["external_ids"])
        row.write(
            {
                "app_reported_at": fields.Datetime.now(),
                "app_count": sum(s["count"] for s in data["statuses"].values()),
                "app_amount": sum(s["amount"] for s in data["statuses"].values()),
                "app_differences": len(differences),
                "missing_in_odoo": "\n".join(missing) or False,
                "app_external_ids": json.dumps(sorted(ids)) if ids is not None else False,
            }
        )
        return row

    def _compute_odoo_side(self):
        """Odoo's orders, invoices and payments of each day, and the orders that differ."""
        for row in self:
            start, end = self._day_bounds(row.source_id, row.date)
            orders = (
                self.env["sale.order"]
                .sudo()
                .search(
                    [
                        ("order_sync_source_id", "=", row.source_id.id),
                        ("date_order", ">=", start),
                        ("date_order", "<", end),
                    ]
                )
            )
            live = orders.filtered(lambda order: order.state != "cancel")
            invoices = orders.invoice_ids.filtered(lambda move: move.state == "posted")
            out = invoices.filtered(lambda move: move.move_type == "out_invoice")
            refunds = invoices.filtered(lambda move: move.move_type == "out_refund")
            differing = self.env["sale.order"]
            if row.source_id.invoicing != "manual":
                differing |= live.filtered(
                    lambda order: order.order_sync_status == "delivered"
                    and order.invoice_status == "to invoice"
                )
            differing |= live.filtered(
                lambda order: order.order_sync_payment_amount
                and order.invoice_ids
                and all(
                    move.payment_state == "not_paid"
                    for move in order.invoice_ids
                    if move.move_type == "out_invoice" and move.state == "posted"
                )
            )
            unknown = self._unknown_to_app(row, orders)
            differing |= unknown
            app_diff = row.app_differences if row.app_reported_at else 0
            row.write(
                {
                    "order_count": len(live),
                    "order_amount": sum(live.mapped("amount_total")),
                    "invoiced_amount": sum(out.mapped("amount_total"))
                    - sum(refunds.mapped("amount_total")),
                    "paid_amount": sum(move.amount_total - move.amount_residual for move in out),
                    "app_paid_amount": sum(live.mapped("order_sync_payment_amount")),
                    "differing_order_ids": [fields.Command.set(differing.ids)],
                    "difference_count": len(differing)
                    + app_diff
                    + len((row.missing_in_odoo or "").split()),
                }
            )

    def _unknown_to_app(self, row, orders):
        """The orders of the day the app's report does not know (when it sent its ids)."""
        if not row.app_external_ids:
            return self.env["sale.order"]
        known = set(json.loads(row.app_external_ids))
        return orders.filtered(lambda order: order.order_sync_external_id not in known)

    def _manager_partners(self):
        """The Order Sync managers of this day's company who have an e-mail address."""
        self.ensure_one()
        managers = (
            self.env.ref("order_sync.group_manager")
            .sudo()
            .users.filtered(
                lambda user: user.email and not user.share and self.company_id in user.company_ids
            )
        )
        return managers.partner_id

    def _manager_partner_to(self):
        return ",".join(str(pid) for pid in self._manager_partners().ids)

    def _order_url(self, order):
        return f"{self.get_base_url()}/odoo/sale.order/{order.id}"

    def _day_url(self):
        action = "action-order_sync.order_sync_reconcile_day_action"
        return f"{self.get_base_url()}/odoo/{action}/{self.id}"

    @api.model
    def _cron_reconcile(self, day=None):
        """The daily job: reconcile yesterday (or ``day``) for every active source and mail the
        managers the report."""
        day = day or fields.Date.context_today(self) - timedelta(days=1)
        sources = self.env["order.sync.source"].sudo().search([("active", "=", True)])
        rows = self.browse()
        for source in sources:
            rows |= self.sudo()._get_or_create(source, day)
        rows._compute_odoo_side()
        template = self.env.ref("order_sync.mail_template_reconcile_day")
        for row in rows:
            if row._manager_partners():
                template.send_mail(row.id)
                row.mailed_at = fields.Datetime.now()
        return rows
