from odoo import api, fields, models

from ..lib import reconcile_engine as engine

CERTAIN_STATE = "auto"
PROPOSED_STATE = "proposed"


class AccountBankStatementLine(models.Model):
    _inherit = "account.bank.statement.line"

    gf_match_state = fields.Selection(
        [
            ("none", "No Proposal"),
            (PROPOSED_STATE, "To Review"),
            (CERTAIN_STATE, "Reconciled Automatically"),
            ("accepted", "Proposal Accepted"),
            ("rejected", "Proposal Rejected"),
        ],
        string="Automatic Matching",
        index=True,
        copy=False,
        readonly=True,
    )
    gf_match_reason = fields.Char(string="Matching Reason", copy=False, readonly=True)
    gf_proposal_line_ids = fields.Many2many(
        "account.move.line",
        "gf_statement_line_proposal_rel",
        "statement_line_id",
        "move_line_id",
        string="Proposed Counterparts",
        copy=False,
        readonly=True,
    )

    gf_amount_in = fields.Monetary(
        string="Received", compute="_compute_gf_amounts", store=True, aggregator="sum"
    )
    gf_amount_out = fields.Monetary(
        string="Paid", compute="_compute_gf_amounts", store=True, aggregator="sum"
    )

    @api.depends("amount")
    def _compute_gf_amounts(self):
        for line in self:
            line.gf_amount_in = max(line.amount, 0.0)
            line.gf_amount_out = min(line.amount, 0.0)

    # -- reasons ---------------------------------------------------------------------------
    def _gf_reason_text(self, proposal, items):
        numbers = ", ".join(items.move_id.mapped("name"))
        texts = {
            engine.REF: self.env._(
                "Reference of %(numbers)s found in the label, same amount", numbers=numbers
            ),
            engine.REFS: self.env._(
                "One transfer paying %(count)s documents found in the label (%(numbers)s), "
                "amounts add up",
                count=len(items),
                numbers=numbers,
            ),
            engine.REF_PARTIAL: self.env._(
                "Reference of %(numbers)s found in the label, but the amount differs",
                numbers=numbers,
            ),
            engine.NDF: self.env._(
                "Expense report (NDF) %(numbers)s, same amount", numbers=numbers
            ),
            engine.CC: self.env._("Current account (CC) %(numbers)s, same amount", numbers=numbers),
            engine.IBAN: self.env._(
                "Payer's IBAN known for %(partner)s, one open item of this amount (%(numbers)s)",
                partner=items.partner_id[:1].display_name or "",
                numbers=numbers,
            ),
            engine.IBAN_ALL: self.env._(
                "Payer's IBAN known for %(partner)s, %(count)s open items add up to the "
                "amount (%(numbers)s)",
                partner=items.partner_id[:1].display_name or "",
                count=len(items),
                numbers=numbers,
            ),
            engine.IBAN_SEVERAL: self.env._(
                "Payer's IBAN known for %(partner)s, %(count)s open items of this amount: "
                "the closest by date is proposed (%(numbers)s)",
                partner=items.partner_id[:1].display_name or "",
                count=proposal.params.get("count", 0),
                numbers=numbers,
            ),
            engine.AMOUNT: self.env._(
                "Only open item of this amount around this date (%(numbers)s): to check",
                numbers=numbers,
            ),
        }
        text = texts[proposal.reason]
        if proposal.params.get("conflict"):
            text = self.env._("%(reason)s; other lines claim the same item: to check", reason=text)
        return text

    # -- data for the engine -------------------------------------------------------------------
    @api.model
    def _gf_open_items_domain(self, companies):
        return [
            ("company_id", "in", companies.ids),
            ("parent_state", "=", "posted"),
            ("reconciled", "=", False),
            ("account_id.reconcile", "=", True),
            ("account_id.account_type", "not in", ("asset_cash", "liability_credit_card")),
            ("amount_residual", "!=", 0),
            ("statement_line_id", "=", False),
        ]

    @api.model
    def _gf_engine_items(self, companies):
        amls = self.env["account.move.line"].search_fetch(
            self._gf_open_items_domain(companies),
            [
                "company_id",
                "amount_residual",
                "date",
                "date_maturity",
                "partner_id",
                "move_id",
                "account_id",
                "currency_id",
                "company_currency_id",
                "name",
            ],
        )
        amls.move_id.fetch(["name", "ref", "payment_reference", "move_type", "expense_sheet_id"])
        amls.account_id.fetch(["code", "account_type"])
        items = []
        for aml in amls:
            if aml.currency_id != aml.company_currency_id:
                continue
            move = aml.move_id
            if move.expense_sheet_id:
                kind = "expense"
            elif (aml.account_id.code or "").startswith("455"):
                kind = "current_account"
            elif move.move_type in ("out_invoice", "out_refund"):
                kind = "customer_invoice"
            elif move.move_type in ("in_invoice", "in_refund"):
                kind = "supplier_bill"
            else:
                kind = "other"
            refs = tuple(
                r
                for r in (
                    move.name,
                    move.ref,
                    move.payment_reference,
                    move.expense_sheet_id.name if move.expense_sheet_id else None,
                )
                if r and r != "/"
            )
            items.append(
                engine.Item(
                    id=aml.id,
                    company_id=aml.company_id.id,
                    amount=aml.amount_residual,
                    date=aml.date,
                    due_date=aml.date_maturity or aml.date,
                    kind=kind,
                    partner_id=aml.partner_id.commercial_partner_id.id or None,
                    refs=refs,
                )
            )
        return items

    @api.model
    def _gf_partner_ibans(self, companies):
        banks = self.env["res.partner.bank"].search_fetch(
            [("partner_id", "!=", False), ("company_id", "in", [False, *companies.ids])],
            ["sanitized_acc_number", "partner_id"],
        )
        return {
            bank.sanitized_acc_number: bank.partner_id.commercial_partner_id.id for bank in banks
        }

    def _gf_engine_lines(self):
        return [
            engine.Line(
                id=line.id,
                company_id=line.company_id.id,
                date=line.date,
                amount=line.amount,
                label=" ".join(
                    filter(
                        None, (line.payment_ref, line.ref, line.narration and str(line.narration))
                    )
                ),
                partner_id=line.partner_id.commercial_partner_id.id or None,
                iban=line.account_number or line.partner_bank_id.sanitized_acc_number or None,
            )
            for line in self
            if not line.foreign_currency_id
        ]

    # -- matching ----------------------------------------------------------------------------------
    def _gf_match_and_reconcile(self):
        """Match these statement lines with the open items of their companies: certain
        matches are reconciled through OCA's reconciliation, the others are proposed in OCA's
        reconciliation screen with their reason. Returns the number of each."""
        lines = self.filtered(
            lambda line: not line.is_reconciled and line.gf_match_state != "rejected"
        )
        counts = {"auto": 0, "proposed": 0, "none": 0}
        if not lines:
            return counts
        companies = lines.company_id
        run = engine.Engine(self._gf_engine_items(companies), self._gf_partner_ibans(companies))
        proposals = {p.line_id: p for p in run.run(lines._gf_engine_lines())}
        AML = self.env["account.move.line"]
        no_reconcile_model = self.env["account.reconcile.model"]
        for line in lines:
            proposal = proposals.get(line.id)
            if not proposal:
                line.gf_match_state = "none"
                counts["none"] += 1
                continue
            items = AML.browse(proposal.item_ids)
            line.write(
                {
                    "gf_proposal_line_ids": [fields.Command.set(items.ids)],
                    "gf_match_reason": line._gf_reason_text(proposal, items),
                    "gf_match_state": CERTAIN_STATE if proposal.certain else PROPOSED_STATE,
                }
            )
            if proposal.certain:
                line._do_auto_reconcile(no_reconcile_model)
                if line.is_reconciled:
                    counts["auto"] += 1
                    continue
                line.gf_match_state = PROPOSED_STATE
            counts["proposed"] += 1
        return counts

    def _gf_proposal(self):
        """The proposed counterparts still open, for OCA's reconcile models (see
        account.reconcile.model._apply_rules)."""
        self.ensure_one()
        if self.gf_match_state not in (CERTAIN_STATE, PROPOSED_STATE):
            return self.env["account.move.line"]
        return self.gf_proposal_line_ids.filtered(lambda aml: not aml.reconciled)

    # -- actions -------------------------------------------------------------------------------
    def action_gf_match(self):
        counts = self._gf_match_and_reconcile()
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "type": "info",
                "message": self.env._(
                    "%(auto)s line(s) reconciled automatically, %(proposed)s to review, "
                    "%(none)s without proposal.",
                    **counts,
                ),
                "next": {"type": "ir.actions.act_window_close"},
            },
        }

    def action_gf_reject_proposal(self):
        """The accountant rejects the proposal: it is not proposed again."""
        for line in self.filtered(lambda line: not line.is_reconciled):
            line.write(
                {"gf_match_state": "rejected", "gf_proposal_line_ids": [fields.Command.clear()]}
            )
            line.reconcile_data = False
            line.clean_reconcile()
        return True

    def reconcile_bank_line(self):
        proposed = self.gf_match_state == PROPOSED_STATE
        result = super().reconcile_bank_line()
        if proposed and self.is_reconciled:
            self.gf_match_state = "accepted"
        return result
