from odoo.tests import TransactionCase, tagged


@tagged("post_install", "-at_install")
class TestFrenchTranslation(TransactionCase):
    def test_menu_is_translated_in_french(self):
        self.env["res.lang"]._activate_lang("fr_FR")
        modules = self.env["ir.module.module"]
        modules._load_module_terms(["group_finance"], ["fr_FR"], overwrite=True)
        menu = self.env.ref("group_finance.menu_root").with_context(lang="fr_FR")
        self.assertEqual(menu.name, "Finance groupe")

    def test_documents_zip_folders_in_french(self):
        """The ZIP of a record's documents has one folder per category, named in the user's
        language."""
        import base64
        import io
        import zipfile

        from .common import PDF

        self.env["res.lang"]._activate_lang("fr_FR")
        self.env["ir.module.module"]._load_module_terms(
            ["group_finance"], ["fr_FR"], overwrite=True
        )
        partner = self.env["res.partner"].create({"name": "Client"})
        directory = self.env["dms.field.template"]._gf_directory(partner)
        self.env["dms.file"].create(
            {
                "name": "rc.pdf",
                "directory_id": directory.id,
                "content": base64.b64encode(PDF),
                "gf_category": "insurance",
            }
        )
        data, name = self.env["dms.file"].with_context(lang="fr_FR")._gf_zip_documents(partner)
        self.assertEqual(zipfile.ZipFile(io.BytesIO(data)).namelist(), ["Assurance/rc.pdf"])
        self.assertIn("Documents", name)

    def test_spending_screens_are_translated_in_french(self):
        self.env["res.lang"]._activate_lang("fr_FR")
        self.env["ir.module.module"]._load_module_terms(
            ["group_finance"], ["fr_FR"], overwrite=True
        )
        env = self.env(context=dict(self.env.context, lang="fr_FR"))
        self.assertEqual(env.ref("group_finance.menu_spending").name, "Dépenses")
        self.assertEqual(env.ref("group_finance.menu_current_accounts").name, "Comptes courants")
        self.assertEqual(env.ref("group_finance.menu_intercompany").name, "Inter-sociétés")
        self.assertEqual(
            env.ref("group_finance.tier_definition_expense_accountant").name,
            "Validation comptable",
        )
        fields_fr = env["group.finance.fixed.charge"].fields_get(["amount_untaxed", "frequency"])
        self.assertEqual(fields_fr["amount_untaxed"]["string"], "Montant HT")
        self.assertIn(("quarterly", "Trimestrielle"), fields_fr["frequency"]["selection"])
        self.assertEqual(env.ref("group_finance.product_expense_fuel").name, "Carburant")
