from odoo import fields, models


class StockLocation(models.Model):
    _inherit = "stock.location"

    fs_depot = fields.Boolean(
        string="Depot",
        index=True,
        help="A depot of the Fleet & Stock app: the workshop or the stock carried by a vehicle.",
    )
    fs_vehicle_ids = fields.One2many("fleet.vehicle", "fs_location_id", string="Vehicles")

    def _fs_scan_url(self):
        self.ensure_one()
        return f"{self.get_base_url()}/fleet_stock/scan/location/{self.id}"

    def _fs_qr_data_uri(self):
        return self.env["product.product"]._fs_qr_uri(self._fs_scan_url())
