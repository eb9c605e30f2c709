import logging
import re
import uuid
from datetime import datetime, time, timedelta

import psycopg2
import pytz

from odoo import Command, api, fields, models
from odoo.addons.base.models.res_users import check_identity
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools import SQL

from .. import payload
from ..payload import API_KEY_SCOPE, OrderSyncError

_logger = logging.getLogger(__name__)


def phone_key(phone):
    """Digits (and +) of a phone number: how phones are compared."""
    return re.sub(r"[^0-9+]", "", phone or "")


XMLID_MODULE_RE = re.compile(r"^[a-z0-9_]{1,64}$")


class OrderSyncSource(models.Model):
    _name = "order.sync.source"
    _description = "Order Sync Source"
    _order = "sequence, name"
    _check_company_auto = True

    name = fields.Char(required=True, translate=True)
    code = fields.Char(
        required=True, help="Stable technical code, used by imports and integrations."
    )
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        "res.company",
        index=True,
        default=lambda self: self.env.company,
        help="Leave empty to share this record between companies.",
    )
    user_id = fields.Many2one(
        "res.users",
        string="Integration User",
        required=True,
        ondelete="restrict",
        domain=lambda self: [("groups_id", "in", self.env.ref("order_sync.group_integration").ids)],
        help="The API key of this user authenticates the app. Orders are created as this user, "
        "in its current company. Give it the 'Order Sync Integration' access only.",
    )
    xmlid_module = fields.Char(
        string="External ID Namespace",
        required=True,
        default="delivery_app",
        help="Module part of the external ids the app's ids map to: app product 42 is the "
        "product with external id <namespace>.product_42, app customer 7 the contact "
        "<namespace>.customer_7 (created on first use).",
    )
    partner_id = fields.Many2one(
        "res.partner",
        string="Default Customer",
        required=True,
        check_company=True,
        help="Customer of the orders pushed without customer data (e.g. counter sales).",
    )
    order_count = fields.Integer(compute="_compute_order_count")
    error_count = fields.Integer(compute="_compute_error_count", string="Errors (7 days)")

    _sql_constraints = [
        (
            "code_company_uniq",
            "unique(code, company_id)",
            "The code must be unique per company.",
        ),
        (
            "user_uniq",
            "unique(user_id)",
            "An integration user can serve one source only.",
        ),
    ]

    def _compute_order_count(self):
        # a count only, on sources the user can read: sales rights are not needed to see it
        orders = dict(
            self.env["sale.order"]
            .sudo()
            ._read_group(
                [("order_sync_source_id", "in", self.ids)], ["order_sync_source_id"], ["__count"]
            )
        )
        for source in self:
            source.order_count = orders.get(source.sudo(), 0)

    def _compute_error_count(self):
        week_ago = fields.Datetime.subtract(fields.Datetime.now(), days=7)
        errors = dict(
            self.env["order.sync.event"]._read_group(
                [
                    ("source_id", "in", self.ids),
                    ("outcome", "=", "error"),
                    ("create_date", ">=", week_ago),
                ],
                ["source_id"],
                ["__count"],
            )
        )
        for source in self:
            source.error_count = errors.get(source, 0)

    @api.constrains("xmlid_module")
    def _check_xmlid_module(self):
        for source in self:
            if not XMLID_MODULE_RE.match(source.xmlid_module or ""):
                raise ValidationError(
                    self.env._(
                        "The external ID namespace may only contain a-z, 0-9 and underscores."
                    )
                )

    @api.constrains("user_id", "company_id")
    def _check_user(self):
        group = self.env.ref("order_sync.group_integration")
        for source in self:
            if group not in source.user_id.groups_id:
                raise ValidationError(
                    self.env._(
                        "%(user)s is not an Order Sync integration user.", user=source.user_id.name
                    )
                )
            if source.company_id and source.company_id not in source.user_id.company_ids:
                raise ValidationError(
                    self.env._("The integration user must be allowed in the company of the source.")
                )

    # ------------------------------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------------------------------

    def action_view_orders(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("order_sync.sale_order_action")
        action["domain"] = [("order_sync_source_id", "=", self.id)]
        return action

    def action_view_errors(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("order_sync.order_sync_event_action")
        action["domain"] = [("source_id", "=", self.id), ("outcome", "=", "error")]
        return action

    @check_identity
    def action_generate_api_key(self):
        """A persistent API key of the integration user, valid for the order_sync endpoints only,
        shown once (Odoo keeps its hash only)."""
        return {
            "type": "ir.actions.act_window",
            "res_model": "res.users.apikeys.show",
            "name": self.env._("API Key Ready"),
            "views": [(False, "form")],
            "target": "new",
            "context": {"default_key": self._generate_api_key()},
        }

    def _generate_api_key(self):
        self.ensure_one()
        if not self.env.user.has_group("order_sync.group_manager"):
            raise AccessError(self.env._("Only Order Sync managers can generate API keys."))
        if not self.user_id.active:
            raise UserError(self.env._("The integration user is archived."))
        keys = self.env["res.users.apikeys"].with_user(self.user_id).sudo()
        return keys._generate(API_KEY_SCOPE, f"Order Sync: {self.name}", None)

    # ------------------------------------------------------------------------------------------
    # The API: everything below runs as the integration user (see controllers/main.py)
    # ------------------------------------------------------------------------------------------

    def _sync(self, operation, items, request_ref=None, replayed_by=None):
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
            # contacts are made only for orders whose products are all known
            customers = self._resolve_customers(
                [
                    data["customer"]
                    for data in valid.values()
                    if data["customer"]
                    and not any(
                        isinstance(products[line["product_id"]], str) for line in data["lines"]
                    )
                ]
            )

        changes = {}  # index -> (order, previous status, status, state, status_at) of each change

        def record(index, outcome):
            # outcome: (order, outcome, change) or a result dict (refused order)
            if isinstance(outcome, dict):
                results[index] = outcome
                return
            order, outcome, change = outcome
            orders[order.order_sync_external_id] = order
            results[index] = self._result(order, outcome)
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
            created = self._create_orders_grouped(list(new_orders.values()), products)
            for index, order in zip(new_orders, created or (), strict=False):
                record(index, (order, "created", (order, False)))
            if created:
                new_orders = {}
        for index, (data, partner) in new_orders.items():  # one order, or the fallback
            record(
                index,
                self._guarded(items[index], data, self._create_order_one, data, partner, products),
            )
        for index in deferred:
            data = valid[index]
            record(
                index,
                self._guarded(
                    items[index], data, self._push_one, data, orders, products, customers
                ),
            )

        self._log(operation, items, results, changes, request_ref, replayed_by)
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

    def _resolve_products(self, app_ids):
        """Map app product ids to products through the external ids <namespace>.product_<id>,
        in one query whatever the number of products. A product.template id works when the
        template has one active variant. Value: a product.product, or an error code."""
        if not app_ids:
            return {}
        names = {f"product_{app_id}": app_id for app_id in app_ids}
        company = self.env.company.id
        self.env["ir.model.data"].flush_model(["module", "name", "model", "res_id"])
        self.env["product.product"].flush_model(["active", "product_tmpl_id"])
        self.env["product.template"].flush_model(["active", "sale_ok", "company_id"])
        self.env.cr.execute(
            SQL(
                """
            SELECT imd.name, pp.id,
                   pp.active AND pt.active AND pt.sale_ok
                   AND (pt.company_id IS NULL OR pt.company_id = %(company)s)
              FROM ir_model_data imd
              JOIN product_product pp ON pp.id = imd.res_id
              JOIN product_template pt ON pt.id = pp.product_tmpl_id
             WHERE imd.module = %(module)s AND imd.name = ANY(%(names)s)
               AND imd.model = 'product.product'
            UNION ALL
            SELECT imd.name, pp.id,
                   pp.id IS NOT NULL AND pt.active AND pt.sale_ok
                   AND (pt.company_id IS NULL OR pt.company_id = %(company)s)
              FROM ir_model_data imd
              JOIN product_template pt ON pt.id = imd.res_id
              LEFT JOIN product_product pp ON pp.product_tmpl_id = pt.id AND pp.active
             WHERE imd.module = %(module)s AND imd.name = ANY(%(names)s)
               AND imd.model = 'product.template'
            """,
                company=company,
                module=self.xmlid_module,
                names=list(names),
            )
        )
        rows = {}
        for name, product_id, available in self.env.cr.fetchall():
            rows.setdefault(names[name], []).append((product_id, available))
        found = {}
        for app_id in app_ids:
            matches = rows.get(app_id)
            if not matches:
                found[app_id] = "unknown_product"
            elif len(matches) > 1:
                found[app_id] = "ambiguous_product"
            elif not matches[0][1]:
                found[app_id] = "product_unavailable"
            else:
                found[app_id] = matches[0][0]
        # one recordset, so that reading any product's fields prefetches all of them
        products = self.env["product.product"].browse(
            {value for value in found.values() if isinstance(value, int)}
        )
        by_id = {product.id: product for product in products}
        return {app_id: by_id.get(value, value) for app_id, value in found.items()}

    def _resolve_customers(self, customers):
        """Map app customers to contacts through <namespace>.customer_<id>, in one query; the
        missing ones are created (in one batch) with their external id. Value: a res.partner,
        or the error code ``customer_unavailable`` (archived, or of another company)."""
        if not customers:
            return {}
        data_by_name = {}
        for customer in customers:
            data_by_name.setdefault(f"customer_{customer['external_id']}", customer)
        company = self.env.company
        self.env["ir.model.data"].flush_model(["module", "name", "model", "res_id"])
        self.env["res.partner"].flush_model(["active", "company_id"])
        self.env.cr.execute(
            SQL(
                """
            SELECT imd.name, rp.id,
                   rp.active AND (rp.company_id IS NULL OR rp.company_id = %(company)s)
              FROM ir_model_data imd
              JOIN res_partner rp ON rp.id = imd.res_id
             WHERE imd.module = %(module)s AND imd.name = ANY(%(names)s)
               AND imd.model = 'res.partner'
            """,
                company=company.id,
                module=self.xmlid_module,
                names=list(data_by_name),
            )
        )
        found = {
            name: (pid if ok else "customer_unavailable")
            for name, pid, ok in self.env.cr.fetchall()
        }
        missing = [name for name in data_by_name if name not in found]
        if missing:
            matched = self._match_customers({name: data_by_name[name] for name in missing})
            new = [name for name in missing if name not in matched]
            # The API writes the contacts it owns (its namespace, its company) without giving the
            # integration user the right to edit every contact: hence sudo, after validation.
            try:
                with self.env.cr.savepoint():
                    partners = (
                        self.env["res.partner"]
                        .sudo()
                        .with_context(tracking_disable=True)
                        .create(
                            [
                                {
                                    "name": data_by_name[name]["name"],
                                    "phone": data_by_name[name]["phone"],
                                    "email": data_by_name[name]["email"],
                                    "street": data_by_name[name]["street"],
                                    "zip": data_by_name[name]["zip"],
                                    "city": data_by_name[name]["city"],
                                    "company_id": company.id,
                                    "customer_rank": 1,
                                }
                                for name in new
                            ]
                        )
                    )
                    matched.update(zip(new, partners.ids, strict=True))
                    self.env["ir.model.data"].sudo().create(
                        [
                            {
                                "module": self.xmlid_module,
                                "name": name,
                                "model": "res.partner",
                                "res_id": matched[name],
                                "noupdate": True,
                            }
                            for name in missing
                        ]
                    )
            except psycopg2.errors.UniqueViolation:
                # a concurrent request created the same customer: retry with a fresh snapshot
                self._retry_transaction()
            found.update(matched)
        partners = self.env["res.partner"].browse(
            {pid for pid in found.values() if isinstance(pid, int)}
        )
        by_id = {partner.id: partner for partner in partners}
        return {
            customer_id[len("customer_") :]: by_id.get(value, value)
            for customer_id, value in found.items()
        }

    def _match_customers(self, data_by_name):
        """An app customer met for the first time may already be a contact of the company (a
        phone order, an invoice): match it by email, then phone, in one query. Return
        {customer_<id>: partner id} of the matched ones; they get the external id, not a twin."""
        emails = {data["email"].lower() for data in data_by_name.values() if data["email"]}
        phones = {phone_key(data["phone"]) for data in data_by_name.values() if data["phone"]}
        phones.discard("")
        if not emails and not phones:
            return {}
        self.env["res.partner"].flush_model(["email", "email_normalized", "phone", "active"])
        self.env.cr.execute(
            SQL(
                """
            SELECT id, lower(email_normalized), regexp_replace(phone, '[^0-9+]', '', 'g')
              FROM res_partner
             WHERE active AND (company_id IS NULL OR company_id = %(company)s)
               AND (lower(email_normalized) = ANY(%(emails)s)
                    OR regexp_replace(phone, '[^0-9+]', '', 'g') = ANY(%(phones)s))
             ORDER BY id
            """,
                company=self.env.company.id,
                emails=list(emails),
                phones=list(phones),
            )
        )
        by_email, by_phone = {}, {}
        for partner_id, email, phone in self.env.cr.fetchall():
            by_email.setdefault(email, partner_id)
            by_phone.setdefault(phone, partner_id)
        matched = {}
        for name, data in data_by_name.items():
            partner_id = (data["email"] and by_email.get(data["email"].lower())) or (
                data["phone"] and by_phone.get(phone_key(data["phone"]))
            )
            if partner_id:
                matched[name] = partner_id
        return matched

    def _retry_transaction(self):
        """Odoo retries a request in a new transaction (so a new snapshot) when PostgreSQL
        reports a serialization failure. Report one."""
        _logger.info("order_sync: concurrent push detected, the request will be retried")
        self.env.cr.execute(
            "DO $$ BEGIN RAISE EXCEPTION 'order_sync: concurrent push, retry' "
            "USING ERRCODE = 'serialization_failure'; END $$"
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
            self._retry_transaction()
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
            if order.order_sync_content_hash != data["content_hash"]:
                raise OrderSyncError(
                    "order_conflict",
                    f"Order {data['external_id']} already exists ({order.name}) with other "
                    "lines, type or customer: only its status can change.",
                )
            return self._apply_status(order, data["status"], data["status_at"])
        partner = self._check_new_order(data, products, customers)
        return self._create_order_one(data, partner, products)

    def _check_new_order(self, data, products, customers):
        """Check a new order without writing anything; return its customer."""
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

    def _create_order_one(self, data, partner, products):
        """Create one checked order in a savepoint: a refused order leaves nothing."""
        with self.env.cr.savepoint():
            order = self._create_orders([(data, partner)], products)
        return order, "created", (order, False)

    def _create_orders_grouped(self, new_orders, products):
        """Create the checked new orders of a batch with one ``sale.order.create``, in one
        savepoint. When anything refuses (Odoo refusing one order, the unique index refusing an
        order a concurrent request made...), nothing of it stays and None is returned: the caller
        then creates the orders one by one, each in its own savepoint, to tell which one fails."""
        try:
            with self.env.cr.savepoint():
                return self._create_orders(new_orders, products)
        except psycopg2.OperationalError:
            raise  # serialization failure, lock timeout...: Odoo retries the request
        except Exception as error:  # every order is retried on its own, see the caller
            _logger.info(
                "order_sync: grouped creation of %s orders refused (%s), creating them one by one",
                len(new_orders),
                type(error).__name__,
            )
            return None

    def _create_orders(self, new_orders, products):
        """Create checked new orders ``[(data, partner)]`` in their app status, in batch: one
        ``create`` for all the orders and their lines, one ``action_confirm`` for those the app
        already accepted, one write to lock the delivered ones. Return the orders, in order.

        The orders are machine-made copies of the app's orders: their own log is the sync event
        and the status history (our records), not the chatter. Hence ``tracking_disable`` (no
        field tracking, no "Quotation created" message, no follower subscription on create, see
        ``mail.thread.create``) and its finer-grained equivalents for the code that checks only
        them; the context also reaches what the confirmation creates (e.g. pickings)."""
        values_list = []
        for data, partner in new_orders:
            values = self._prepare_order_values(data, partner, products)
            values["order_sync_status"] = data["status"]
            if data["status_at"]:
                values["order_sync_status_at"] = data["status_at"]
            if payload.STATUS_TO_STATE[data["status"]] == "sent":
                # what action_quotation_sent() does, without subscribing the app's customer
                values["state"] = "sent"
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
        targets = [payload.STATUS_TO_STATE[data["status"]] for data, _partner in new_orders]
        to_confirm = orders.browse(
            [order.id for order, target in zip(orders, targets, strict=True) if target == "sale"]
        )
        if to_confirm:
            to_confirm.with_context(
                order_sync_keep_date=True, order_sync_no_subscribe=True
            ).action_confirm()
        to_lock = orders.filtered(lambda order: order.order_sync_status == "delivered")
        to_lock = to_lock.filtered(lambda order: not order.locked)
        if to_lock:
            to_lock.write({"locked": True})
        to_cancel = orders.browse(
            [order.id for order, target in zip(orders, targets, strict=True) if target == "cancel"]
        )
        if to_cancel:
            # not action_cancel(): the app decided, there is no wizard to show
            to_cancel._action_cancel()
        return orders

    def _apply_status(self, order, status, status_at):
        """A change older than the last one applied (by the app's ``status_at``) is acknowledged
        and ignored: an order never goes back because a late retry arrived after a newer change."""
        previous = order.order_sync_status
        last_at = order.order_sync_status_at
        if status_at and last_at and status_at <= last_at:
            return order, "unchanged" if status == previous else "stale", None
        if status == previous:
            if status_at:
                order.order_sync_status_at = status_at
            return order, "unchanged", None
        payload.check_transition(previous, status, order.state)
        with self.env.cr.savepoint():
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
        return self._apply_status(order, data["status"], data["status_at"])

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

    def _log(self, operation, items, results, changes, request_ref, replayed_by=None):
        """One event per item, then the status history rows, in two INSERTs for the batch."""
        replay_of = self.env.context.get("order_sync_replay_of")
        vals_list = []
        for raw, result in zip(items, results, strict=True):
            error = result.get("error") or {}
            vals_list.append(
                {
                    "source_id": self.id,
                    "operation": operation,
                    "request_ref": request_ref,
                    "external_id": result["external_id"],
                    "payload": self.env["order.sync.event"]._payload_text(raw),
                    "payload_hash": payload.payload_hash(raw),
                    "outcome": result["outcome"] if result["ok"] else "error",
                    "error_code": error.get("code"),
                    "error_message": error.get("message"),
                    "order_id": result.get("order_id"),
                    "replay_of_id": replay_of,
                    "replayed_by_id": replayed_by and replayed_by.id,
                }
            )
        events = self.env["order.sync.event"].create(vals_list)
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
    def _log_request_error(self, raw, error):
        """Log a request refused as a whole (bad JSON, too large...) once the caller is known."""
        self.ensure_one()
        return (
            self.env["order.sync.event"]
            .create(
                {
                    "source_id": self.id,
                    "operation": "request",
                    "payload": self.env["order.sync.event"]._payload_text(raw),
                    "payload_hash": payload.payload_hash(raw),
                    "outcome": "error",
                    "error_code": error.code,
                    "error_message": error.message,
                }
            )
            .id
        )

    def _reconcile(self, params):
        """Compare the app's counts and amounts (tax included) of one day, per status, with the
        orders of this source whose order date falls on that day in the integration user's time
        zone. Answer the differences with the external ids involved: Odoo's ids of that status,
        or, when the app sent its own, the ids missing on either side."""
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
            ["order_sync_external_id", "order_sync_status", "amount_total"],
        )
        odoo = {}
        for order in orders:
            row = odoo.setdefault(order.order_sync_status, {"count": 0, "amount": 0.0, "ids": []})
            row["count"] += 1
            row["amount"] += order.amount_total
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

    def _sync_as_user(self, operation, items):
        """What the endpoints do, for server-side callers (demo data, scripts): run ``_sync`` as
        the source's integration user, in that user's company."""
        self.ensure_one()
        user = self.user_id
        return self.with_user(user).with_company(user.company_id)._sync(operation, items)
