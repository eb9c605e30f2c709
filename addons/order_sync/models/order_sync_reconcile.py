from datetime import datetime, time, timedelta

import pytz

from odoo import models

from ..api import payload


class OrderSyncReconcileMixin(models.AbstractModel):
    """The reconciliation of a source: the app's figures of a day against Odoo's orders. Mixed
    into ``order.sync.source``."""

    _name = "order.sync.reconcile.mixin"
    _description = "Order Sync: reconciliation"

    def _reconcile(self, params):
        """Compare the app's counts and amounts (tax included; 0 for a cancelled order) of one
        day, per status, with the orders of this source whose order date falls on that day in
        the integration user's time zone. Answer the differences with the external ids
        involved: Odoo's ids of that status, or, when the app sent its own, the ids missing on
        either side."""
        self.ensure_one()
        data = payload.parse_reconcile(params)
        tz = pytz.timezone(self.env.user.tz or "UTC")
        start = tz.localize(datetime.combine(data["date"], time.min)).astimezone(pytz.utc)
        end = start + timedelta(days=1)
        orders = self.env["sale.order"].search_fetch(
            [
                ("order_sync_source_id", "=", self.id),
                ("date_order", ">=", start.replace(tzinfo=None)),
                ("date_order", "<", end.replace(tzinfo=None)),
            ],
            ["order_sync_external_id", "order_sync_status", "state", "amount_total"],
        )
        odoo = {}
        for order in orders:
            row = odoo.setdefault(order.order_sync_status, {"count": 0, "amount": 0.0, "ids": []})
            row["count"] += 1
            # a cancelled order keeps its lines and total in Odoo, but nobody pays it
            row["amount"] += 0.0 if order.state == "cancel" else order.amount_total
            row["ids"].append(order.order_sync_external_id)
        differences = []
        for status in payload.STATUSES:
            app = data["statuses"].get(status) or {"count": 0, "amount": 0.0, "external_ids": None}
            mine = odoo.get(status, {"count": 0, "amount": 0.0, "ids": []})
            difference = {
                "status": status,
                "app": {"count": app["count"], "amount": round(app["amount"], 2)},
                "odoo": {"count": mine["count"], "amount": round(mine["amount"], 2)},
            }
            same = app["count"] == mine["count"] and abs(app["amount"] - mine["amount"]) < 0.005
            if app["external_ids"] is not None:
                missing = sorted(set(app["external_ids"]) - set(mine["ids"]))
                unknown = sorted(set(mine["ids"]) - set(app["external_ids"]))
                difference.update(missing_in_odoo=missing, unknown_to_app=unknown)
                same = same and not missing and not unknown
            else:
                difference["odoo_external_ids"] = sorted(mine["ids"])
            if not same:
                differences.append(difference)
        self.env["order.sync.reconcile.day"]._record_app_report(
            self, data["date"], data, differences
        )
        self.env["order.sync.event"].create(
            {
                "source_id": self.id,
                "operation": "reconcile",
                "payload": self.env["order.sync.event"]._payload_text(params),
                "payload_hash": payload.payload_hash(params),
                "outcome": "unchanged",
                "error_message": f"{len(differences)} status(es) differ" if differences else False,
            }
        )
        return {
            "date": data["date"].isoformat(),
            "time_zone": tz.zone,
            "ok": not differences,
            "differences": differences,
        }
