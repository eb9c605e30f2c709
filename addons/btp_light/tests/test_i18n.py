from odoo.exceptions import ValidationError
from odoo.tests import TransactionCase, tagged

from .common import BtpCommon


@tagged("post_install", "-at_install")
class TestFrenchTranslation(BtpCommon, TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["res.lang"]._activate_lang("fr_FR")
        cls.env["ir.module.module"]._load_module_terms(["btp_light"], ["fr_FR"], overwrite=True)

    def test_menu_is_translated_in_french(self):
        menu = self.env.ref("btp_light.menu_root").with_context(lang="fr_FR")
        self.assertEqual(menu.name, "BTP")
        sites = self.env.ref("btp_light.menu_btp_site").with_context(lang="fr_FR")
        self.assertEqual(sites.name, "Chantiers")

    def test_statuses_and_errors_in_french(self):
        Order = self.env["sale.order"].with_context(lang="fr_FR")
        labels = dict(Order._fields["btp_quote_status"]._description_selection(Order.env))
        self.assertEqual(labels["refused"], "Refusé")
        order = self._accepted_quote()
        self._progress(order, 40, 0)
        self._post(order.action_btp_situation())
        line = order.order_line[0].with_context(lang="fr_FR")
        with self.assertRaises(ValidationError) as error:
            line.btp_progress = 20
        self.assertIn("ne peut pas être inférieur à la situation précédente", str(error.exception))
