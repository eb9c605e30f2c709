import io
import shutil
from unittest.mock import patch

from odoo import Command
from odoo.tests import HttpCase, new_test_user, tagged
from odoo.tools import config
from odoo.tools.pdf import PdfFileReader

from .common import ItParkPortalCommon


@tagged("post_install", "-at_install")
class TestPdfDownload(ItParkPortalCommon, HttpCase):
    """Real PDFs through wkhtmltopdf (scripts/setup_wkhtmltopdf.sh installs Debian's package
    for make run and make test): a customer downloads an invoice from the portal, a technician
    prints the report of his intervention (issue 8, item 9)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.invoice_a = cls.env["account.move"].create(
            {
                "move_type": "out_invoice",
                "partner_id": cls.customer_a.id,
                "invoice_line_ids": [
                    Command.create({"name": "Forfait maintenance NAS", "price_unit": 150.0})
                ],
            }
        )
        cls.invoice_a.action_post()

    def _get_pdf(self, url):
        # Odoo renders HTML instead of PDF when tests are enabled: render real PDFs here.
        # wkhtmltopdf would fetch the report's style sheets from this test server, which
        # serves one request at a time (the test cursor) and is busy with the report: point it
        # to a closed port, so that it prints without them instead of waiting forever.
        self.env["ir.config_parameter"].sudo().set_param("report.url", "http://127.0.0.1:9")
        with patch.dict(config.options, {"test_enable": False, "test_file": False}):
            response = self.url_open(url, allow_redirects=False, timeout=120)
        self.assertEqual(response.status_code, 200, response.text[:500])
        self.assertEqual(response.headers["Content-Type"], "application/pdf")
        self.assertTrue(response.content.startswith(b"%PDF-"), response.content[:200])
        return PdfFileReader(io.BytesIO(response.content), strict=False)

    def test_wkhtmltopdf_installed(self):
        self.assertTrue(shutil.which("wkhtmltopdf"), "scripts/setup_wkhtmltopdf.sh installs it")
        self.assertEqual(self.env["ir.actions.report"].get_wkhtmltopdf_state(), "ok")

    def test_customer_downloads_invoice_pdf(self):
        self.authenticate("portal_a", "portal_a")
        url = f"/my/invoices/{self.invoice_a.id}?report_type=pdf&download=true"
        pdf = self._get_pdf(url)
        self.assertEqual(len(pdf.pages), 1)
        self.assertIn(self.invoice_a.name, " ".join(pdf.pages[0].extract_text().split()))

    def test_technician_prints_intervention_pdf(self):
        technician = new_test_user(self.env, "tech_pdf", groups="it_park.group_user")
        self.intervention_a.user_id = technician
        self.authenticate("tech_pdf", "tech_pdf")
        pdf = self._get_pdf(f"/report/pdf/it_park.report_it_intervention/{self.intervention_a.id}")
        self.assertEqual(len(pdf.pages), 1)
        text = " ".join(pdf.pages[0].extract_text().split())
        self.assertIn("Maintenance préventive NAS", text)
        self.assertIn("Pharmacie Leroy", text)
