import logging
import threading

from dateutil.relativedelta import relativedelta

from odoo import Command, api, fields, models
from odoo.exceptions import UserError, ValidationError

_logger = logging.getLogger(__name__)


class ContractContract(models.Model):
    """Maintenance / licence / support contracts of the MSP's customers (OCA ``contract``)."""

    _name = "contract.contract"
    _inherit = ["contract.contract", "it.park.company.mixin"]

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
    it_notice_date = fields.Date(
        string="Notice Deadline",
        compute="_compute_it_notice_date",
        store=True,
        index="btree_not_null",
        help="Last day to give notice (the end date minus the notice period): the renewal "
        "reminders fire on this date, not on the end date.",
    )
    it_ticket_ids = fields.One2many("helpdesk.ticket", "it_contract_id", string="Tickets")
    it_request_ids = fields.One2many(
        "maintenance.request", "it_contract_id", string="Interventions"
    )
    it_invoice_error = fields.Text(
        string="Invoicing Error",
        copy=False,
        readonly=True,
        groups="base.group_user",
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

    @api.constrains("it_asset_ids", "partner_id", "company_id")
    def _check_it_asset_ids(self):
        for contract in self.sudo():
            contract._it_park_check_covered_assets(contract.it_asset_ids)

    def _it_park_check_covered_assets(self, assets):
        """A contract covers only assets of its own customer, in its own company."""
        for contract in self:
            customer = contract.partner_id.commercial_partner_id
            for asset in assets:
                if (
                    asset.customer_id.commercial_partner_id != customer
                    or asset.company_id != contract.company_id
                ):
                    raise ValidationError(
                        self.env._(
                            "The contract %(contract)s covers only assets of %(customer)s in "
                            "%(company)s: %(asset)s is not one of them.",
                            contract=contract.display_name,
                            customer=customer.display_name,
                            company=contract.company_id.name,
                            asset=asset.display_name,
                        )
                    )

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

    @api.depends("date_end", "it_notice_days")
    def _compute_it_notice_date(self):
        for contract in self:
            contract.it_notice_date = contract.date_end and contract.date_end - relativedelta(
                days=contract.it_notice_days
            )

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

    # --- Recurring invoicing, on OCA contract's hooks ------------------------------------
    #
    # OCA's cron (``_cron_recurring_create``) and button (``recurring_create_invoice``) both go
    # through ``_recurring_create_invoice`` -> ``_prepare_recurring_invoices_values`` ->
    # ``_prepare_invoice`` / ``contract.line._prepare_invoice_line``. it_park adds around them:
    # - the (contract, period) key on the invoice, and contracts whose period is already
    #   invoiced left out (the database refuses a second invoice of a period);
    # - the hours beyond the allowance and the billable parts as extra invoice lines;
    # - the customer invoices of IT contracts posted (supplier bills stay drafts, as in OCA);
    # - in the scheduled job: chunks of contracts under a savepoint, committed one by one with
    #   the job's progress, a failing chunk retried contract by contract and the broken
    #   contracts flagged (``it_invoice_error``) while the others are invoiced.
    # One period per contract and run, as OCA does: a contract late by several periods catches
    # up one period a day.

    _it_invoice_chunk_size = 200

    def _it_period_start(self, date_ref=False):
        """Start of the period the next invoice of this contract covers: the earliest period
        start of its lines due at ``date_ref`` (default: the contract's next invoice date)."""
        self.ensure_one()
        date_ref = date_ref or self.recurring_next_date
        if not date_ref:
            return False
        lines = self._get_lines_to_invoice(date_ref).filtered(lambda ln: not ln.display_type)
        return min(lines.mapped("next_period_date_start"), default=False)

    def _it_not_invoiced(self, date_ref=False):
        """{contract: period start} of the contracts of ``self`` whose next period is not
        invoiced yet (one query for all)."""
        periods = {contract: contract._it_period_start(date_ref) for contract in self}
        done = (
            self.env["account.move"]
            .sudo()
            ._read_group(
                [("it_contract_id", "in", self.ids), ("it_period_start", "!=", False)],
                ["it_contract_id", "it_period_start:day"],
            )
        )
        invoiced = {(contract.id, start) for contract, start in done}
        todo = {}
        for contract, start in periods.items():
            if start and (contract.id, start) in invoiced:
                _logger.info("IT park invoicing: %s already invoiced", contract.display_name)
            else:
                todo[contract] = start
        return todo

    def _prepare_invoice(self, date_invoice, journal=None):
        vals = super()._prepare_invoice(date_invoice, journal=journal)
        vals["it_contract_id"] = self.id
        return vals

    def _prepare_recurring_invoices_values(self, date_ref=False):
        """OCA's invoice values for the contracts whose period is not invoiced yet, with the
        period key and the extra lines (hours beyond the allowance, billable parts)."""
        todo = self._it_not_invoiced(date_ref)
        contracts = self.browse([contract.id for contract in todo])
        # before super(): it moves the next invoice date, so the current period
        extras = contracts._it_park_extra_lines()
        values = super(ContractContract, contracts)._prepare_recurring_invoices_values(date_ref)
        for vals in values:
            contract = self.browse(vals["it_contract_id"])
            vals["it_period_start"] = todo[contract]
            extra_lines, _parts = extras.get(contract, ([], None))
            vals["invoice_line_ids"] += extra_lines
        return values

    def _recurring_create_invoice(self, date_ref=False):
        if self.env.context.get("it_invoice_in_chunks"):
            return self._it_invoice_in_chunks(date_ref)
        moves = super()._recurring_create_invoice(date_ref)
        self._it_after_invoicing(moves)
        return moves

    @api.model
    def _cron_recurring_create(self, date_ref=False, create_type="invoice"):
        """OCA's job, its invoices made in committed chunks (see ``_it_invoice_in_chunks``)."""
        return super(
            ContractContract, self.with_context(it_invoice_in_chunks=True)
        )._cron_recurring_create(date_ref=date_ref, create_type=create_type)

    def _add_contract_origin(self, invoices):
        return super(
            ContractContract, self.with_context(it_new_invoice_ids=tuple(invoices.ids))
        )._add_contract_origin(invoices)

    def _invoice_followers(self, invoices):
        return super(
            ContractContract, self.with_context(it_new_invoice_ids=tuple(invoices.ids))
        )._invoice_followers(invoices)

    def _get_related_invoices(self):
        """OCA's ``_add_contract_origin`` and ``_invoice_followers`` only keep, of a contract's
        invoices, those just created: among them, find the contract's ones in memory instead of
        searching all the contract's invoice lines once per contract and per step."""
        new_ids = self.env.context.get("it_new_invoice_ids")
        if new_ids is None:
            return super()._get_related_invoices()
        self.ensure_one()
        return (
            self.env["account.move"]
            .browse(new_ids)
            .filtered(lambda move: self in move.invoice_line_ids.contract_line_id.contract_id)
        )

    def _it_after_invoicing(self, moves):
        """Post the customer invoices of the IT contracts and mark their parts invoiced."""
        moves.filtered(
            lambda move: move.move_type == "out_invoice" and move.it_contract_id.it_contract_kind
        ).action_post()
        parts = self.env["stock.move"].search(
            [
                ("it_contract_id", "in", moves.it_contract_id.ids),
                ("it_billable", "=", True),
                ("it_invoice_id", "=", False),
                ("state", "=", "done"),
            ]
        )
        by_contract = {move.it_contract_id: move for move in moves}
        for contract, contract_parts in parts.grouped("it_contract_id").items():
            contract_parts.it_invoice_id = by_contract[contract]
        moves.it_contract_id.filtered("it_invoice_error").it_invoice_error = False

    def _it_invoice_in_chunks(self, date_ref):
        """Invoice ``self`` (contracts of one company) in chunks of ``_it_invoice_chunk_size``.

        Each chunk goes through OCA's ``_recurring_create_invoice`` under a savepoint; when it
        fails its contracts are retried one by one, and the failing ones get ``it_invoice_error``
        and a message in their chatter. Outside tests each chunk is committed, so that a crash
        keeps the invoices already made (the next run skips their periods), and the job's
        progress is reported to ``ir.cron``.
        """
        testing = getattr(threading.current_thread(), "testing", False)
        contracts = self.with_context(it_invoice_in_chunks=False)
        size = self._it_invoice_chunk_size
        moves = self.env["account.move"]
        for start in range(0, len(contracts), size):
            chunk = contracts[start : start + size]
            moves |= chunk._it_invoice_chunk(date_ref)
            self.env["ir.cron"]._notify_progress(
                done=start + len(chunk), remaining=max(len(contracts) - start - size, 0)
            )
            if not testing:
                self.env.cr.commit()  # pylint: disable=invalid-commit
                # keep the cache small: later chunks do not carry the records of earlier ones
                self.env.invalidate_all()
                chunks = start // size + 1
                if chunks & (chunks - 1) == 0:
                    self._it_analyze_invoicing_tables()
        return moves

    #: Tables a recurring invoicing run grows (invoices, their lines, chatter and followers) or
    #: rewrites (the contracts' next dates)
    _it_analyzed_tables = (
        "account_move",
        "account_move_line",
        "mail_message",
        "mail_followers",
        "contract_line",
        "contract_contract",
    )

    def _it_analyze_invoicing_tables(self):
        """Refresh PostgreSQL's statistics of the tables the run grows, after chunks 1, 2, 4,
        8... (a geometric schedule, as autovacuum's analyze scale factor would): a run that
        starts on small tables otherwise keeps the plans made for them (nested loops and
        sequential scans) while the tables grow tenfold, and each chunk gets slower than the
        last. The ORM has no ANALYZE; it is a statistics refresh, no data is written."""
        self.env.cr.execute(  # pylint: disable=sql-injection
            "ANALYZE " + ", ".join(self._it_analyzed_tables)
        )

    def _it_invoice_chunk(self, date_ref):
        cr = self.env.cr
        try:
            with cr.savepoint():
                return self._recurring_create_invoice(date_ref)
        except Exception:
            _logger.info("IT park invoicing: chunk failed, retrying contract by contract")
        moves = self.env["account.move"]
        failed = {}
        for contract in self:
            try:
                with cr.savepoint():
                    moves |= contract._recurring_create_invoice(date_ref)
            except Exception as error:
                _logger.warning("IT park invoicing: %s failed: %s", contract, error)
                failed[contract] = str(error)
        for contract, error in failed.items():
            contract.it_invoice_error = error
            contract.message_post(
                body=self.env._("Recurring invoicing failed: %(error)s", error=error)
            )
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

    # Renewal stays here rather than on OCA contract_line_successor (18.0): that addon renews each
    # contract LINE (successor lines, per-line auto-renew and notice), sets
    # ``line_recurrence = True`` as the default of every contract and recomputes the contract's
    # end date without calling super(). it_park invoices at the contract level (one invoice per
    # contract and period, a database-unique pair) and renews the whole contract with one notice:
    # installing it would change every contract the suite and its users create.
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
