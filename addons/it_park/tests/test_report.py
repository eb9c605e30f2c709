from odoo.tests import TransactionCase, tagged

from .common import ItParkCommon


@tagged("post_install", "-at_install")
class TestQrLabel(ItParkCommon, TransactionCase):
    def test_label_has_qr_code_of_backend_url(self):
        asset = self._asset(inventory_tag="LER-0042", serial_no="5CG1234XYZ")
        html, _type = self.env["ir.actions.report"]._render_qweb_html(
            "it_park.report_it_asset_label", asset.ids
        )
        html = html.decode()
        url = f"/odoo/maintenance.equipment/{asset.id}"
        self.assertIn(url, html)
        self.assertIn('src="data:image/png;base64,', html)
        self.assertIn("LER-0042", html)
        self.assertTrue(asset._it_park_backend_url().endswith(url))

    def test_qr_code_decodes_to_png(self):
        import base64

        asset = self._asset()
        data = asset._it_park_qr_data_uri().split(",", 1)[1]
        self.assertTrue(base64.b64decode(data).startswith(b"\x89PNG"))
