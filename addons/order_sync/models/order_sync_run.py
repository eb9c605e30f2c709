import logging
import uuid
from collections import namedtuple

import psycopg2

from odoo import Command, api, models
from odoo.exceptions import UserError

from ..api import payload
from ..api.errors import OrderSyncError

_logger = logging.getLogger(__name__)


#: An app customer met for the first time: its payload's ``data``, the id of the existing contact
#: of the same person (``partner_id``, or None: a contact is created) and the (id, name) of a
#: contact with the same e-mail or phone but another name (``near_match``), noted for review.
NewCustomer = namedtuple("NewCustomer", "data partner_id near_match")


def is_multiple(value, step):
    """Whether ``value`` is a whole multiple of ``step`` (0.01, 0.001...), float noise aside."""
    return abs(value - round(value / step) * step) <= step * 1e-6


def retry_transaction(cr):
    """Odoo retries a request in a new transaction (so a new snapshot) when PostgreSQL reports a
    serialization failure. Report one: used when a concurrent request created what this one was
    about to create."""
    _logger.info("order_sync: concurrent push detected, the request will be retried")
    cr.execute(
        "DO $$ BEGIN RAISE EXCEPTION 'order_sync: concurrent push, retry' "
        "USING ERRCODE = 'serialization_failure'; END $$"
    )


