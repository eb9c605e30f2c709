from odoo import fields, models


class ProductTemplate(models.Model):
    _inherit = "product.template"

    is_it_consumable = fields.Boolean(
        string="IT Consumable / Spare Part",
        help="Toner, drums, cables or spare parts delivered to customers for their IT assets.",
    )
