import psycopg2

from odoo.tests import TransactionCase, tagged
from odoo.tools import mute_logger
from odoo.tools.misc import file_open

from .common import ItParkCommon

SAMPLE = "it_park/data/samples/glpi_computers.csv"


@tagged("post_install", "-at_install")
class TestImportGlpi(ItParkCommon, TransactionCase):
    """A customer's GLPI computer export (';', Windows-1252, quoted, French headers,
    DD/MM/YYYY) goes in through the import screen's own path: base_import.import with the
    file's bytes, the mapping it suggests and the options its preview guessed."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.customer = cls.env["res.partner"].create(
            {"name": "Boulangerie Martin SARL", "is_company": True}
        )
        cls.sophie = cls.env["res.partner"].create(
            {"name": "Sophie Martin", "parent_id": cls.customer.id}
        )
        with file_open(SAMPLE, "rb") as sample:
            cls.sample = sample.read()

    def _import(self, content=None, user=None, dryrun=False):
        user = user or self.tech_a
        env = self.env(user=user, context=dict(self.env.context, lang=user.lang))
        wizard = env["base_import.import"].create(
            {
                "res_model": "maintenance.equipment",
                "file": content or self.sample,
                "file_name": "glpi.csv",
                "file_type": "text/csv",
            }
        )
        options = {"has_headers": True, "quoting": '"', "separator": "", "encoding": ""}
        preview = wizard.parse_preview(options)
        self.assertIsInstance(preview, dict)
        self.assertFalse(preview.get("error"), preview)
        fields = [
            (preview["matches"].get(index) or [False])[0]
            for index in range(len(preview["headers"]))
        ]
        result = wizard.with_context(default_is_it_asset=True).execute_import(
            fields, preview["headers"], preview["options"], dryrun=dryrun
        )
        return preview, fields, result

    def _assets(self):
        return self.env["maintenance.equipment"].search([("customer_id", "=", self.customer.id)])

    def test_headers_map_by_themselves(self):
        preview, fields, _result = self._import(dryrun=True)
        self.assertEqual(preview["options"]["encoding"].replace("-", ""), "windows1252")
        self.assertEqual(preview["options"]["separator"], ";")
        self.assertEqual(preview["options"]["date_format"], "%d/%m/%Y")
        self.assertEqual(len(preview["headers"]), 15)
        self.assertNotIn(False, fields, dict(zip(preview["headers"], fields, strict=True)))
        self.assertEqual(
            dict(zip(preview["headers"], fields, strict=True))["Numéro d'inventaire"],
            "inventory_tag",
        )

    def test_glpi_values_are_understood(self):
        _preview, _fields, result = self._import()
        self.assertFalse(result["messages"], result["messages"])
        assets = self._assets()
        self.assertEqual(len(assets), 5)
        by_tag = {asset.inventory_tag: asset for asset in assets}
        pc = by_tag["BM-0101"]
        self.assertTrue(pc.is_it_asset)
        self.assertEqual(pc.it_state, "deployed")
        self.assertEqual(pc.site_id.name, "Boutique Presqu'île")
        self.assertEqual(pc.site_id.parent_id, self.customer)
        self.assertEqual(pc.end_user_id, self.sophie)
        self.assertEqual(pc.mac_address, "3C:52:82:1A:9F:04")
        self.assertEqual(str(pc.warranty_date), "2026-09-15")
        self.assertEqual(str(pc.purchase_date), "2023-09-15")
        self.assertEqual(pc.operating_system, "Windows 11 Professionnel")
        self.assertEqual(pc.it_category_id, self.env.ref("it_park.it_asset_category_computer"))
        self.assertEqual(by_tag["BM-0102"].it_category_id.code, "laptop")
        self.assertEqual(by_tag["BM-0104"].it_category_id.code, "server")
        self.assertEqual(by_tag["BM-0090"].it_state, "retired")
        self.assertEqual(by_tag["BM-0103"].it_state, "stock")
        labo = by_tag["BM-0103"]
        self.assertFalse(labo.serial_no, "GLPI's placeholder is not a serial number")
        self.assertFalse(labo.brand)
        self.assertEqual(labo.mac_address, "00:1A:2B:3C:4D:5E")
        self.assertEqual(labo.end_user_id.name, "Émile Garnier")
        self.assertEqual(labo.end_user_id.parent_id, self.customer, "contact created")
        self.assertFalse(by_tag["BM-0090"].serial_no)

    def test_reimport_updates(self):
        self._import()
        first = self._assets()
        content = self.sample.replace(b'"En stock"', b'"En service"')
        _preview, _fields, result = self._import(content)
        self.assertFalse(result["messages"], result["messages"])
        self.assertEqual(self._assets(), first)
        self.assertEqual(
            first.filtered(lambda a: a.inventory_tag == "BM-0103").it_state, "deployed"
        )
        # matched by serial number when the inventory number was not given
        content = self.sample.replace(b'"BM-0104"', b'""')
        _preview, _fields, result = self._import(content)
        self.assertFalse(result["messages"], result["messages"])
        self.assertEqual(self._assets(), first)

    def test_serial_unique_per_customer_and_manufacturer(self):
        self._import()
        nas = self._assets().filtered(lambda a: a.inventory_tag == "BM-0104")
        with (
            self.assertRaises(psycopg2.errors.ExclusionViolation),
            mute_logger("odoo.sql_db"),
            self.env.cr.savepoint(),
        ):
            self._asset(
                name="Autre NAS",
                customer_id=self.customer.id,
                serial_no=nas.serial_no,
                brand="SYNOLOGY",
            )
        other_customer = self._asset(
            name="NAS voisin",
            customer_id=self.customer_b.id,
            serial_no=nas.serial_no,
            brand="Synology",
        )
        self.assertTrue(other_customer, "another customer may own the same serial")
        other = self._asset(name="Autre", customer_id=self.customer.id, serial_no=nas.serial_no)
        self.assertTrue(other, "another manufacturer may reuse it")
        placeholders = self._asset(name="X", serial_no="To Be Filled By O.E.M.") | self._asset(
            name="Y", serial_no="To Be Filled By O.E.M."
        )
        self.assertFalse(any(placeholders.mapped("serial_no")))

    def test_errors_name_line_label_and_value(self):
        self.env["res.lang"]._activate_lang("fr_FR")
        self.env["ir.module.module"]._load_module_terms(["it_park", "maintenance"], ["fr_FR"])
        self.tech_a.lang = "fr_FR"
        content = self.sample.replace(b'"Rebut"', b'"Vol\xe9"').replace(
            b'"00:11:32:AB:CD:EF"', b'"00:11:32:AB:CD"'
        )
        _preview, _fields, result = self._import(content)
        self.assertFalse(result["ids"])
        messages = [m["message"] for m in result["messages"]]
        self.assertIn("Ligne 5, Cycle de vie : « Volé » : statut inconnu.", messages)
        self.assertIn("Ligne 6, Adresse MAC : « 00:11:32:AB:CD » : pas une adresse MAC.", messages)
        self.assertFalse(self._assets(), "nothing written")
        self.assertFalse(
            self.env["res.partner"].search([("name", "=", "Émile Garnier")]),
            "no contact left behind",
        )
