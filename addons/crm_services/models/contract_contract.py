from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import UserError

CONTRACT_SEQUENCE_CODE = "crm_services.contract"

# periodicity of a service contract -> OCA contract's recurrence (rule, interval)
PERIODICITY_RULES = {
    "one_off": ("monthly", 1),
    "monthly": ("monthly", 1),
    "quarterly": ("quarterly", 1),
    "yearly": ("yearly", 1),
}

# French consumer code, art. L215-1: the consumer is told of the tacit renewal in writing
# three months at the earliest and one month at the latest before the deadline to refuse it.
CONSUMER_NOTICE_WINDOW = (relativedelta(months=3), relativedelta(months=1))


class ContractContract(models.Model):
    _inherit = "contract.contract"

    crm_sale_order_id = fields.Many2one(
        "sale.order",
        string="Origin Quote",
        readonly=True,
        copy=False,
        index="btree_not_null",
        check_company=True,
    )
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
    )
    crm_conditions = fields.Text(string="Conditions")
    crm_amount = fields.Monetary(
        string="Amount per Period",
        compute="_compute_crm_amount",
        currency_field="currency_id",
        help="Total without tax of the contract lines for one period.",
    )
    crm_state = fields.Selection(
        [
            ("active", "Active"),
            ("inactive", "Inactive"),
            ("terminated", "Terminated"),
            ("ended", "Ended"),
        ],
        string="Contract Status",
        compute="_compute_crm_state",
        search="_search_crm_state",
        help="Active: started and not ended. Inactive: archived or not started yet. "
        "Terminated: ended early by either party. Ended: its end date has passed.",
    )
    crm_terminated = fields.Boolean(string="Terminated", readonly=True, copy=False)
    crm_termination_date = fields.Date(string="Termination Date", copy=False)
    crm_termination_reason = fields.Text(string="Termination Reason", copy=False)
    crm_tacit_renewal = fields.Boolean(
        string="Tacit Renewal",
        help="At its end date the contract is renewed for the renewal duration unless "
        "the customer refused it before the notice deadline.",
    )
    crm_renewal_months = fields.Integer(string="Renewal Duration (months)", default=12)
    crm_notice_days = fields.Integer(
        string="Notice (days)",
        default=30,
        help="Contractual notice: the customer may refuse the renewal until this many "
        "days before the end date.",
    )
    crm_notice_deadline = fields.Date(
        string="Refusal Deadline",
        compute="_compute_crm_notice_deadline",
        store=True,
        help="Last day on which the customer may refuse the tacit renewal.",
    )
    crm_is_consumer = fields.Boolean(
        string="Consumer",
        compute="_compute_crm_is_consumer",
        help="The customer is a private person: the renewal notice follows the French "
        "consumer code (art. L215-1).",
    )
    crm_renewal_notice_date = fields.Date(
        string="Renewal Notice Due",
        compute="_compute_crm_notice_deadline",
        store=True,
        help="Day from which the renewal notice is sent (daily scheduled action).",
    )
    crm_reminder_ids = fields.One2many("crm.reminder", "contract_id", string="Reminders")

    @api.depends("contract_line_ids.price_subtotal", "contract_line_ids.display_type")
    def _compute_crm_amount(self):
        for contract in self:
            lines = contract.contract_line_ids.filtered(lambda line: not line.display_type)
            contract.crm_amount = sum(lines.mapped("price_subtotal"))

    @api.depends("active", "date_start", "date_end", "crm_terminated")
    def _compute_crm_state(self):
        today = fields.Date.context_today(self)
        for contract in self:
            contract.crm_state = contract._crm_state_on(today)

    def _crm_state_on(self, day):
        """The status rule, written once (the search method below mirrors it)."""
        self.ensure_one()
        if self.crm_terminated:
            return "terminated"
        if self.date_end and self.date_end < day:
            return "ended"
        if not self.active or (self.date_start and self.date_start > day):
            return "inactive"
        return "active"

    def _search_crm_state(self, operator, value):
        if operator not in ("=", "!=", "in", "not in"):
            raise UserError(self.env._("Unsupported search on the contract status."))
        values = [value] if isinstance(value, str) else list(value)
        today = fields.Date.context_today(self)
        domains = {
            "terminated": [("crm_terminated", "=", True)],
            "ended": [("crm_terminated", "=", False), ("date_end", "<", today)],
            "inactive": [
                ("crm_terminated", "=", False),
                "|",
                ("date_end", "=", False),
                ("date_end", ">=", today),
                "|",
                ("active", "=", False),
                ("date_start", ">", today),
            ],
            "active": [
                ("crm_terminated", "=", False),
                ("active", "=", True),
                "|",
                ("date_end", "=", False),
                ("date_end", ">=", today),
                "|",
                ("date_start", "=", False),
                ("date_start", "<=", today),
            ],
        }
        domain = ["|"] * (len(values) - 1)
        for state in values:
            domain += domains.get(state, [("id", "=", False)])
        if operator in ("!=", "not in"):
            return ["!", *domain] if values else []
        return domain

    @api.depends(
        "date_end",
        "crm_notice_days",
        "crm_tacit_renewal",
        "partner_id.commercial_partner_id.is_company",
        "company_id.crm_renewal_notice_days",
    )
    def _compute_crm_notice_deadline(self):
        for contract in self:
            if not (contract.crm_tacit_renewal and contract.date_end):
                contract.crm_notice_deadline = False
                contract.crm_renewal_notice_date = False
                continue
            deadline = contract.date_end - relativedelta(days=contract.crm_notice_days)
            contract.crm_notice_deadline = deadline
            if not contract.partner_id.commercial_partner_id.is_company:
                contract.crm_renewal_notice_date = deadline - CONSUMER_NOTICE_WINDOW[0]
            else:
                contract.crm_renewal_notice_date = deadline - relativedelta(
                    days=contract.company_id.crm_renewal_notice_days
                )

    @api.depends("partner_id.commercial_partner_id.is_company")
    def _compute_crm_is_consumer(self):
        for contract in self:
            contract.crm_is_consumer = not contract.partner_id.commercial_partner_id.is_company

    @api.onchange("crm_periodicity")
    def _onchange_crm_periodicity(self):
        if self.crm_periodicity:
            self.recurring_rule_type, self.recurring_interval = PERIODICITY_RULES[
                self.crm_periodicity
            ]

    @api.model_create_multi
    def create(self, vals_list):
        contracts = super().create(vals_list)
        for contract in contracts:
            if not contract.code and (contract.crm_sale_order_id or contract.crm_service_type_id):
                contract.code = self._crm_contract_sequence(contract.company_id).next_by_id()
        return contracts

    @api.model
    def _crm_contract_sequence(self, company):
        """The company's series of service contract numbers (CTR-000001)."""
        Sequence = self.env["ir.sequence"].sudo()
        sequence = Sequence.search(
            [("code", "=", CONTRACT_SEQUENCE_CODE), ("company_id", "=", company.id)],
            limit=1,
        )
        if not sequence:
            sequence = Sequence.create(
                {
                    "name": self.env._("Service contracts of %s", company.name),
                    "code": CONTRACT_SEQUENCE_CODE,
                    "prefix": "CTR-",
                    "padding": 6,
                    "company_id": company.id,
                    "implementation": "no_gap",
                }
            )
        return sequence

    def action_crm_terminate(self):
        """End the contract today (or at its termination date): its lines stop, the
        reason is kept. A reason is required."""
        today = fields.Date.context_today(self)
        for contract in self:
            if not contract.crm_termination_reason:
                raise UserError(
                    self.env._("Give the termination reason of %s first.", contract.display_name)
                )
            if contract.crm_terminated:
                raise UserError(self.env._("%s is already terminated.", contract.display_name))
            end = contract.crm_termination_date or today
            lines = contract.contract_line_ids.filtered(
                lambda line, end=end: not line.date_end or line.date_end > end
            )
            lines.write({"date_end": end})
            contract.write({"crm_terminated": True, "crm_termination_date": end})
            contract.message_post(
                body=self.env._(
                    "Contract terminated on %(date)s: %(reason)s",
                    date=end,
                    reason=contract.crm_termination_reason,
                )
            )

    def _crm_renew(self):
        """Extend a tacitly renewed contract by its renewal duration: each line that
        ran until the end date runs until the new one."""
        for contract in self:
            old_end = contract.date_end
            new_end = old_end + relativedelta(months=contract.crm_renewal_months or 12)
            contract.contract_line_ids.filtered(
                lambda line, old_end=old_end: line.date_end == old_end
            ).write({"date_end": new_end})
            contract.message_post(
                body=self.env._("Contract renewed tacitly until %(date)s.", date=new_end)
            )

    @api.model
    def _cron_crm_renew_contracts(self):
        """Tacit renewal of the contracts whose end date has passed (not terminated)."""
        today = fields.Date.context_today(self)
        contracts = self.search(
            [
                ("crm_tacit_renewal", "=", True),
                ("crm_terminated", "=", False),
                ("date_end", "<", today),
            ]
        )
        contracts._crm_renew()
        return contracts
