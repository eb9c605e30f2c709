from odoo import fields, models


class ProductTemplate(models.Model):
    _inherit = "product.template"

    fs_article = fields.Boolean(
        string="Workshop Article",
        index=True,
        help="Shown in the Fleet & Stock app: stock per depot, QR label, scan page.",
    )