class OrderSyncRunMixin(models.AbstractModel):
    """The batch run of the API calls of a source: validate each item, look up what the batch
    needs once, create the new orders together, apply status changes, log one event per item.
    Everything here runs as the source's integration user (see controllers/main.py). Mixed into
    ``order.sync.source``."""

    _name = "order.sync.run.mixin"
    _description = "Order Sync: batch run of API calls"

    def _sync(self, operation, items, request_ref=None, replayed_by=None):
        """Run the API call ``operation`` on ``items`` (see ``_run``) with the right to write
        what the app owns on its orders (``order_sync_api``, see ``sale.order``)."""
        return self.with_context(order_sync_api=True)._run(
            operation, items, request_ref=request_ref, replayed_by=replayed_by
        )

    def _run(self, operation, items, request_ref=None, replayed_by=None):
        """Process raw (decoded, not yet validated) payloads of one ``operation`` ("push",
        "status" or "read"). A bad item is refused with nothing of it written, the others go
        through. One event is logged per item. The lookups a batch needs (existing orders,
        products, customers) are made once for the whole batch, and its new orders are created
        together (one ``sale.order.create``, see ``_create_orders``), so the number of queries
        per order does not grow with the batch size. Should Odoo refuse one of these new orders,
        they are created one by one instead, each in its own savepoint, like status changes.

        :return: one result dict per item, in order (see ``_result``/``_error_result``)
        """
        self.ensure_one()
        request_ref = request_ref or uuid.uuid4().hex
        parse = {
            "push": payload.parse_order,
            "status": payload.parse_status,
            "read": payload.parse_lookup,
        }[operation]
        results = [None] * len(items)
        valid = {}
        for index, raw in enumerate(items):
            try:
                valid[index] = parse(raw)
            except OrderSyncError as error:
                results[index] = self._error_result(raw, error)

        orders = self._find_orders({data["external_id"] for data in valid.values()})
        products = customers = {}
        if operation == "push":
            products = self._resolve_products(
                {line["product_id"] for data in valid.values() for line in data["lines"]}
            )
            # contacts are looked up only for new orders whose products are all known
            customers = self._resolve_customers(
                [
                    data["customer"]
                    for data in valid.values()
                    if data["customer"]
                    and data["external_id"] not in orders
                    and not any(
                        isinstance(products[line["product_id"]], str) for line in data["lines"]
                    )
                ]
            )
        near_matches = {
            external_id: self._near_match_note(customer)
            for external_id, customer in customers.items()
            if isinstance(customer, NewCustomer) and customer.near_match
        }
        reviews = {}  # index -> note for review of the event

        changes = {}  # index -> (order, previous status, status, state, status_at) of each change

        def record(index, outcome):
            # outcome: (order, outcome, change) or a result dict (refused order)
            if isinstance(outcome, dict):
                results[index] = outcome
                return
            order, outcome, change = outcome
            orders[order.order_sync_external_id] = order
            results[index] = self._result(order, outcome)
            customer = valid[index].get("customer")
            if outcome == "created" and customer and customer["external_id"] in near_matches:
                reviews[index] = near_matches[customer["external_id"]]
            if change is not None:
                # what the history keeps: the order as this item left it (a later item of the
                # same batch may move it on)
                changes[index] = (
                    *change,
                    order.order_sync_status,
                    order.state,
                    order.order_sync_status_at,
                )

        # New orders are created together, at the end; a second item of the same new order
        # waits for them (it is then an existing order: same content or a status change).
        new_orders = {}  # index -> (data, partner) of each new order
        queued, deferred = set(), []
        for index, data in valid.items():
            if operation == "push" and data["external_id"] not in orders:
                if data["external_id"] in queued:
                    deferred.append(index)
                    continue
                try:
                    new_orders[index] = (data, self._check_new_order(data, products, customers))
                except OrderSyncError as error:
                    results[index] = self._error_result(items[index], error)
                else:
                    queued.add(data["external_id"])
                continue
            record(
                index,
                self._guarded(
                    items[index], data, self._existing_order_one, data, orders, operation
                ),
            )

        if len(new_orders) > 1:
            created = self._create_orders_grouped(list(new_orders.values()), products, customers)
            for index, order in zip(new_orders, created or (), strict=False):
                record(index, (order, "created", (order, False)))
            if created:
                new_orders = {}
        for index, (data, partner) in new_orders.items():  # one order, or the fallback
            record(
                index,
                self._guarded(
                    items[index], data, self._create_order_one, data, partner, products, customers
                ),
            )
        for index in deferred:
            data = valid[index]
            record(
                index,
                self._guarded(
                    items[index], data, self._push_one, data, orders, products, customers
                ),
            )

        self.env["order.sync.event"]._log_results(
            self, operation, items, results, changes, request_ref, replayed_by, reviews
        )
        return results

    def _find_orders(self, external_ids):
        if not external_ids:
            return {}
        found = self.env["sale.order"].search(
            [
                ("order_sync_source_id", "=", self.id),
                ("order_sync_external_id", "in", list(external_ids)),
            ]
        )
        return {order.order_sync_external_id: order for order in found}

    def _order_exists(self, external_id):
        """Whether this transaction sees the order, whatever the access rules."""
        return bool(
            self.env["sale.order"]
            .sudo()
            .with_context(active_test=False)
            .search_count(
                [
                    ("order_sync_source_id", "=", self.id),
                    ("order_sync_external_id", "=", external_id),
                ],
                limit=1,
            )
        )

    def _guarded(self, raw, data, function, *args):
        """Run ``function(*args)`` for one item and return its ``(order, outcome, change)``, or
        the error result of the item when it is refused (its savepoint rolled back)."""
        try:
            return function(*args)
        except OrderSyncError as error:
            return self._error_result(raw, error)
        except psycopg2.IntegrityError as error:
            if error.diag.constraint_name != "sale_order_order_sync_external_uniq":
                return self._unexpected_error_result(raw, error)
            if self._order_exists(data["external_id"]):
                return self._error_result(
                    raw,
                    OrderSyncError(
                        "order_conflict",
                        f"Order {data['external_id']} exists but is out of reach of the "
                        "integration user (moved to another company?).",
                    ),
                )
            # A concurrent request created this order after our snapshot was taken: we cannot
            # see it in this transaction. Let Odoo retry the whole request.
            retry_transaction(self.env.cr)
        except psycopg2.OperationalError:
            raise  # serialization failure, lock timeout...: Odoo retries the request
        except UserError as error:  # also AccessError and ValidationError
            message = error.args[0] if error.args else str(error)
            return self._error_result(
                raw, OrderSyncError("rejected", f"Odoo refused the order: {message}")
            )
        except Exception as error:
            return self._unexpected_error_result(raw, error)

    def _existing_order_one(self, data, orders, operation):
        if operation == "push":
            return self._push_one(data, orders, None, None)
        return self._update_status_one(data, orders, operation)

    def _push_one(self, data, orders, products, customers):
        """Push of one order: a status change of an existing order, or a new order."""
        order = orders.get(data["external_id"])
        if order:
            known = (data["content_hash"], data["legacy_content_hash"])
            if order.order_sync_content_hash not in known:
                raise OrderSyncError(
                    "order_conflict",
                    f"Order {data['external_id']} already exists ({order.name}) with other "
                    "lines, type or customer: only its status can change.",
                )
            return self._apply_status(order, data["status"], data["status_at"], data["payment"])
        partner = self._check_new_order(data, products, customers)
        return self._create_order_one(data, partner, products, customers)

    def _check_new_order(self, data, products, customers):
        """Check a new order without writing anything; return its customer (a res.partner or a
        ``NewCustomer``)."""
        details = []
        for index, line in enumerate(data["lines"]):
            product = products[line["product_id"]]
            if isinstance(product, str):
                details.append(
                    {
                        "field": f"lines[{index}].product_id",
                        "code": product,
                        "message": f"no sellable product with external id "
                        f"{self.xmlid_module}.product_{line['product_id']}",
                    }
                )
            else:
                details.extend(self._check_line_amounts(index, line, product))
        partner = self.partner_id
        if data["customer"] and not details:  # (no contact is looked up for a refused order)
            partner = customers[data["customer"]["external_id"]]
            if isinstance(partner, str):
                details.append(
                    {
                        "field": "customer.external_id",
                        "code": partner,
                        "message": "the customer's contact is archived or of another company",
                    }
                )
        if details:
            first = details[0]
            raise OrderSyncError(first["code"], f"{first['field']}: {first['message']}", details)
        return partner

    def _check_line_amounts(self, index, line, product):
        """Refuse what Odoo cannot keep as sent rather than round it silently: a unit price or
        a discount with more decimals than their decimal precision ("Product Price",
        "Discount"), a quantity that is not a multiple of the rounding of the product's unit of
        measure (nor within the "Product Unit of Measure" precision). Return error details."""
        precision = self.env["decimal.precision"].precision_get
        details = []

        def fail(field, message):
            details.append(
                {"field": f"lines[{index}].{field}", "code": "invalid_value", "message": message}
            )

        for field, digits_name in (("unit_price", "Product Price"), ("discount", "Discount")):
            digits = precision(digits_name)
            if line[field] is not None and not is_multiple(line[field], 10**-digits):
                fail(field, f"has more than {digits} decimals, the precision Odoo keeps")
        rounding = max(product.uom_id.rounding, 10 ** -precision("Product Unit of Measure"))
        if not is_multiple(line["quantity"], rounding):
            fail(
                "quantity",
                f"must be a multiple of {rounding:g} (rounding of the unit {product.uom_id.name})",
            )
        return details

    def _create_order_one(self, data, partner, products, customers):
        """Create one checked order in a savepoint: a refused order leaves nothing, not even
        its new contact."""
        with self.env.cr.savepoint():
            order = self._create_orders([(data, partner)], products, customers)
        self._remember_customers([(data, partner)], order, customers)
        return order, "created", (order, False)

    def _remember_customers(self, new_orders, orders, customers):
        """Once orders are created, their new contacts are known: the next order of the same
        app customer uses them."""
        for (_data, partner), order in zip(new_orders, orders, strict=True):
            if isinstance(partner, NewCustomer):
                customers[partner.data["external_id"]] = order.partner_id

    def _create_orders_grouped(self, new_orders, products, customers):
        """Create the checked new orders of a batch with one ``sale.order.create``, in one
        savepoint. When anything refuses (Odoo refusing one order, the unique index refusing an
        order a concurrent request made...), nothing of it stays and None is returned: the caller
        then creates the orders one by one, each in its own savepoint, to tell which one fails."""
        try:
            with self.env.cr.savepoint():
                orders = self._create_orders(new_orders, products, customers)
        except psycopg2.OperationalError:
            raise  # serialization failure, lock timeout...: Odoo retries the request
        except Exception as error:  # every order is retried on its own, see the caller
            _logger.info(
                "order_sync: grouped creation of %s orders refused (%s), creating them one by one",
                len(new_orders),
                type(error).__name__,
            )
            return None
        self._remember_customers(new_orders, orders, customers)
        return orders

    def _create_orders(self, new_orders, products, customers):
        """Create checked new orders ``[(data, partner)]`` in their app status, in batch: one
        ``create`` for all the orders and their lines, then, per app status, one call of
        ``sale.order._order_sync_apply_status`` (the one place where an order takes an app
        status: one confirmation, one cancellation, one write for the whole group). Return the
        orders, in order.

        The orders are machine-made copies of the app's orders: their own log is the sync event
        and the status history (our records), not the chatter. Hence ``tracking_disable`` (no
        field tracking, no "Quotation created" message, no follower subscription on create, see
        ``mail.thread.create``) and its finer-grained equivalents for the code that checks only
        them; the context also reaches what the confirmation creates (e.g. pickings).

        The contacts of the app customers met for the first time are written here, in the
        caller's savepoint, with their orders (see ``_bind_customers``)."""
        to_bind = {}
        for _data, partner in new_orders:
            if isinstance(partner, NewCustomer):
                external_id = partner.data["external_id"]
                if isinstance(customers.get(external_id), NewCustomer):
                    to_bind.setdefault(external_id, partner)
        bound = self._bind_customers(list(to_bind.values()))
        values_list = []
        for data, partner in new_orders:
            if isinstance(partner, NewCustomer):
                external_id = partner.data["external_id"]
                partner = bound.get(external_id) or customers[external_id]
            values = self._prepare_order_values(data, partner, products)
            if data["status_at"]:
                values["order_sync_status_at"] = data["status_at"]
            values_list.append(values)
        orders = (
            self.env["sale.order"]
            .with_context(
                tracking_disable=True,
                mail_create_nolog=True,
                mail_create_nosubscribe=True,
                mail_notrack=True,
            )
            .create(values_list)
        )
        by_status = {}
        for order, (data, _partner) in zip(orders, new_orders, strict=True):
            by_status.setdefault(data["status"], []).append(order.id)
            if data["payment"]:
                order._order_sync_set_payment(data["payment"])
        for status in payload.STATUSES:
            if status in by_status:
                orders.browse(by_status[status])._order_sync_apply_status(status)
        return orders

    def _apply_status(self, order, status, status_at, payment=None):
        """A change older than the last one applied (by the app's ``status_at``) is acknowledged
        and ignored: an order never goes back because a late retry arrived after a newer change.
        A change at the same time as the last one goes forward when the transition is valid.
        Otherwise the order takes the status through ``sale.order._order_sync_apply_status``,
        which checks the transition, in a savepoint (a refused change leaves nothing)."""
        previous = order.order_sync_status
        last_at = order.order_sync_status_at
        if status_at and last_at and status_at <= last_at:
            if status == previous:
                return order, "unchanged", None
            if status_at < last_at or not payload.is_valid_transition(
                previous, status, order.state
            ):
                return order, "stale", None
            # two changes at the same time (the app's clock has a second's precision): the one
            # that may follow the other goes forward
        if status == previous:
            if status_at:
                order.order_sync_status_at = status_at
            return order, "unchanged", None
        with self.env.cr.savepoint():
            if payment:
                order._order_sync_set_payment(payment)
            order.with_context(tracking_disable=True)._order_sync_apply_status(status, status_at)
        return order, "updated", (order, previous)

    def _prepare_order_values(self, data, partner, products):
        lines = []
        for line in data["lines"]:
            product = products[line["product_id"]]
            values = {"product_id": product.id, "product_uom_qty": line["quantity"]}
            if line["unit_price"] is not None:
                values["price_unit"] = line["unit_price"]
            if line["discount"]:
                values["discount"] = line["discount"]
            if line["note"]:
                values["name"] = (
                    f"{product.get_product_multiline_description_sale()}\n{line['note']}"
                )
            lines.append(Command.create(values))
        values = {
            "partner_id": partner.id,
            "company_id": self.env.company.id,
            "order_sync_source_id": self.id,
            "order_sync_external_id": data["external_id"],
            "order_sync_type": data["type"],
            "order_sync_content_hash": data["content_hash"],
            "order_sync_note": data["note"],
            "order_sync_courier": data["courier"],
            "client_order_ref": data["reference"] or data["external_id"],
            "order_line": lines,
        }
        if data["date"]:
            values["date_order"] = data["date"]
        return values

    def _update_status_one(self, data, orders, operation):
        order = orders.get(data["external_id"])
        if not order:
            # Refused rather than kept for later: the app owns the order and pushes it whole
            # (with its current status) when it can; a retry of this change then succeeds.
            raise OrderSyncError(
                "order_not_found", f"No order {data['external_id']} was pushed by this source."
            )
        if operation == "read":
            return order, "unchanged", None
        return self._apply_status(order, data["status"], data["status_at"], data["payment"])

    @api.model
    def _result(self, order, outcome):
        return {
            "ok": True,
            "external_id": order.order_sync_external_id,
            "outcome": outcome,
            "order_id": order.id,
            "name": order.name,
            "status": order.order_sync_status,
            "state": order.state,
            "locked": order.locked,
            "amount_untaxed": order.amount_untaxed,
            "amount_tax": order.amount_tax,
            "amount_total": order.amount_total,
            "currency": order.currency_id.name,
        }

    @api.model
    def _error_result(self, raw, error):
        return {"ok": False, "external_id": payload.raw_external_id(raw), "error": error.to_dict()}

    @api.model
    def _unexpected_error_result(self, raw, error):
        _logger.exception("order_sync: unexpected error on order %s", payload.raw_external_id(raw))
        return self._error_result(
            raw,
            OrderSyncError("internal_error", f"Unexpected server error ({type(error).__name__})."),
        )
