import json
from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools.translate import LazyTranslate

from ..api.errors import safe_text
from ..api.payload import payload_hash

_lt = LazyTranslate(__name__)

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
#: What each error code means for the person reading the Sync Log, in their language (the
#: API's own messages, for the app's developers, stay in English).
ERROR_SUMMARIES = {
    "invalid_json": _lt("The app sent a body that is not valid JSON."),
    "invalid_request": _lt("The app sent a request that is not a valid JSON-RPC 2.0 call."),
    "not_found": _lt("The app called an address that does not exist."),
    "method_not_allowed": _lt("The app did not use the POST method."),
    "length_required": _lt("The app sent a body without its length."),
    "payload_too_large": _lt("The app sent a body that is too large."),
    "unsupported_media_type": _lt("The app did not send JSON (wrong Content-Type)."),
    "batch_too_large": _lt("The app sent too many orders in one batch."),
    "unauthorized": _lt("The API key is missing, wrong or expired."),
    "forbidden": _lt("The API key's user is not allowed to push orders."),
    "no_database": _lt("The server did not know which database to use."),
    "missing_field": _lt("A required field of the order is missing."),
    "unknown_field": _lt("The order has a field the contract does not know."),
    "invalid_type": _lt("A field of the order has the wrong type."),
    "invalid_value": _lt(
        "A value of the order is out of range or cannot be kept as sent (too many decimals...)."
    ),
    "invalid_status": _lt("The order has an unknown app status."),
    "invalid_order_type": _lt("The order has an unknown order type."),
    "empty_lines": _lt("The order has no line."),
    "too_many_lines": _lt("The order has too many lines."),
    "unknown_product": _lt(
        "A product of the order has no external id in Odoo: give the product the app's "
        "id, then replay."
    ),
    "ambiguous_product": _lt(
        "A product of the order names a product template with several variants: map the "
        "variant instead, then replay."
    ),
    "product_unavailable": _lt(
        "A product of the order is archived, not for sale or of another company: fix the "
        "product, then replay."
    ),
    "customer_unavailable": _lt(
        "The customer's contact is archived or of another company: fix the contact, then replay."
    ),
    "order_not_found": _lt(
        "A status came for an order Odoo does not have yet: it can be replayed once the "
        "order is pushed."
    ),
    "order_conflict": _lt("The order already exists with other lines, type or customer."),
    "invalid_transition": _lt("The status change is not allowed (statuses only move forward)."),
    "rejected": _lt("Odoo refused the order (see the message): fix the cause, then replay."),
    "internal_error": _lt("An unexpected server error occurred: see the server log, then replay."),
    "busy": _lt("The server was busy with concurrent updates: replay."),
}
#: Codes of the errors a replay may fix: their cause lies in Odoo (a product without external id,
#: an order pushed later...) or in a passing failure, not in the payload, which stays the same.
REPLAYABLE_ERRORS = frozenset(
    {
        "unknown_product",
        "ambiguous_product",
        "product_unavailable",
        "customer_unavailable",
        "order_not_found",
        "rejected",
        "internal_error",
        "busy",
    }
)
#: Payloads above this size are not kept whole in the log (the API refuses bodies over 1 MiB).
MAX_LOGGED_PAYLOAD = 200_000
TRUNCATED = "\n[... truncated]"


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
    error_message = fields.Text(
        string="Technical Message", readonly=True, help="The message the app received."
    )
    error_summary = fields.Char(string="Error", compute="_compute_error_summary")
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
    @api.depends_context("lang")
    def _compute_display_name(self):
        labels = dict(self._fields["operation"]._description_selection(self.env))
        for event in self:
            label = labels.get(event.operation, "")
            event.display_name = f"{label} {event.external_id}" if event.external_id else label

    @api.depends("error_code")
    @api.depends_context("lang")
    def _compute_error_summary(self):
        for event in self:
            summary = ERROR_SUMMARIES.get(event.error_code)
            event.error_summary = summary._translate(self.env.lang) if summary else False

    @api.depends("operation", "outcome", "error_code", "payload", "replay_ids.outcome")
    def _compute_can_replay(self):
        """Replay is offered where it can succeed: a failed push or status change whose cause
        may since have been fixed in Odoo (see ``REPLAYABLE_ERRORS``), whose payload was kept
        whole, and that no replay fixed yet. A payload the API refused as invalid would only
        be refused again."""
        for event in self:
            event.can_replay = (
                event.operation in ("push", "status")
                and event.outcome == "error"
                and event.error_code in REPLAYABLE_ERRORS
                and bool(event.source_id)
                and bool(event.payload)
                and not event.payload.endswith(TRUNCATED)
                and all(replay.outcome == "error" for replay in event.replay_ids)
            )

    @api.model
    def _payload_text(self, payload):
        text = payload if isinstance(payload, str) else json.dumps(payload, ensure_ascii=False)
        text = safe_text(text)
        if len(text) > MAX_LOGGED_PAYLOAD:
            return text[:MAX_LOGGED_PAYLOAD] + TRUNCATED
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
                    self.env._(
                        "%(event)s cannot be replayed: only a failed push or status update whose "
                        "cause may have been fixed in Odoo can, once.",
                        event=event.display_name,
                    )
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
                else self.env._(
                    "Replay failed again: %(error)s (%(message)s)",
                    error=replays.error_summary,
                    message=replays.error_message,
                )
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
