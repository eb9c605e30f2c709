from odoo import fields, models


class ItSoftware(models.Model):
    _name = "it.software"
    _inherit = ["it.park.company.mixin"]
    _description = "Software Product"
    _order = "name"
    _check_company_auto = True

    name = fields.Char(required=True)
    publisher = fields.Char(help="Company that makes the software, e.g. Microsoft.")
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        "res.company",
        index=True,
        default=lambda self: self.env.company,
        help="Leave empty to share this software between companies.",
    )
    license_ids = fields.One2many("it.license", "software_id", string="Licences")
