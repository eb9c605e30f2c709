from odoo.tests import TransactionCase, tagged


@tagged("post_install", "-at_install")
class TestFrenchTranslation(TransactionCase):
    def test_menu_is_translated_in_french(self):
        self.env["res.lang"]._activate_lang("fr_FR")
        modules = self.env["ir.module.module"]
        modules._load_module_terms(["crm_services"], ["fr_FR"], overwrite=True)
        menu = self.env.ref("crm_services.menu_root").with_context(lang="fr_FR")
        self.assertEqual(menu.name, "CRM services")
