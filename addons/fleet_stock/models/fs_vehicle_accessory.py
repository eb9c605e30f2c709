from odoo import fields, models


class FsVehicleAccessory(models.Model):
    """An article assigned to a vehicle, for good or for a while (seed: accessoires_equipement)."""

    _name = "fs.vehicle.accessory"
    _description = "Article Assigned to a Vehicle"
    _order = "date desc, id desc"
    _check_company_auto = True

    vehicle_id = fields.Many2one(
        "fleet.vehicle", required=True, ondelete="cascade", index=True, check_company=True
    )
    company_id = fields.Many2one(related="vehicle_id.company_id", store=True, index=True)
    product_id = fields.Many2one(
        "product.product",
        string="Article",
        required=True,
        check_company=True,
        domain="[('fs_article', '=', True)]",
    )
    quantity = fields.Float(default=1.0, digits="Product Unit of Measure")
    date = fields.Date(string="Assigned On", default=fields.Date.context_today, required=True)
    date_end = fields.Date(string="Until", help="Empty for a permanent assignment.")
    permanent = fields.Boolean(default=True)
    notes = fields.Char()

    _sql_constraints = [
        ("quantity_positive", "CHECK(quantity > 0)", "The quantity must be positive."),
    ]
