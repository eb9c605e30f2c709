import re

import lxml.html

from odoo.tests import HttpCase, tagged

from .common import ItParkPortalCommon
from .test_french_screens import SAME_IN_FRENCH


@tagged("post_install", "-at_install")
class TestFrenchPages(ItParkPortalCommon, HttpCase):
    """The portal pages a French customer opens read French, including the parts of core,
    helpdesk_mgmt and contract they show."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["res.lang"]._activate_lang("fr_FR")
        modules = cls.env["ir.module.module"].search([("state", "=", "installed")])
        modules._update_translations("fr_FR")

    def _texts(self, url):
        # a French visitor is sent to /fr/...
        response = self.url_open(url)
        self.assertEqual(response.status_code, 200, url)
        page = lxml.html.fromstring(response.content)
        main = page.xpath("//main") or [page]
        texts = set()
        for node in main[0].iter():
            if not isinstance(node.tag, str) or node.tag in ("script", "style"):
                continue
            for text in (node.text, node.tail, node.get("placeholder"), node.get("title")):
                if text and text.strip():
                    texts.add(" ".join(text.split()))
        return texts

    def test_pages_read_french(self):
        urls = [
            "/my",
            "/my/assets",
            f"/my/assets/{self.asset_a.id}",
            "/my/contracts",
            f"/my/contracts/{self.contract_a.id}",
            "/my/tickets",
            f"/my/ticket/{self.ticket_a.id}",
        ]
        self.authenticate("portal_a", "portal_a")
        self.opener.cookies.set("frontend_lang", "en_US")
        english = {url: self._texts(url) for url in urls}
        self.portal_a.lang = "fr_FR"
        self.authenticate("portal_a", "portal_a")
        self.opener.cookies.set("frontend_lang", "fr_FR")
        # the records' own names, as the MSP typed them, and the contracts' start note
        # written in the customer's language of the time (test_french_texts)
        data = [
            *(self.asset_a | self.asset_a2).mapped("name"),
            *(self.site_a | self.site_a2 | self.customer_a).mapped("name"),
            *(self.category_pc | self.category_server).mapped("name"),
            self.asset_a.serial_no,
            self.contract_a.name,
            *self.contract_a.contract_line_ids.mapped("name"),
            self.ticket_a.name,
            self.ticket_a.description and "Le NAS répond lentement",
            self.licence_a.name,
            self.licence_a.software_id.name,
            self.intervention_a.name,
            "portal_a",
            "OdooBot",
            "odoo",
            "@example.com",
            "Contract start",
        ]
        left = set()
        for url in urls:
            for text in self._texts(url) & english[url]:
                if (
                    re.search(r"[A-Za-z]{3,}", text)
                    and text not in SAME_IN_FRENCH
                    and not any(fragment in text for fragment in data)
                ):
                    left.add(f"{url}: {text}")
        self.assertFalse(left, "\n" + "\n".join(sorted(left)))
