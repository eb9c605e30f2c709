import csv
import io

from odoo.tests import TransactionCase, tagged
from odoo.tools.misc import file_path

from .common import ItParkCommon


def read_csv(path):
    with open(file_path(path), encoding="utf-8", newline="") as sample:
        rows = list(csv.reader(sample))
    return rows[0], rows[1:]


@tagged("post_install", "-at_install")
class TestImport(ItParkCommon, TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.customer = cls.env["res.partner"].create(
            {"name": "Boulangerie Martin SARL", "is_company": True}
        )
        cls.env["res.partner"].create({"name": "Sophie Martin", "parent_id": cls.customer.id})
        cls.env["it.software"].create(
            [{"name": "Microsoft 365 Business Standard"}, {"name": "Sophos Intercept X"}]
        )
        cls.Asset = cls.env["maintenance.equipment"].with_context(default_is_it_asset=True)

    def test_import_glpi_assets(self):
        fields, rows = read_csv("it_park/data/samples/glpi_assets.csv")
        result = self.Asset.with_user(self.tech_a).load(fields, rows)
        self.assertFalse(result["messages"])
        assets = self.env["maintenance.equipment"].browse(result["ids"])
        self.assertEqual(len(assets), 4)
        pc = assets.filtered(lambda a: a.inventory_tag == "BM-0101")
        self.assertTrue(pc.is_it_asset)
        self.assertEqual(pc.customer_id, self.customer)
        self.assertEqual(pc.end_user_id.name, "Sophie Martin")
        self.assertEqual(pc.it_category_id, self.env.ref("it_park.it_asset_category_computer"))
        self.assertEqual(str(pc.warranty_date), "2026-09-15")
        self.assertEqual(pc.company_id, self.company_a)

    def test_import_licences(self):
        fields, rows = read_csv("it_park/data/samples/glpi_licenses.csv")
        result = self.env["it.license"].with_user(self.manager_a).load(fields, rows)
        self.assertFalse(result["messages"])
        licences = self.env["it.license"].browse(result["ids"])
        self.assertEqual(licences.mapped("seats"), [3, 4])
        self.assertEqual(licences[0].license_key, "M365-BM-TENANT-0001")

    def test_bad_row_reports_its_line_and_imports_nothing(self):
        fields, rows = read_csv("it_park/data/samples/glpi_assets.csv")
        rows[2][fields.index("it_category_id")] = "Grille-pain"  # unknown category
        rows[3][fields.index("warranty_start_date")] = "31/02/2024"  # impossible date
        result = self.Asset.load(fields, rows)
        self.assertFalse(result["ids"])
        errors = [m for m in result["messages"] if m["type"] == "error"]
        self.assertEqual({m["rows"]["from"] for m in errors}, {2, 3})
        self.assertIn("Grille-pain", " ".join(m["message"] for m in errors))
        tags = [row[fields.index("inventory_tag")] for row in rows]
        self.assertFalse(self.env["maintenance.equipment"].search([("inventory_tag", "in", tags)]))

    def test_duplicate_tag_in_file_is_refused(self):
        fields, rows = read_csv("it_park/data/samples/glpi_assets.csv")
        rows[1][fields.index("inventory_tag")] = rows[0][fields.index("inventory_tag")]
        buffer = io.StringIO()
        csv.writer(buffer).writerows([fields, *rows])
        result = self.Asset.load(fields, rows)
        self.assertFalse(result["ids"])
        self.assertTrue(any(m["type"] == "error" for m in result["messages"]))
        self.assertFalse(
            self.env["maintenance.equipment"].search([("inventory_tag", "like", "BM-01")])
        )
