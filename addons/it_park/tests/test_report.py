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

    def test_qr_code_is_cores_barcode(self):
        """The label's QR code is core's (``ir.actions.report.barcode``) of the backend URL."""
        import base64
        import io
        import re

        from PIL import Image

        asset = self._asset()
        html, _type = self.env["ir.actions.report"]._render_qweb_html(
            "it_park.report_it_asset_label", asset.ids
        )
        [img] = re.findall(r"<img[^>]*it_asset_qr[^>]*>", html.decode())
        [data] = re.findall(r'src="data:image/png;base64,([^"]+)"', img)
        expected = self.env["ir.actions.report"].barcode(
            "QR", asset._it_park_backend_url(), width=240, height=240
        )
        label, core = (Image.open(io.BytesIO(png)) for png in (base64.b64decode(data), expected))
        self.assertEqual(label.size, (240, 240))
        # reportlab's anti-aliasing varies a little from one drawing to the next: the same
        # code differs by a few edge pixels, another URL's code by about half of them
        label, core = (img.convert("L").point(lambda v: v > 127 and 255) for img in (label, core))
        differing = sum(a != b for a, b in zip(label.tobytes(), core.tobytes(), strict=True))
        self.assertLess(differing, 240 * 240 / 100)
