import json
from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError

from ..api.errors import safe_text
from ..api.payload import payload_hash

OPERATION_SELECTION = [
    ("push", "Push order"),
    ("status", "Status update"),
    ("read", "Read"),
    ("reconcile", "Reconciliation"),
    ("request", "Rejected request"),
]
OUTCOME_SELECTION = [
    ("created", "Created"),
    ("updated", "Updated"),
    ("unchanged", "Unchanged"),
    ("stale", "Stale (ignored)"),
    ("error", "Error"),
]
#: Payloads above this size are not kept whole in the log (the API refuses bodies over 1 MiB).
MAX_LOGGED_PAYLOAD = 200_000


class OrderSyncEvent(models.Model):
    _name = "order.sync.event"
    _description = "Order Sync Event"
    _order = "id desc"

    source_id = fields.Many2one("order.sync.source", readonly=True, index=True, ondelete="cascade")
    company_id = fields.Many2one(
        "res.company", required=True, readonly=True, index=True, default=lambda s: s.env.company
    )
    user_id = fields.Many2one(
        "res.users",
        string="API User",
        readonly=True,
        default=lambda self: self.env.user,
        help="Integration user whose API key made the call.",
    )
    operation = fields.Selection(OPERATION_SELECTION, required=True, readonly=True)
    request_ref = fields.Char(
        string="Request", readonly=True, index=True, help="Shared by the orders of one batch."
    )
    external_id = fields.Char(string="App Order ID", readonly=True, index=True)
    payload = fields.Text(readonly=True)
    payload_hash = fields.Char(readonly=True, index=True, help="SHA-256 of the canonical JSON.")
    outcome = fields.Selection(OUTCOME_SELECTION, required=True, readonly=True, index=True)
    error_code = fields.Char(readonly=True, index=True)
    error_message = fields.Text(readonly=True)
    order_id = fields.Many2one("sale.order", readonly=True, index=True, ondelete="set null")
    replay_of_id = fields.Many2one(
        "order.sync.event", readonly=True, index=True, ondelete="set null"
    )
    replay_ids = fields.One2many("order.sync.event", "replay_of_id", string="Replays")
    replayed_by_id = fields.Many2one("res.users", readonly=True)
    can_replay = fields.Boolean(compute="_compute_can_replay")
    review_needed = fields.Boolean(
        string="To Review",
        readonly=True,
        index=True,
        help="Something a person should check, though the call succeeded (see the note).",
    )
    review_note = fields.Text(readonly=True)

    @api.depends("operation", "external_id")
    def _compute_display_name(self):
        labels = dict(OPERATION_SELECTION)
        for event in self:
            event.display_name = f"{labels.get(event.operation, '')} {event.external_id or ''}"

    @api.depends("operation", "outcome", "payload")
    def _compute_can_replay(self):
        for event in self:
            event.can_replay = (
                event.operation in ("push", "status")
                and event.outcome == "error"
                and bool(event.payload)
                and bool(event.source_id)
            )

    @api.model
    def _payload_text(self, payload):
        text = payload if isinstance(payload, str) else json.dumps(payload, ensure_ascii=False)
        text = safe_text(text)
        if len(text) > MAX_LOGGED_PAYLOAD:
            return text[:MAX_LOGGED_PAYLOAD] + "\n[... truncated]"
        return text

    @api.model
    def _log_results(
        self, source, operation, items, results, changes, request_ref, replayed_by, reviews=None
    ):
        """Log a run of ``source``: one event per item, then the status history rows of the
        ``changes``, in two INSERTs for the batch. ``reviews`` gives the note for review of
        some items, by index. Each result gets its ``event_id``."""
        replay_of = self.env.context.get("order_sync_replay_of")
        reviews = reviews or {}
        vals_list = []
        for index, (raw, result) in enumerate(zip(items, results, strict=True)):
            error = result.get("error") or {}
            vals_list.append(
                {
                    "source_id": source.id,
                    "operation": operation,
                    "request_ref": request_ref,
                    "external_id": result["external_id"],
                    "payload": self._payload_text(raw),
                    "payload_hash": payload_hash(raw),
                    "outcome": result["outcome"] if result["ok"] else "error",
                    "error_code": error.get("code"),
                    "error_message": error.get("message"),
                    "order_id": result.get("order_id"),
                    "replay_of_id": replay_of,
                    "replayed_by_id": replayed_by and replayed_by.id,
                    "review_needed": index in reviews,
                    "review_note": reviews.get(index),
                }
            )
        events = self.create(vals_list)
        for event, result in zip(events, results, strict=True):
            result["event_id"] = event.id
        self.env["order.sync.status.history"].create(
            [
                {
                    "order_id": order.id,
                    "status": status,
                    "previous_status": previous,
                    "state": state,
                    "status_at": status_at,
                    "event_id": events[index].id,
                }
                for index, (order, previous, status, state, status_at) in changes.items()
            ]
        )
        return events

    @api.model
    def _log_request_error(self, source, raw, error):
        """Log a request of ``source`` refused as a whole (bad JSON, too large...); return the
        event's id."""
        return self.create(
            {
                "source_id": source.id,
                "operation": "request",
                "payload": self._payload_text(raw),
                "payload_hash": payload_hash(raw),
                "outcome": "error",
                "error_code": error.code,
                "error_message": error.message,
            }
        ).id

    def action_replay(self):
        """Run the logged payload again through the API, as the integration user who sent it.
        Meant for errors fixed on the Odoo side (a product given its external id, ...)."""
        if not self.env.user.has_group("order_sync.group_manager"):
            raise AccessError(self.env._("Only Order Sync managers can replay events."))
        replay_ids = []
        for event in self:
            if not event.can_replay:
                raise UserError(
                    self.env._("Only failed pushes and status updates can be replayed.")
                )
            source, user = event.source_id, event.user_id
            if not (
                source.active and user.active and user.has_group("order_sync.group_integration")
            ):
                raise UserError(
                    self.env._(
                        "The source %(name)s or its integration user is disabled.",
                        name=source.name,
                    )
                )
            try:
                payload = json.loads(event.payload)
            except ValueError:
                payload = event.payload  # refused again, with the same error
            results = (
                source.with_user(user)
                .with_company(event.company_id)
                .with_context(order_sync_replay_of=event.id)
                ._sync(event.operation, [payload], replayed_by=self.env.user)
            )
            replay_ids.append(results[0]["event_id"])
        replays = self.browse(replay_ids)
        if len(replays) == 1:
            message = (
                self.env._("Replay succeeded: %(outcome)s.", outcome=replays.outcome)
                if replays.outcome != "error"
                else self.env._("Replay failed again: %(error)s", error=replays.error_message)
            )
        else:
            failed = len(replays.filtered(lambda e: e.outcome == "error"))
            message = self.env._(
                "%(count)s events replayed, %(failed)s failed.", count=len(replays), failed=failed
            )
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "message": message,
                "type": "danger" if any(e.outcome == "error" for e in replays) else "success",
                "sticky": False,
                "next": {"type": "ir.actions.client", "tag": "soft_reload"},
            },
        }

    def action_mark_reviewed(self):
        """A manager checked what the note says (and merged the contacts if need be)."""
        if not self.env.user.has_group("order_sync.group_manager"):
            raise AccessError(self.env._("Only Order Sync managers can mark events as reviewed."))
        # events are written by the API only: the manager's right is checked above
        self.sudo().write({"review_needed": False})
        return True

    @api.autovacuum
    def _gc_old_events(self):
        """Forget successful calls after `order_sync.event_retention_days` days (default 90);
        errors stay until a manager deletes them."""
        days = int(
            self.env["ir.config_parameter"].sudo().get_param("order_sync.event_retention_days", 90)
        )
        limit_date = fields.Datetime.now() - timedelta(days=days)
        self.sudo().search(
            [("create_date", "<", limit_date), ("outcome", "!=", "error")], limit=10_000
        ).unlink()
