import lxml.etree
import lxml.html

from odoo.tests import HttpCase, tagged

from .common import ItParkPortalCommon


@tagged("post_install", "-at_install")
class TestPortalPages(ItParkPortalCommon, HttpCase):
    """What the customer sees on the portal pages: a breadcrumb that names nothing but the
    asset, hours over the contract's allowance highlighted, the IT park entry of /my at the
    size of the others, and no broken image on the contract page (issue 9, section 5)."""

    def _html(self, url):
        response = self._get(url)
        self.assertEqual(response.status_code, 200, url)
        return lxml.html.fromstring(response.content)

    def _log_hours(self, contract, hours):
        start, _end = contract._it_current_period()
        self.env["hr.employee"].create({"name": "Technicien", "user_id": self.env.user.id})
        self.env["account.analytic.line"].create(
            {
                "name": "Restauration des partages",
                "it_ticket_id": self.ticket_a.id,
                "unit_amount": hours,
                "date": start,
                "user_id": self.env.user.id,
            }
        )
        self.assertEqual(contract.it_hours_consumed, hours)

    def test_asset_breadcrumb_names_only_the_asset(self):
        self.assertFalse(self.ticket_a.closed)
        self.authenticate("portal_a", "portal_a")
        page = self._html(f"/my/assets/{self.asset_a.id}")
        # the open ticket is listed on the page ...
        self.assertIn(self.ticket_a.name, page.text_content())
        crumbs = page.xpath("//ol[contains(@class, 'o_portal_submenu')]")
        self.assertEqual(len(crumbs), 1)
        items = [" ".join(li.text_content().split()) for li in crumbs[0].xpath("./li")]
        # ... but not in the breadcrumb: Home / IT Assets / the asset
        self.assertEqual(items[-2:], ["IT Assets", self.asset_a.name], items)
        text = crumbs[0].text_content()
        for secret in (self.ticket_a.name, "Tickets", self.contract_a.name, self.customer_b.name):
            self.assertNotIn(secret, text)

    def test_hours_over_allowance_highlighted(self):
        self.authenticate("portal_a", "portal_a")
        page = self._html(f"/my/contracts/{self.contract_a.id}")
        self.assertFalse(page.xpath("//*[contains(@class, 'o_it_park_hours_over')]"))
        self._log_hours(self.contract_a, 7.5)
        page = self._html(f"/my/contracts/{self.contract_a.id}")
        over = page.xpath("//dd[contains(@class, 'o_it_park_hours_over')]")
        self.assertEqual(len(over), 1)
        self.assertIn("text-danger", over[0].get("class"))
        self.assertIn("07:30", over[0].text_content())
        listing = self._html("/my/contracts")
        cells = listing.xpath("//td[contains(@class, 'o_it_park_contract_hours')]")
        self.assertEqual(len(cells), 1)
        self.assertIn("o_it_park_hours_over", cells[0].get("class"))

    def test_home_entry_icon_is_a_pictogram(self):
        self.authenticate("portal_a", "portal_a")
        page = self._html("/my")
        icons = page.xpath("//a[@href='/my/assets']//div[contains(@class, 'o_portal_icon')]/img")
        self.assertEqual(len(icons), 1)
        src = icons[0].get("src")
        # the 128 px app icon showed at its own size; the pictograms of core are 50 px SVGs
        self.assertEqual(src, "/it_park/static/src/img/it_assets.svg")
        response = self._get(src)
        self.assertEqual(response.status_code, 200)
        svg = lxml.etree.fromstring(response.content)
        self.assertEqual((svg.get("width"), svg.get("height")), ("50", "50"))

    def test_contract_page_images_exist(self):
        self.assertFalse(self.customer_a.image_128)
        self.contract_a.user_id = self.env.user
        self.authenticate("portal_a", "portal_a")
        response = self._get(f"/my/contracts/{self.contract_a.id}")
        self.assertEqual(response.status_code, 200)
        page = lxml.html.fromstring(response.content)
        images = page.xpath("//img[contains(@class, 'o_portal_contact_img')]")
        self.assertEqual(len(images), 2)
        for image in images:
            src = image.get("src")
            self.assertTrue(src.startswith("data:image/"), src)
        self.assertNotIn("/web/static/src/img/user_menu_avatar.png", response.text)
