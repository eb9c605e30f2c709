from odoo import fields, models


class StockLocation(models.Model):
    _inherit = "stock.location"

    it_customer_id = fields.Many2one(
        "res.partner",
        string="IT Customer",
        index="btree_not_null",
        help="Customer whose consumables are delivered to this location.",
    )
