from odoo import api, fields, models


class ItAssetModel(models.Model):
    """A hardware model (brand + model), with the consumables it accepts."""

    _name = "it.asset.model"
    _inherit = ["it.park.company.mixin"]
    _description = "IT Asset Model"
    _order = "brand, name"
    _check_company_auto = True

    name = fields.Char(string="Model", required=True)
    brand = fields.Char(required=True, help="Manufacturer, e.g. HP, Dell, Fortinet.")
    category_id = fields.Many2one("it.asset.category", string="IT Category", check_company=True)
    consumable_product_ids = fields.Many2many(
        "product.product",
        "it_asset_model_consumable_rel",
        "model_id",
        "product_id",
        string="Compatible Consumables",
        domain="[('is_it_consumable', '=', True)]",
        check_company=True,
    )
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        "res.company",
        index=True,
        default=lambda self: self.env.company,
        help="Leave empty to share this model between companies.",
    )

    @api.depends("brand", "name")
    def _compute_display_name(self):
        for record in self:
            record.display_name = " ".join(filter(None, [record.brand, record.name]))
