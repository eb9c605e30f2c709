from odoo.tests import TransactionCase, tagged

from .common import CrmServicesMixin


@tagged("post_install", "-at_install")
class TestQuoteReport(CrmServicesMixin, TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.setUpCrmServices()

    def test_quote_pdf_has_the_legal_mentions(self):
        self.company.write(
            {
                "siren": "812345676",
                "company_registry": "RCS Marseille 812 345 676",
                "vat": "FR19812345676",
                "crm_late_penalty_rate": 12.15,
                "crm_recovery_indemnity": 40.0,
            }
        )
        quote = self._quote()
        html, _format = self.env["ir.actions.report"]._render_qweb_html(
            "sale.action_report_saleorder", quote.ids
        )
        html = html.decode()
        for mention in (
            quote.crm_quote_number,
            "SIREN 812345676",
            "RCS Marseille 812 345 676",
            "FR19812345676",
            "12.15",
            "L441-10",
            "D441-5",
            "40.00",
        ):
            self.assertIn(mention, html)
