from odoo.tests import TransactionCase, tagged


@tagged("post_install", "-at_install")
class TestFrenchTranslation(TransactionCase):
    def test_menu_is_translated_in_french(self):
        self.env["res.lang"]._activate_lang("fr_FR")
        modules = self.env["ir.module.module"]
        modules._load_module_terms(["fleet_stock"], ["fr_FR"], overwrite=True)
        menu = self.env.ref("fleet_stock.menu_root").with_context(lang="fr_FR")
        self.assertEqual(menu.name, "Flotte et stock")

    def test_refusals_are_in_french(self):
        self.env["res.lang"]._activate_lang("fr_FR")
        self.env["ir.module.module"]._load_module_terms(["fleet_stock"], ["fr_FR"], overwrite=True)
        env = self.env(context=dict(self.env.context, lang="fr_FR"))
        reason = env.ref("fleet_stock.fs_move_reason_intervention")
        self.assertEqual(reason.name, "Utilisé en intervention")
        self.assertEqual(
            env._("Only storekeepers and managers receive articles."),
            "Seuls les magasiniers et les responsables réceptionnent des articles.",
        )
