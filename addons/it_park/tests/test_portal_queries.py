from odoo.tests import HttpCase, tagged

from .common import ItParkPortalCommon


@tagged("post_install", "-at_install")
class TestPortalQueries(ItParkPortalCommon, HttpCase):
    """The query count of /my/assets does not grow with the size of the customer's park."""

    def _add_assets(self, count, start):
        sites = self.site_a | self.site_a2
        categories = self.category_pc | self.category_server
        self.env["maintenance.equipment"].create(
            [
                {
                    "name": f"Poste {n:04d}",
                    "is_it_asset": True,
                    "customer_id": self.customer_a.id,
                    "site_id": sites[n % 2].id,
                    "it_category_id": categories[n % 2].id,
                    "inventory_tag": f"PL-Q{n:04d}",
                    "warranty_date": f"20{20 + n % 10}-06-30",
                    "company_id": self.company.id,
                }
                for n in range(start, start + count)
            ]
        )
        self.env.flush_all()

    def _page_queries(self, url):
        self.url_open(url)  # warm the caches (templates, rules, assets bundles)
        self.env.flush_all()
        self.env.invalidate_all()
        before = self.cr.sql_log_count
        response = self.url_open(url)
        self.assertEqual(response.status_code, 200)
        return self.cr.sql_log_count - before, response.text

    def test_assets_page_query_count_constant(self):
        self.authenticate("portal_a", "portal_a")
        self._add_assets(8, 1)  # 10 assets with the fixture's two
        queries_10, text = self._page_queries("/my/assets")
        self.assertEqual(text.count("o_it_park_portal_asset"), 10)
        self.assertGreater(queries_10, 5, "the HTTP request's queries were not counted")
        self._add_assets(40, 100)  # 50 assets
        queries_50, text = self._page_queries("/my/assets")
        self.assertEqual(text.count("o_it_park_portal_asset"), 50)
        self.assertEqual(queries_50, queries_10, "the /my/assets query count grows with N")
        # absolute guard against a regression that would add queries per page
        with self.assertQueryCount(queries_50):
            self.url_open("/my/assets?filterby=valid&sortby=warranty")
        # the passport does not depend on the park's size either
        passport_50, _text = self._page_queries(f"/my/assets/{self.asset_a.id}")
        self._add_assets(40, 200)
        passport_90, _text = self._page_queries(f"/my/assets/{self.asset_a.id}")
        self.assertEqual(passport_90, passport_50)

    def test_assets_paging(self):
        self._add_assets(85, 1)  # 87 assets with the fixture's two, 80 per page
        self.authenticate("portal_a", "portal_a")
        first = self.url_open("/my/assets?sortby=name").text
        second = self.url_open("/my/assets/page/2?sortby=name").text
        self.assertEqual(first.count("o_it_park_portal_asset"), 80)
        self.assertEqual(second.count("o_it_park_portal_asset"), 7)
        self.assertIn("/my/assets/page/2", first)
        self.assertIn("Serveur NAS Tour", second)  # last by name
        self.assertNotIn("Serveur NAS Tour", first)
