import re
import secrets

from odoo import api, fields, models
from odoo.addons.base.models.res_users import check_identity
from odoo.exceptions import AccessError, UserError, ValidationError

from ..api.payload import API_KEY_SCOPE

XMLID_MODULE_RE = re.compile(r"^[a-z0-9_]{1,64}$")


class OrderSyncSource(models.Model):
    """A delivery app that pushes its orders: who it is (integration user, company, external id
    namespace, default customer). What it does lives in the mixins it inherits, one per job: the
    batch run of API calls (``order.sync.run.mixin``), finding products and customers
    (``order.sync.resolve.mixin``) and the daily reconciliation (``order.sync.reconcile.mixin``);
    the log of the calls is ``order.sync.event``."""

    _name = "order.sync.source"
    _inherit = ["order.sync.run.mixin", "order.sync.resolve.mixin", "order.sync.reconcile.mixin"]
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
    invoicing = fields.Selection(
        [
            ("manual", "Manual (Odoo's own invoicing)"),
            ("delivery", "At delivery"),
            ("daily", "Grouped daily per customer"),
        ],
        required=True,
        default="manual",
        help="At delivery: a delivered order is invoiced at once, its invoice posted in the "
        "source's company and the app's payment registered. Grouped daily: the delivered orders "
        "of each customer are invoiced together by a daily job (account customers).",
    )
    cash_journal_id = fields.Many2one(
        "account.journal",
        check_company=True,
        domain="[('type', 'in', ('bank', 'cash'))]",
        help="Journal of the payments the app reports as cash.",
    )
    card_journal_id = fields.Many2one(
        "account.journal",
        check_company=True,
        domain="[('type', 'in', ('bank', 'cash'))]",
    )
    meal_voucher_journal_id = fields.Many2one(
        "account.journal",
        check_company=True,
        domain="[('type', 'in', ('bank', 'cash'))]",
    )
    online_journal_id = fields.Many2one(
        "account.journal",
        string="Online Payment Journal",
        check_company=True,
        domain="[('type', 'in', ('bank', 'cash'))]",
    )
    stock_user_id = fields.Many2one(
        "res.users",
        string="Stock Manager",
        help="Who is asked (an activity on the order) to check the stock of an app order "
        "delivered or reserved without enough stock. Empty: the order's salesperson.",
    )
    webhook_url = fields.Char(
        string="Webhook URL",
        help="Where Odoo sends the changes that start in Odoo (an order cancelled by the office, "
        "a product archived or given a new price), signed with the webhook secret. Empty: none.",
    )
    webhook_secret = fields.Char(
        groups="order_sync.group_manager",
        copy=False,
        default=lambda self: secrets.token_hex(32),
        help="Key of the HMAC-SHA256 signature of each notification's body "
        "(header X-Order-Sync-Signature).",
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

    def _payment_journal(self, method):
        """The journal of the app's payment ``method`` (see ``payload.PAYMENT_METHODS``)."""
        self.ensure_one()
        return self[f"{method}_journal_id"]

    @api.model
    def _notify_product(self, products, event, data):
        """Queue ``event`` for each source whose namespace maps one of ``products`` (a variant,
        or its template) to an app product id."""
        if not products:
            return
        rows = (
            self.env["ir.model.data"]
            .sudo()
            .search_read(
                [
                    "|",
                    "&",
                    ("model", "=", "product.product"),
                    ("res_id", "in", products.ids),
                    "&",
                    ("model", "=", "product.template"),
                    ("res_id", "in", products.product_tmpl_id.ids),
                    ("name", "=like", "product\\_%"),
                ],
                ["module", "name"],
            )
        )
        if not rows:
            return
        sources = self.sudo().search([("xmlid_module", "in", [row["module"] for row in rows])])
        for source in sources.filtered("webhook_url"):
            for row in rows:
                if row["module"] == source.xmlid_module:
                    self.env["order.sync.webhook"]._enqueue(
                        source, event, row["name"][len("product_") :], data
                    )

    def _sync_as_user(self, operation, items):
        """What the endpoints do, for server-side callers (demo data, scripts): run ``_sync`` as
        the source's integration user, in that user's company."""
        self.ensure_one()
        user = self.user_id
        return self.with_user(user).with_company(user.company_id)._sync(operation, items)
