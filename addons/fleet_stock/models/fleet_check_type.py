from odoo import fields, models


class FleetCheckType(models.Model):
    _name = "fleet.check.type"
    _description = "Regulatory Check Type"
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

    _sql_constraints = [
        (
            "code_company_uniq",
            "unique(code, company_id)",
            "The code must be unique per company.",
        ),
    ]
