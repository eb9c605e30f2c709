import re

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError


class HelpdeskTicket(models.Model):
    """Tickets on the customers' IT assets, with the covering contract and its SLA."""

    _name = "helpdesk.ticket"
    _inherit = ["helpdesk.ticket", "it.park.company.mixin"]

    it_asset_ids = fields.Many2many(
        "maintenance.equipment",
        "helpdesk_ticket_it_asset_rel",
        "ticket_id",
        "asset_id",
        string="Assets",
        domain="[('is_it_asset', '=', True)]",
        check_company=True,
    )
    it_contract_id = fields.Many2one(
        "contract.contract",
        string="Contract",
        compute="_compute_it_contract_id",
        store=True,
        readonly=False,
        index="btree_not_null",
        check_company=True,
        tracking=True,
        domain="[('contract_type', '=', 'sale')]",
        help="Covering contract, found from the assets; can be changed.",
    )
    it_service_level_id = fields.Many2one(
        related="it_contract_id.it_service_level_id", string="Service Level"
    )
    it_sla_response_deadline = fields.Datetime(
        string="Response Deadline",
        compute="_compute_it_sla_deadline",
        store=True,
        index="btree_not_null",
        help="Creation date plus the response time of the contract's service level, counted in "
        "its working hours.",
    )
    it_first_response_date = fields.Datetime(
        string="First Response",
        readonly=True,
        copy=False,
        help="When the ticket was first answered: assigned, moved to another stage or answered "
        "by a message to the customer.",
    )
    it_sla_response_overdue = fields.Boolean(
        string="Response Overdue",
        compute="_compute_it_sla_overdue",
        search="_search_it_sla_response_overdue",
        help="Not answered yet and past its response deadline.",
    )
    it_sla_deadline = fields.Datetime(
        string="SLA Deadline",
        compute="_compute_it_sla_deadline",
        store=True,
        index="btree_not_null",
        help="Creation date plus the resolution time of the contract's service level, counted "
        "in its working hours.",
    )
    it_sla_overdue = fields.Boolean(
        string="SLA Overdue",
        compute="_compute_it_sla_overdue",
        search="_search_it_sla_overdue",
        help="Open past its SLA deadline (computed at read time, searchable).",
    )
    it_timesheet_ids = fields.One2many("account.analytic.line", "it_ticket_id", string="Time Spent")
    it_hours_spent = fields.Float(
        string="Hours Spent", compute="_compute_it_hours_spent", store=True
    )
    it_move_ids = fields.One2many("stock.move", "it_ticket_id", string="Parts Consumed")
    it_request_ids = fields.One2many("maintenance.request", "it_ticket_id", string="Interventions")
    it_request_count = fields.Integer(
        string="Intervention Count", compute="_compute_it_request_count"
    )

    @api.depends("it_asset_ids.it_contract_id")
    def _compute_it_contract_id(self):
        for ticket in self:
            contracts = ticket.it_asset_ids.it_contract_id
            if contracts and ticket.it_contract_id not in contracts:
                ticket.it_contract_id = contracts[:1]
            elif not ticket.it_contract_id:
                ticket.it_contract_id = False

    @api.depends(
        "create_date",
        "it_contract_id.it_service_level_id.response_hours",
        "it_contract_id.it_service_level_id.resolution_hours",
        "it_contract_id.it_service_level_id.resource_calendar_id",
    )
    def _compute_it_sla_deadline(self):
        for ticket in self:
            level = ticket.it_contract_id.it_service_level_id
            if not level:
                ticket.it_sla_response_deadline = ticket.it_sla_deadline = False
                continue
            start = ticket.create_date or fields.Datetime.now()
            ticket.it_sla_response_deadline = level._it_deadline(start, level.response_hours)
            ticket.it_sla_deadline = level._it_deadline(start, level.resolution_hours)

    @api.depends(
        "it_sla_deadline", "it_sla_response_deadline", "it_first_response_date", "stage_id.closed"
    )
    def _compute_it_sla_overdue(self):
        now = fields.Datetime.now()
        for ticket in self:
            ticket.it_sla_overdue = bool(
                ticket.it_sla_deadline and not ticket.closed and ticket.it_sla_deadline < now
            )
            ticket.it_sla_response_overdue = bool(
                ticket.it_sla_response_deadline
                and not ticket.it_first_response_date
                and not ticket.closed
                and ticket.it_sla_response_deadline < now
            )

    def _search_it_sla_overdue(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            raise UserError(self.env._("Unsupported search on SLA Overdue."))
        now = fields.Datetime.now()
        if (operator == "=") == value:
            return [("it_sla_deadline", "<", now), ("stage_id.closed", "=", False)]
        return [
            "|",
            "|",
            ("it_sla_deadline", "=", False),
            ("it_sla_deadline", ">=", now),
            ("stage_id.closed", "=", True),
        ]

    def _search_it_sla_response_overdue(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            raise UserError(self.env._("Unsupported search on Response Overdue."))
        now = fields.Datetime.now()
        if (operator == "=") == value:
            return [
                ("it_sla_response_deadline", "<", now),
                ("it_first_response_date", "=", False),
                ("stage_id.closed", "=", False),
            ]
        return [
            "|",
            "|",
            "|",
            ("it_sla_response_deadline", "=", False),
            ("it_sla_response_deadline", ">=", now),
            ("it_first_response_date", "!=", False),
            ("stage_id.closed", "=", True),
        ]

    @api.depends("it_timesheet_ids.unit_amount")
    def _compute_it_hours_spent(self):
        for ticket in self:
            ticket.it_hours_spent = sum(ticket.it_timesheet_ids.mapped("unit_amount"))

    def _compute_it_request_count(self):
        counts = dict(
            self.env["maintenance.request"]._read_group(
                [("it_ticket_id", "in", self.ids)], ["it_ticket_id"], ["__count"]
            )
        )
        for ticket in self:
            ticket.it_request_count = counts.get(ticket, 0)

    @api.constrains("it_asset_ids", "partner_id")
    def _check_it_asset_customer(self):
        for ticket in self:
            customer = ticket.commercial_partner_id
            if customer and any(
                asset.customer_id.commercial_partner_id != customer for asset in ticket.it_asset_ids
            ):
                raise ValidationError(
                    self.env._("The assets of a ticket must belong to the ticket's customer.")
                )

    @api.constrains("it_contract_id", "partner_id", "company_id")
    def _check_it_contract_customer(self):
        for ticket in self.sudo():
            contract = ticket.it_contract_id
            if contract and (
                contract.company_id != ticket.company_id
                or (
                    ticket.commercial_partner_id
                    and contract.partner_id.commercial_partner_id != ticket.commercial_partner_id
                )
            ):
                raise ValidationError(
                    self.env._(
                        "The ticket %(ticket)s can only be under a contract of its own customer "
                        "and company, not %(contract)s.",
                        ticket=ticket.display_name,
                        contract=contract.display_name,
                    )
                )

    @api.model_create_multi
    def create(self, vals_list):
        """Accept ``it_asset_ids`` (portal or email); the contract's service level gives the
        priority unless one is given."""
        tickets = super().create(vals_list)
        for ticket, vals in zip(tickets, vals_list, strict=True):
            level = ticket.it_contract_id.it_service_level_id
            if level and "priority" not in vals:
                ticket.priority = level.ticket_priority
        tickets.it_asset_ids._it_park_log_history(
            tickets, lambda asset, ticket: self.env._("Ticket %(t)s opened", t=ticket.display_name)
        )
        return tickets

    def write(self, vals):
        """Assigning the ticket or moving it to another stage is its first response."""
        if vals.get("user_id") or "stage_id" in vals:
            unanswered = self.filtered(lambda ticket: not ticket.it_first_response_date)
            res = super().write(vals)
            if unanswered:
                super(HelpdeskTicket, unanswered).write(
                    {"it_first_response_date": fields.Datetime.now()}
                )
            return res
        return super().write(vals)

    def message_post(self, **kwargs):
        """A message to the customer by an internal user is a response too."""
        message = super().message_post(**kwargs)
        if (
            message.message_type == "comment"
            and not message.is_internal
            and message.subtype_id == self.env.ref("mail.mt_comment")
            and self.env.user._is_internal()
        ):
            self.filtered(lambda ticket: not ticket.it_first_response_date).write(
                {"it_first_response_date": fields.Datetime.now()}
            )
        return message

    @api.model
    def message_new(self, msg, custom_values=None):
        """A ticket by email is linked to the sender's assets whose inventory tag or host name
        appears in the subject (e.g. "PL-0001 ne démarre plus")."""
        ticket = super().message_new(msg, custom_values=custom_values)
        customer = ticket.commercial_partner_id
        words = set(re.findall(r"[\w.-]+", (msg.get("subject") or "").lower()))
        if customer and words and not ticket.it_asset_ids:
            assets = (
                self.env["maintenance.equipment"]
                .sudo()
                .search(
                    [
                        ("is_it_asset", "=", True),
                        ("customer_id", "child_of", customer.id),
                        "|",
                        ("inventory_tag", "!=", False),
                        ("hostname", "!=", False),
                    ]
                )
                .filtered(
                    lambda a: (a.inventory_tag or "").lower() in words
                    or (a.hostname or "").lower() in words
                )
            )
            if assets:
                ticket.it_asset_ids = assets
                if ticket.it_contract_id.it_service_level_id:
                    ticket.priority = ticket.it_contract_id.it_service_level_id.ticket_priority
        return ticket

    def _track_template(self, tracking):
        """helpdesk_mgmt's closing e-mail is sent as ours: in the customer's language, with the
        ticket's subject (its own is left as it ships, untouched)."""
        res = super()._track_template(tracking)
        template, options = res.get("stage_id", (None, None))
        ours = self.env.ref("it_park.mail_template_ticket_closed", raise_if_not_found=False)
        if (
            ours
            and template
            and template == self.env.ref("helpdesk_mgmt.closed_ticket_template", False)
        ):
            res["stage_id"] = (ours, options)
        return res

    def action_it_create_intervention(self):
        """Corrective intervention (maintenance request) from the ticket."""
        self.ensure_one()
        request = self.env["maintenance.request"].create(
            {
                "name": self.name,
                "it_ticket_id": self.id,
                "equipment_id": self.it_asset_ids[:1].id,
                "maintenance_type": "corrective",
                "user_id": self.user_id.id or self.env.uid,
                "company_id": self.company_id.id,
                "it_contract_id": self.it_contract_id.id,
                "schedule_date": fields.Datetime.now(),
                "description": self.description,
            }
        )
        return {
            "type": "ir.actions.act_window",
            "res_model": "maintenance.request",
            "res_id": request.id,
            "view_mode": "form",
        }

    def action_it_view_interventions(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Interventions"),
            "res_model": "maintenance.request",
            "view_mode": "list,form,calendar",
            "domain": [("it_ticket_id", "=", self.id)],
            "context": {"default_it_ticket_id": self.id},
        }

    def action_it_consume_parts(self):
        self.ensure_one()
        wizard = self.env["it.consumable.delivery.wizard"]
        return wizard._action_open_parts(self.it_asset_ids[:1], self)
