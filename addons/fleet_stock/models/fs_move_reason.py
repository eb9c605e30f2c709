from odoo import api, fields, models


class FsMoveReason(models.Model):
    """Why an article enters, leaves or moves between depots (seed: mouvements_stock.motif)."""

    _name = "fs.move.reason"
    _description = "Stock Move Reason"
    _order = "sequence, name"
    _check_company_auto = True

    name = fields.Char(required=True, translate=True)
    code = fields.Char(required=True, help="Stable technical code, used by the scan page.")
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    move_type = fields.Selection(
        [("entry", "Entry"), ("issue", "Issue"), ("transfer", "Transfer")],
        required=True,
        help="Entry: from the counterpart location into a depot. Issue: out of a depot to the "
        "counterpart location. Transfer: from one depot to another.",
    )
    location_id = fields.Many2one(
        "stock.location",
        string="Counterpart Location",
        help="Where entries come from or issues go to (suppliers, customers, losses...).",
    )
    company_id = fields.Many2one(
        "res.company",
        index=True,
        default=lambda self: self.env.company,
        help="Leave empty to share this record between companies.",
    )

    _sql_constraints = [
        (
            "counterpart_required",
            "CHECK(move_type = 'transfer' OR location_id IS NOT NULL)",
            "Entries and issues need a counterpart location.",
        ),
    ]

    def init(self):
        # unique(code, company_id) would let two shared reasons (NULL company) share a code
        self.env.cr.execute(
            "CREATE UNIQUE INDEX IF NOT EXISTS fs_move_reason_code_company_uniq "
            "ON fs_move_reason (code, COALESCE(company_id, 0))"
        )

    @api.model
    def _fs_get(self, code, company):
        """The reason of this code for the company, its own before the shared one."""
        reasons = self.sudo().search(
            [("code", "=", code), ("company_id", "in", [company.id, False])],
            order="company_id",
        )
        return reasons[:1].sudo(False)
