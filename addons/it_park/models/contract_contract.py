import logging
import threading

from dateutil.relativedelta import relativedelta

from odoo import Command, api, fields, models
from odoo.exceptions import UserError

_logger = logging.getLogger(__name__)


class ContractContract(models.Model):
    """Maintenance / licence / support contracts of the MSP's customers (OCA ``contract``)."""

    _inherit = "contract.contract"

    customer_id = fields.Many2one(
        "res.partner",
        related="partner_id.commercial_partner_id",
        store=True,
        index=True,
        string="Customer",
    )
    it_asset_ids = fields.Many2many(
        "maintenance.equipment",
        "contract_contract_it_asset_rel",
        "contract_id",
        "asset_id",
        string="Covered Assets",
        domain="[('is_it_asset', '=', True), ('customer_id', '=', customer_id)]",
        check_company=True,
    )
    it_contract_kind = fields.Selection(
        [("maintenance", "Maintenance"), ("licence", "Licence"), ("support", "Support")],
        string="IT Contract Type",
        index=True,
    )
    it_service_level_id = fields.Many2one(
        "it.service.level", string="Service Level", check_company=True, tracking=True
    )
    it_hours_included = fields.Float(
        string="Hours Included", help="Hours of work included in each invoicing period."
    )
    it_hours_consumed = fields.Float(
        string="Hours Consumed",
        compute="_compute_it_hours_consumed",
        help="Hours logged on the tickets and interventions of this contract during the current "
        "invoicing period (the period ending at the next invoice date).",
    )
    it_hours_extra_price = fields.Float(
        string="Extra Hour Price",
        help="Unit price of the hours beyond the allowance, invoiced with the next period.",
    )
    it_extra_hour_product_id = fields.Many2one(
        "product.product",
        string="Extra Hours Product",
        check_company=True,
        help="Product used on the invoice lines of the hours beyond the allowance.",
    )
    it_renewal_type = fields.Selection(
        [("tacit", "Tacit"), ("explicit", "Explicit")],
        string="Renewal",
        default="explicit",
        help="Tacit: the contract is extended by its renewal period when it ends unless "
        "terminated. Explicit: it ends unless the customer signs a renewal.",
    )
    it_notice_days = fields.Integer(
        string="Notice Period (days)",
        default=30,
        help="Days before the end date by which either side must give notice.",
    )
    it_renewal_months = fields.Integer(string="Renewal Period (months)", default=12)
    it_ticket_ids = fields.One2many("helpdesk.ticket", "it_contract_id", string="Tickets")
    it_request_ids = fields.One2many(
        "maintenance.request", "it_contract_id", string="Interventions"
    )
    it_invoice_error = fields.Text(
        string="Invoicing Error",
        copy=False,
        readonly=True,
        help="Set when the last recurring invoicing run failed on this contract.",
    )
    it_preventive_interval = fields.Integer(
        string="Preventive Every (months)",
        help="Plan a recurring preventive intervention on every covered asset at this interval "
        "(0: none).",
    )

    _sql_constraints = [
        (
            "it_hours_positive",
            "CHECK(it_hours_included >= 0 AND it_notice_days >= 0)",
            "Included hours and notice period cannot be negative.",
        ),
    ]

    def _it_current_period(self):
        """(start, end) of the current invoicing period: from the next invoice date minus one
        period, up to the next invoice date (excluded)."""
        self.ensure_one()
        end = self.recurring_next_date
        if not end:
            return False, False
        lines = self.contract_line_ids.filtered(lambda line: not line.display_type)
        rule = lines[:1].recurring_rule_type or self.recurring_rule_type or "monthly"
        interval = lines[:1].recurring_interval or self.recurring_interval or 1
        return end - self.get_relative_delta(rule, interval), end

    def _set_start_contract_modification(self):
        """The "Contract start" line the customer reads on the portal, in their language."""
        result = None
        for lang, contracts in self.grouped(lambda c: c.partner_id.lang or self.env.lang).items():
            result = super(
                ContractContract, contracts.with_context(lang=lang)
            )._set_start_contract_modification()
        return result

    def _compute_pricelist_id_domain(self):
        """The pricelist domain reads the journal's currency: technicians, who read contracts
        but not journals, get it too."""
        if self.env["account.journal"].has_access("read"):
            return super()._compute_pricelist_id_domain()
        return super(ContractContract, self.sudo())._compute_pricelist_id_domain()

    def _it_park_customer_env(self):
        """An environment speaking the customer's language, for the texts stored on records
        the customer reads (preventive interventions, contract modifications)."""
        self.ensure_one()
        return self.with_context(lang=self.partner_id.lang or self.env.lang).env

    def _compute_invoice_count(self):
        """Technicians read contracts, not invoices: no count (and no button) for them."""
        if self.env["account.move.line"].has_access("read"):
            return super()._compute_invoice_count()
        self.invoice_count = 0

    @api.depends("recurring_next_date")
    def _compute_it_hours_consumed(self):
        periods = {contract: contract._it_current_period() for contract in self}
        Line = self.env["account.analytic.line"].sudo()
        starts = [start for start, _end in periods.values() if start]
        hours = {}
        if starts:
            rows = Line._read_group(
                [
                    ("it_contract_id", "in", self.ids),
                    ("date", ">=", min(starts)),
                    ("date", "<", max(end for _start, end in periods.values() if end)),
                ],
                ["it_contract_id", "date:day"],
                ["unit_amount:sum"],
            )
            for contract, day, amount in rows:
                start, end = periods.get(contract, (False, False))
                if start and start <= day < end:
                    hours[contract] = hours.get(contract, 0.0) + amount
        for contract in self:
            contract.it_hours_consumed = hours.get(contract, 0.0)

    def _it_hours_between(self, start, end):
        """Hours logged on this contract between ``start`` (included) and ``end`` (excluded)."""
        self.ensure_one()
        [(total,)] = (
            self.env["account.analytic.line"]
            .sudo()
            ._read_group(
                [("it_contract_id", "=", self.id), ("date", ">=", start), ("date", "<", end)],
                aggregates=["unit_amount:sum"],
            )
        )
        return total or 0.0

    def write(self, vals):
        res = super().write(vals)
        if {"it_asset_ids", "active", "date_end", "date_start", "contract_type"} & set(vals):
            self.it_asset_ids._compute_it_contract_id()
        return res

    def action_it_plan_preventive(self):
        """Plan a recurring preventive intervention on each covered asset that has none."""
        Request = self.env["maintenance.request"]
        created = Request
        for contract in self.filtered("it_preventive_interval"):
            planned = Request.search(
                [
                    ("it_contract_id", "=", contract.id),
                    ("maintenance_type", "=", "preventive"),
                    ("recurring_maintenance", "=", True),
                    ("stage_id.done", "=", False),
                ]
            ).equipment_id
            start = fields.Datetime.now() + relativedelta(months=contract.it_preventive_interval)
            created |= Request.create(
                [
                    {
                        "name": contract._it_park_customer_env()._(
                            "Preventive maintenance: %(asset)s", asset=asset.display_name
                        ),
                        "equipment_id": asset.id,
                        "maintenance_type": "preventive",
                        "recurring_maintenance": True,
                        "repeat_interval": contract.it_preventive_interval,
                        "repeat_unit": "month",
                        "repeat_type": "forever",
                        "schedule_date": start,
                        "duration": 1.0,
                        "company_id": contract.company_id.id,
                        "it_contract_id": contract.id,
                        "user_id": asset.technician_user_id.id or contract.user_id.id,
                    }
                    for asset in contract.it_asset_ids - planned
                ]
            )
        return created

    # --- Recurring invoicing -------------------------------------------------------------

    @api.model
    def cron_recurring_create_invoice(self, date_ref=None):
        """The OCA cron runs our invoicing: idempotent per period, chunked, one broken contract
        does not stop the others, overage hours and billable parts added. Outside tests it
        commits after each chunk, so that a crash keeps the invoices already made (the next run
        skips their periods)."""
        testing = getattr(threading.current_thread(), "testing", False)
        return self._cron_it_park_invoice(date_ref, commit=not testing)

    def recurring_create_invoice(self):
        """The contract's *Create Invoices* button invoices the next period the IT park way
        (overage hours, billable parts, posted, one invoice per period)."""
        self.ensure_one()
        moves = self.with_company(self.company_id)._it_park_create_invoices(
            self.recurring_next_date
        )
        for move in moves:
            self.message_post(body=self.env._("Contract invoiced: %(invoice)s", invoice=move.name))
        return moves

    @api.model
    def _cron_it_park_invoice(self, date_ref=None, chunk_size=200, commit=False):
        """Invoice every contract due at ``date_ref`` (default today).

        Chunks of ``chunk_size`` contracts of one company are created and posted together under
        a savepoint; when a chunk fails its contracts are retried one by one, and the failing
        ones get ``it_invoice_error`` and a message in their chatter. ``commit`` commits after
        each chunk (for the scheduled job). Returns the invoices created.
        """
        date_ref = date_ref or fields.Date.context_today(self)
        domain = [
            *self._get_contracts_to_invoice_domain(date_ref),
            ("generation_type", "=", "invoice"),
        ]
        contracts = self.search(domain, order="company_id, id").filtered(
            lambda c: not c.date_end or c.recurring_next_date <= c.date_end
        )
        moves = self.env["account.move"]
        for company in contracts.company_id:
            company_contracts = contracts.filtered(lambda c, co=company: c.company_id == co)
            for start in range(0, len(company_contracts), chunk_size):
                chunk = company_contracts[start : start + chunk_size].with_company(company)
                moves |= chunk._it_park_invoice_chunk(date_ref)
                if commit:
                    self.env.cr.commit()  # pylint: disable=invalid-commit
                # keep the cache small: later chunks do not carry the records of earlier ones
                self.env.invalidate_all()
        return moves

    def _it_park_invoice_chunk(self, date_ref):
        cr = self.env.cr
        try:
            with cr.savepoint():
                moves = self._it_park_create_invoices(date_ref)
        except Exception:
            _logger.info("IT park invoicing: chunk failed, retrying contract by contract")
            moves = self.env["account.move"]
            failed = {}
            for contract in self:
                try:
                    with cr.savepoint():
                        moves |= contract._it_park_create_invoices(date_ref)
                except Exception as error:
                    _logger.warning("IT park invoicing: %s failed: %s", contract, error)
                    failed[contract] = str(error)
            for contract, error in failed.items():
                contract.it_invoice_error = error
                contract.message_post(
                    body=self.env._("Recurring invoicing failed: %(error)s", error=error)
                )
        moves.it_contract_id.filtered("it_invoice_error").it_invoice_error = False
        return moves

    def _it_park_create_invoices(self, date_ref):
        """Create the invoices of the contracts in ``self`` (one company), post the customer
        ones."""
        periods = {}
        for contract in self:
            lines = contract.contract_line_ids.filtered(
                lambda ln: not ln.display_type and ln.recurring_next_date
            )
            periods[contract] = min(lines.mapped("next_period_date_start"), default=False)
        done = self.env["account.move"].search(
            [("it_contract_id", "in", self.ids), ("it_period_start", "!=", False)]
        )
        invoiced = {(move.it_contract_id, move.it_period_start) for move in done}
        extras = self._it_park_extra_lines()
        vals_list = []
        parts = self.env["stock.move"]
        for contract in self:
            if (contract, periods[contract]) in invoiced:
                _logger.info("IT park invoicing: %s already invoiced", contract.display_name)
                continue
            values = contract._prepare_recurring_invoices_values()
            if not values:
                continue
            [vals] = values
            extra_lines, extra_parts = extras.get(contract, ([], parts))
            vals["invoice_line_ids"] += extra_lines
            parts |= extra_parts
            vals["it_contract_id"] = contract.id
            vals["it_period_start"] = periods[contract]
            vals_list.append(vals)
        moves = self.env["account.move"].create(vals_list)
        # Customer invoices are posted; supplier bills stay drafts to be checked (as in OCA).
        moves.filtered(lambda move: move.move_type == "out_invoice").action_post()
        for move in moves:
            parts.filtered(lambda m, mv=move: m.it_contract_id == mv.it_contract_id).write(
                {"it_invoice_id": move.id}
            )
        self._compute_recurring_next_date()
        self.env.flush_all()
        return moves

    def _it_park_extra_lines(self):
        """Invoice lines beyond the fixed fee, per contract: the hours over the allowance of the
        period ending at the next invoice date, and the billable parts not invoiced yet.
        Returns {contract: ([Command.create(vals)], stock moves)}."""
        result = {}
        parts = self.env["stock.move"].search(
            [
                ("it_contract_id", "in", self.ids),
                ("it_billable", "=", True),
                ("it_invoice_id", "=", False),
                ("state", "=", "done"),
            ]
        )
        for move in parts:
            commands, moves = result.setdefault(move.it_contract_id, ([], self.env["stock.move"]))
            commands.append(
                Command.create(
                    {
                        "product_id": move.product_id.id,
                        "name": self.env._(
                            "Part: %(part)s (%(ref)s)",
                            part=move.product_id.display_name,
                            ref=move.reference or "",
                        ),
                        "quantity": move.quantity,
                        "price_unit": move.product_id.lst_price,
                    }
                )
            )
            result[move.it_contract_id] = (commands, moves | move)
        for contract in self.filtered("it_hours_included"):
            start, end = contract._it_current_period()
            if not start:
                continue
            extra = contract._it_hours_between(start, end) - contract.it_hours_included
            if extra <= 0:
                continue
            product = contract.it_extra_hour_product_id
            if not product:
                raise UserError(
                    self.env._(
                        "%(contract)s: %(hours).2f hours beyond the allowance but no extra hours "
                        "product is set.",
                        contract=contract.display_name,
                        hours=extra,
                    )
                )
            commands, moves = result.setdefault(contract, ([], self.env["stock.move"]))
            commands.append(
                Command.create(
                    {
                        "product_id": product.id,
                        "name": self.env._(
                            "Hours beyond the allowance (%(start)s - %(end)s)",
                            start=start,
                            end=end - relativedelta(days=1),
                        ),
                        "quantity": extra,
                        "price_unit": contract.it_hours_extra_price or product.lst_price,
                    }
                )
            )
        return result

    @api.model
    def _cron_it_park_renew(self):
        """Extend the tacit-renewal contracts that end today or earlier by their renewal period."""
        today = fields.Date.context_today(self)
        contracts = self.search(
            [
                ("it_renewal_type", "=", "tacit"),
                ("date_end", "!=", False),
                ("date_end", "<=", today),
                ("it_renewal_months", ">", 0),
            ]
        )
        for contract in contracts:
            new_end = contract.date_end + relativedelta(months=contract.it_renewal_months)
            contract.contract_line_ids.filtered(
                lambda ln, end=contract.date_end: ln.date_end == end
            ).write({"date_end": new_end})
            contract.message_post(body=self.env._("Tacitly renewed until %(date)s.", date=new_end))
        return contracts
