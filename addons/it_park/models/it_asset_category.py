from odoo import fields, models


class ItAssetCategory(models.Model):
    """IT category of an asset (computer, laptop, server, printer...).

    It is independent from ``maintenance.equipment.category`` (which drives maintenance teams and
    technicians): an IT asset carries both, the IT category in ``it_category_id``. A category may
    propose a default maintenance category, applied when the IT category is chosen on an asset.
    """

    _name = "it.asset.category"
    _inherit = ["it.park.company.mixin"]
    _description = "IT Asset Category"
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
    maintenance_category_id = fields.Many2one(
        "maintenance.equipment.category",
        check_company=True,
        help="Maintenance category set on assets of this IT category.",
    )
    asset_count = fields.Integer(compute="_compute_asset_count", string="Assets")

    _sql_constraints = [
        (
            "code_company_uniq",
            # A unique index on (code, COALESCE(company_id, 0)): unique(code, company_id) would
            # let two shared categories (no company, NULL) have the same code. Written as an
            # exclusion constraint (btree, "=" on each part) so that Odoo shows its message.
            "EXCLUDE USING btree (code WITH =, (COALESCE(company_id, 0)) WITH =)",
            "The code must be unique per company, and among the categories shared by all "
            "companies.",
        ),
    ]

    def _compute_asset_count(self):
        counts = dict(
            self.env["maintenance.equipment"]._read_group(
                [("it_category_id", "in", self.ids)], ["it_category_id"], ["__count"]
            )
        )
        for category in self:
            category.asset_count = counts.get(category, 0)
