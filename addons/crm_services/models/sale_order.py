import logging

from odoo import Command, api, fields, models
from odoo.exceptions import UserError
from odoo.tools import html2plaintext

from .contract_contract import PERIODICITY_RULES

_logger = logging.getLogger(__name__)

QUOTE_SEQUENCE_CODE = "crm_services.quote"


class SaleOrder(models.Model):
    _inherit = "sale.order"

    crm_quote_number = fields.Char(
        string="Quote Number",
        readonly=True,
        copy=False,
        index="trigram",
        help="Number of the quote (DEV-000001), one series per company. The order "
        "keeps its own number (name) once confirmed.",
    )
    crm_quote_state = fields.Selection(
        [
            ("draft", "Draft"),
            ("sent", "Sent"),
            ("accepted", "Accepted"),
            ("refused", "Refused"),
            ("expired", "Expired"),
            ("cancelled", "Cancelled"),
        ],
        string="Quote Follow-up",
        compute="_compute_crm_quote_state",
        store=True,
        index=True,
        tracking=True,
    )
    crm_refusal_reason_id = fields.Many2one(
        "crm.lost.reason", string="Refusal Reason", readonly=True, copy=False
    )
    crm_refusal_note = fields.Text(string="Refusal Comment", readonly=True, copy=False)
    crm_expired = fields.Boolean(string="Expired", readonly=True, copy=False)
    crm_service_type_id = fields.Many2one(
        "crm.service.type", string="Service Type", check_company=True
    )
    crm_periodicity = fields.Selection(
        [
            ("one_off", "One-off"),
            ("monthly", "Monthly"),
            ("quarterly", "Quarterly"),
            ("yearly", "Yearly"),
        ],
        string="Periodicity",
        default="monthly",
        help="Periodicity of the service contract made from this quote.",
    )
    crm_contract_ids = fields.One2many(
        "contract.contract", "crm_sale_order_id", string="Service Contracts"
    )
    crm_contract_count = fields.Integer(
        string="Contract Count", compute="_compute_crm_contract_count"
    )

    @api.depends("state", "crm_refusal_reason_id", "crm_expired")
    def _compute_crm_quote_state(self):
        for order in self:
            if order.state in ("draft", "sent"):
                order.crm_quote_state = order.state
            elif order.state == "sale":
                order.crm_quote_state = "accepted"
            elif order.crm_expired:
                order.crm_quote_state = "expired"
            elif order.crm_refusal_reason_id:
                order.crm_quote_state = "refused"
            else:
                order.crm_quote_state = "cancelled"

    @api.depends("crm_contract_ids")
    def _compute_crm_contract_count(self):
        # A salesperson without rights on contracts (order_sync's users, plain sales users)
        # still opens the quote: the counter is 0 for them instead of an access error.
        Contract = self.env["contract.contract"]
        if not Contract.has_access("read"):
            self.crm_contract_count = 0
            return
        counts = dict(
            Contract._read_group(
                [("crm_sale_order_id", "in", self.ids)], ["crm_sale_order_id"], ["__count"]
            )
        )
        for order in self:
            order.crm_contract_count = counts.get(order, 0)

    @api.model_create_multi
    def create(self, vals_list):
        # the number goes into the INSERT: one sequence query per order and no UPDATE,
        # so that batch creations (order_sync) stay within their query budgets
        sequences = {}
        for vals in vals_list:
            if not vals.get("crm_quote_number"):
                company_id = vals.get("company_id") or self.env.company.id
                if company_id not in sequences:
                    sequences[company_id] = self._crm_quote_sequence(
                        self.env["res.company"].browse(company_id)
                    )
                vals["crm_quote_number"] = sequences[company_id].next_by_id()
        return super().create(vals_list)

    def write(self, vals):
        result = super().write(vals)
        if vals.get("state") == "sent":
            self.partner_id._crm_touch()
        return result

    @api.model
    def _crm_quote_sequence(self, company):
        """The company's own quote sequence (DEV-000001), created on first use so that
        every company, even one created after the installation, has its series."""
        Sequence = self.env["ir.sequence"].sudo()
        sequence = Sequence.search(
            [("code", "=", QUOTE_SEQUENCE_CODE), ("company_id", "=", company.id)], limit=1
        )
        if not sequence:
            sequence = Sequence.create(
                {
                    "name": self.env._("Quotes of %s", company.name),
                    "code": QUOTE_SEQUENCE_CODE,
                    "prefix": "DEV-",
                    "padding": 6,
                    "company_id": company.id,
                    # a quote is not an invoice: numbers may have gaps (a PostgreSQL
                    # sequence, no row lock between concurrent salespeople)
                    "implementation": "standard",
                }
            )
        return sequence

    def _action_confirm(self):
        result = super()._action_confirm()
        self.partner_id._crm_mark_customer()
        self.partner_id._crm_touch()
        return result

    def action_crm_create_contract(self):
        """Turn the accepted quote into a service contract (OCA contract): same
        customer, lines and prices, the quote's service type and periodicity."""
        self.ensure_one()
        if self.state != "sale":
            raise UserError(self.env._("Only an accepted quote becomes a contract."))
        if self.crm_contract_ids:
            raise UserError(
                self.env._(
                    "%(quote)s already has its contract %(contract)s.",
                    quote=self.crm_quote_number or self.name,
                    contract=self.crm_contract_ids[0].display_name,
                )
            )
        contract = self.env["contract.contract"].create(self._crm_prepare_contract_vals())
        return {
            "type": "ir.actions.act_window",
            "res_model": "contract.contract",
            "res_id": contract.id,
            "view_mode": "form",
        }

    def _crm_prepare_contract_vals(self):
        self.ensure_one()
        rule_type, interval = PERIODICITY_RULES[self.crm_periodicity or "monthly"]
        start = fields.Date.context_today(self)
        end = start if self.crm_periodicity == "one_off" else False
        lines = self.order_line.filtered(lambda line: not line.display_type and line.product_id)
        return {
            "name": self.crm_quote_number or self.name,
            "partner_id": self.partner_id.id,
            "company_id": self.company_id.id,
            "contract_type": "sale",
            "user_id": self.user_id.id,
            "payment_term_id": self.payment_term_id.id,
            "pricelist_id": self.pricelist_id.id,
            "crm_sale_order_id": self.id,
            "crm_service_type_id": self.crm_service_type_id.id,
            "crm_periodicity": self.crm_periodicity,
            "crm_conditions": self.note and html2plaintext(self.note),
            "recurring_rule_type": rule_type,
            "recurring_interval": interval,
            "date_start": start,
            "contract_line_ids": [
                Command.create(
                    {
                        "product_id": line.product_id.id,
                        "name": line.name,
                        "quantity": line.product_uom_qty,
                        "uom_id": line.product_uom.id,
                        "price_unit": line.price_unit,
                        "discount": line.discount,
                        "recurring_rule_type": rule_type,
                        "recurring_interval": interval,
                        "date_start": start,
                        "date_end": end,
                    }
                )
                for line in lines
            ],
        }

    def action_crm_open_contracts(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("contract.action_customer_contract")
        action["domain"] = [("crm_sale_order_id", "=", self.id)]
        if len(self.crm_contract_ids) == 1:
            action.update(
                view_mode="form", views=[(False, "form")], res_id=self.crm_contract_ids.id
            )
        return action

    def action_crm_refuse(self):
        """Open the refusal wizard (a reason is required)."""
        if any(order.state not in ("draft", "sent") for order in self):
            raise UserError(self.env._("Only a draft or sent quote can be refused."))
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Refuse the Quote"),
            "res_model": "crm.quote.refuse.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {"active_model": self._name, "active_ids": self.ids},
        }

    def _crm_refuse(self, reason, note=False):
        if any(order.state not in ("draft", "sent") for order in self):
            raise UserError(self.env._("Only a draft or sent quote can be refused."))
        if isinstance(reason, int):  # from XML data or an RPC call
            reason = self.env["crm.lost.reason"].browse(reason)
        if not reason:
            raise UserError(self.env._("Give the reason of the refusal."))
        self.write({"crm_refusal_reason_id": reason.id, "crm_refusal_note": note})
        self._action_cancel()
        self.partner_id._crm_touch()
        for order in self:
            order.message_post(
                body=self.env._("Quote refused by the customer: %(reason)s", reason=reason.name)
            )

    def action_draft(self):
        result = super().action_draft()
        self.write(
            {"crm_refusal_reason_id": False, "crm_refusal_note": False, "crm_expired": False}
        )
        return result

    @api.model
    def _cron_crm_expire_quotes(self, batch_size=500):
        """Quotes (draft or sent) whose validity date has passed become expired."""
        today = fields.Date.context_today(self)
        domain = [("state", "in", ("draft", "sent")), ("validity_date", "<", today)]
        while True:
            orders = self.search(domain, limit=batch_size)
            if not orders:
                break
            orders.write({"crm_expired": True})
            orders._action_cancel()
            for order in orders:
                order.message_post(
                    body=self.env._(
                        "Quote expired: its validity date (%s) has passed.",
                        order.validity_date,
                    )
                )
            _logger.info("crm_services: %s quotes expired", len(orders))
            if len(orders) < batch_size:
                break
