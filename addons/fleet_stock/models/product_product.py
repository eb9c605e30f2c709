import base64

from odoo import api, models


class ProductProduct(models.Model):
    _inherit = "product.product"

    @api.model
    def _fs_qr_uri(self, value):
        """A PNG QR code of ``value`` as a data URI (core barcode renderer, no extra library)."""
        png = self.env["ir.actions.report"].barcode("QR", value, width=240, height=240)
        return "data:image/png;base64," + base64.b64encode(png).decode()

    def _fs_scan_url(self):
        self.ensure_one()
        return f"{self.get_base_url()}/fleet_stock/scan/product/{self.id}"

    def _fs_qr_data_uri(self):
        self.ensure_one()
        return self._fs_qr_uri(self._fs_scan_url())
