from odoo.tests import TransactionCase, tagged
from odoo.tools import convert_file


@tagged("post_install", "-at_install")
class TestDemoCompany(TransactionCase):
    """The demo makes the main company a French MSP: loading demo/res_company_demo.xml (as the
    demo install does) gives it a French address and identifiers, its logo, euros, the French
    chart of accounts with 20 % VAT, and a French-speaking manager."""

    def test_demo_main_company_is_a_french_msp(self):
        convert_file(self.env, "it_park", "demo/res_company_demo.xml", {}, mode="init", kind="demo")
        company = self.env.ref("base.main_company")
        self.assertEqual(company.name, "Rhône Infogérance SAS")
        self.assertEqual(company.country_id.code, "FR")
        self.assertEqual(company.city, "Lyon")
        self.assertEqual(company.siret, "81264357500002")
        self.assertTrue(company.vat.startswith("FR"))
        self.assertTrue(company.logo)
        self.assertEqual(company.currency_id, self.env.ref("base.EUR"))
        self.assertEqual(company.chart_template, "fr")
        self.assertEqual(company.account_sale_tax_id.amount, 20.0)
        admin = self.env.ref("base.user_admin")
        self.assertEqual(admin.lang, "fr_FR")
        self.assertEqual(admin.partner_id.country_id.code, "FR")
