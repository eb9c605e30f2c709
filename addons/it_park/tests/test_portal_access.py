from datetime import timedelta

import lxml.html

from odoo import fields
from odoo.exceptions import AccessError
from odoo.tests import HttpCase, tagged

from .common import ItParkPortalCommon


@tagged("post_install", "-at_install")
class TestPortalAccess(ItParkPortalCommon, HttpCase):
    """Each /my/ route of it_park shows the customer's own records, and refuses (redirect to
    /my or 403, no data) another customer's ids and tokens."""

    def assertRefused(self, response, *secrets):
        self.assertIn(response.status_code, (303, 302, 403), response.text[:300])
        if response.status_code != 403:
            self.assertTrue(response.headers["Location"].endswith("/my"), response.headers)
        for secret in secrets:
            self.assertNotIn(secret, response.text)

    # record rules

    def test_record_rules_assets(self):
        Asset = self.env["maintenance.equipment"].with_user(self.portal_a)
        self.assertEqual(Asset.search([]), self.asset_a | self.asset_a2)
        with self.assertRaises(AccessError):
            self.asset_b.with_user(self.portal_a).read(["name"])
        with self.assertRaises(AccessError):
            self.asset_a.with_user(self.portal_a).write({"name": "Renamed by portal"})

    def test_record_rules_contracts(self):
        """A customer reads the contracts (and lines) of their own company, not another
        customer's, unless the MSP shared one with them by making them a follower: OCA
        contract's own portal rule, which it_park leaves as OCA ships it."""
        Contract = self.env["contract.contract"].with_user(self.portal_a)
        Line = self.env["contract.line"].with_user(self.portal_a)
        self.assertEqual(Contract.search([]), self.contract_a)
        self.assertEqual(Line.search([]).contract_id, self.contract_a)
        with self.assertRaises(AccessError):
            self.contract_b.with_user(self.portal_a).read(["name"])
        with self.assertRaises(AccessError):
            self.contract_b.contract_line_ids.with_user(self.portal_a).read(["name"])

        self.contract_b.message_subscribe(partner_ids=self.contact_a.ids)
        self.env.flush_all()
        self.assertEqual(Contract.search([]), self.contract_a | self.contract_b)
        self.assertEqual(Line.search([]).contract_id, self.contract_a | self.contract_b)
        # the other customer still does not read contract_a
        with self.assertRaises(AccessError):
            self.contract_a.with_user(self.portal_b).read(["name"])

    # /my home counters

    def test_home_counters(self):
        self.authenticate("portal_a", "portal_a")
        counters = self.make_jsonrpc_request(
            "/my/counters", {"counters": ["it_asset_count", "contract_count"]}
        )
        self.assertEqual(counters["it_asset_count"], 2)
        self.assertEqual(counters["contract_count"], 1)
        home = self.url_open("/my")
        self.assertIn('href="/my/assets"', home.text)

    # /my/assets

    def test_assets_list_only_own(self):
        self.authenticate("portal_a", "portal_a")
        response = self.url_open("/my/assets")
        self.assertEqual(response.status_code, 200)
        self.assertIn("Serveur NAS Tour", response.text)
        self.assertIn("PC comptoir Part-Dieu", response.text)
        self.assertIn("Officine Croix-Rousse", response.text)
        self.assertNotIn("Poste atelier Moreau", response.text)
        self.assertNotIn("GM-0001", response.text)

    def test_assets_filters_and_search(self):
        self.authenticate("portal_a", "portal_a")
        cases = {
            f"site={self.site_a2.id}": "PC comptoir Part-Dieu",
            f"category={self.category_server.id}": "Serveur NAS Tour",
            "filterby=expired": "PC comptoir Part-Dieu",
            "filterby=valid": "Serveur NAS Tour",
            "search=NAS-SN-4242&search_in=serial": "Serveur NAS Tour",
            "search=PL-0002&search_in=tag": "PC comptoir Part-Dieu",
        }
        both = {"Serveur NAS Tour", "PC comptoir Part-Dieu"}
        for query, expected in cases.items():
            with self.subTest(query=query):
                text = self.url_open(f"/my/assets?{query}").text
                self.assertIn(expected, text)
                (other,) = both - {expected}
                self.assertNotIn(f">{other}<", text)

    def test_assets_sorting_and_paging(self):
        self.authenticate("portal_a", "portal_a")
        text = self.url_open("/my/assets?sortby=warranty").text
        self.assertLess(text.index("PC comptoir Part-Dieu"), text.index("Serveur NAS Tour"))
        text = self.url_open("/my/assets?sortby=site").text
        self.assertLess(text.index("Serveur NAS Tour"), text.index("PC comptoir Part-Dieu"))
        # a page beyond the last one shows the last page, never another customer's assets
        text = self.url_open("/my/assets/page/7").text
        self.assertNotIn("Poste atelier Moreau", text)

    def test_assets_filter_on_other_customer_ids(self):
        """Another customer's site or a forged filter value never reveals their assets."""
        self.authenticate("portal_a", "portal_a")
        site_b = self.env["res.partner"].create(
            {"name": "Atelier Moreau", "parent_id": self.customer_b.id, "type": "other"}
        )
        self.asset_b.site_id = site_b
        for query in (f"site={site_b.id}", "site=abc", "filterby=nope", "sortby=id;drop"):
            with self.subTest(query=query):
                response = self.url_open(f"/my/assets?{query}")
                self.assertEqual(response.status_code, 200)
                self.assertNotIn("Poste atelier Moreau", response.text)
                self.assertNotIn("Atelier Moreau", response.text)

    def test_asset_passport_content(self):
        self.env["hr.employee"].create(
            {"name": "Thomas Bernard", "user_id": self.env.user.id, "company_id": self.company.id}
        )
        self.env["account.analytic.line"].create(
            {
                "name": "Remplacement disque",
                "it_request_id": self.intervention_a.id,
                "unit_amount": 2.5,
            }
        )
        part = self.env["product.product"].create({"name": "Disque SSD 1 To", "type": "consu"})
        warehouse = self.env["stock.warehouse"].search([("company_id", "=", self.company.id)])
        self.env["stock.move"].create(
            {
                "name": part.name,
                "product_id": part.id,
                "product_uom_qty": 1,
                "quantity": 1,
                "location_id": warehouse[:1].lot_stock_id.id,
                "location_dest_id": self.env.ref("stock.stock_location_customers").id,
                "it_request_id": self.intervention_a.id,
                "state": "done",
            }
        )
        self.authenticate("portal_a", "portal_a")
        response = self.url_open(f"/my/assets/{self.asset_a.id}")
        self.assertEqual(response.status_code, 200)
        text = response.text
        self.assertIn("Serveur NAS Tour", text)
        self.assertIn("01/01/2030", text)  # warranty end: 2025-01-01 + 60 months
        self.assertIn("Sauvegarde Pro 5 postes", text)  # licence
        self.assertNotIn("KEY-PHARMA-SECRET-9876", text)  # never the licence key
        self.assertIn("Maintenance Pharmacie Leroy", text)  # covering contract
        self.assertIn(f"/my/contracts/{self.contract_a.id}", text)
        self.assertIn("Pharmacie: NAS lent", text)  # open ticket and history
        self.assertIn("Maintenance préventive NAS", text)  # intervention in history
        self.assertIn("02:30", text)  # time spent on the intervention
        self.assertIn("1 x Disque SSD 1 To", text)  # parts consumed
        self.assertIn('name="it_asset_id"', text)  # the "open a ticket" button
        self.assertNotIn("Garage", text)

    def test_asset_passport_upcoming_preventive(self):
        """A preventive intervention planned after today is listed under "Upcoming", not in
        the history."""
        self.env["maintenance.request"].create(
            {
                "name": "Contrôle semestriel NAS",
                "equipment_id": self.asset_a.id,
                "maintenance_type": "preventive",
                "schedule_date": fields.Datetime.now() + timedelta(days=60),
            }
        )
        self.authenticate("portal_a", "portal_a")
        response = self.url_open(f"/my/assets/{self.asset_a.id}")
        self.assertEqual(response.status_code, 200)
        html = lxml.html.fromstring(response.text)
        upcoming = " ".join(html.xpath("//table[contains(@class, 'o_it_park_upcoming')]//text()"))
        history = " ".join(html.xpath("//table[contains(@class, 'o_it_park_history')]//text()"))
        self.assertIn("Contrôle semestriel NAS", upcoming)
        self.assertNotIn("Contrôle semestriel NAS", history)
        self.assertIn("Maintenance préventive NAS", history)  # done in February: history

    def test_asset_passport_other_customer_refused(self):
        self.authenticate("portal_a", "portal_a")
        secrets = ("Poste atelier Moreau", "GM-SECRET-SN", "GM-0001")
        self.assertRefused(self._get(f"/my/assets/{self.asset_b.id}"), *secrets)
        token = self.contract_a._portal_ensure_token()
        self.assertRefused(
            self._get(f"/my/assets/{self.asset_b.id}?access_token={token}"), *secrets
        )
        self.assertRefused(self._get("/my/assets/999999999"))
        # plain (non IT) equipment of the MSP is not an asset of the customer either
        tool = self.env["maintenance.equipment"].create({"name": "Perceuse atelier MSP"})
        self.assertRefused(self._get(f"/my/assets/{tool.id}"), "Perceuse atelier MSP")

    def test_asset_pages_need_login(self):
        response = self._get(f"/my/assets/{self.asset_a.id}")
        self.assertIn("/web/login", response.headers.get("Location", ""))
        self.assertNotIn("Serveur NAS Tour", response.text)
        response = self._get("/my/assets")
        self.assertIn("/web/login", response.headers.get("Location", ""))

    # /my/contracts

    def test_contracts_list(self):
        self.authenticate("portal_a", "portal_a")
        text = self.url_open("/my/contracts").text
        self.assertIn("Maintenance Pharmacie Leroy", text)
        self.assertIn("Serveur NAS Tour", text)  # covered asset
        self.assertIn("06:00", text)  # hours included this period
        self.assertNotIn("Maintenance Garage Moreau", text)

    def test_contracts_list_hides_ended_contracts(self):
        self.contract_a.date_end = "2026-01-31"
        self.authenticate("portal_a", "portal_a")
        self.assertNotIn("Maintenance Pharmacie Leroy", self.url_open("/my/contracts").text)

    def test_contract_page(self):
        self.authenticate("portal_a", "portal_a")
        response = self.url_open(f"/my/contracts/{self.contract_a.id}")
        self.assertEqual(response.status_code, 200)
        self.assertIn("Or 4h", response.text)
        self.assertIn(f"/my/assets/{self.asset_a.id}", response.text)

    def test_contract_page_other_customer_refused(self):
        self.authenticate("portal_a", "portal_a")
        token_a = self.contract_a._portal_ensure_token()
        url = f"/my/contracts/{self.contract_b.id}"
        secrets = ("Maintenance Garage Moreau", "Poste atelier Moreau")
        self.assertRefused(self._get(url), *secrets)
        self.assertRefused(self._get(f"{url}?access_token={token_a}"), *secrets)
        self.assertRefused(self._get(f"{url}?access_token=forged-token"), *secrets)

    # /my/tickets and the new-ticket flow

    def test_tickets_show_assets(self):
        self.authenticate("portal_a", "portal_a")
        text = self.url_open("/my/tickets").text
        self.assertIn("Pharmacie: NAS lent", text)
        self.assertIn(f'href="/my/assets/{self.asset_a.id}"', text)
        self.assertNotIn("Garage: écran noir", text)
        text = self.url_open(f"/my/ticket/{self.ticket_a.id}").text
        self.assertIn(f'href="/my/assets/{self.asset_a.id}"', text)
        self.assertIn("Maintenance Pharmacie Leroy", text)

    def test_ticket_page_other_customer_refused(self):
        self.authenticate("portal_a", "portal_a")
        token_a = self.ticket_a._portal_ensure_token()
        url = f"/my/ticket/{self.ticket_b.id}"
        self.assertRefused(self._get(url), "Garage: écran noir", "Secret garage issue")
        self.assertRefused(
            self._get(f"{url}?access_token={token_a}"), "Garage: écran noir", "Poste atelier"
        )

    def test_new_ticket_form_prefilled_with_own_asset(self):
        self.authenticate("portal_a", "portal_a")
        text = self.url_open(f"/new/ticket?it_asset_id={self.asset_a.id}").text
        self.assertIn(f'name="it_asset_id" value="{self.asset_a.id}"', text)
        self.assertIn("Serveur NAS Tour", text)

    def test_new_ticket_form_ignores_other_customer_asset(self):
        self.authenticate("portal_a", "portal_a")
        text = self.url_open(f"/new/ticket?it_asset_id={self.asset_b.id}").text
        self.assertNotIn("Poste atelier Moreau", text)
        self.assertNotIn('name="it_asset_id"', text)

    def test_submit_ticket_on_own_asset(self):
        self.authenticate("portal_a", "portal_a")
        response = self._submit_ticket(it_asset_id=self.asset_a.id, subject="NAS plein")
        ticket = self.env["helpdesk.ticket"].search([("name", "=", "NAS plein")])
        self.assertEqual(len(ticket), 1)
        self.assertTrue(response.headers["Location"].endswith(f"/my/ticket/{ticket.id}"))
        self.assertEqual(ticket.it_asset_ids, self.asset_a)
        self.assertEqual(ticket.it_contract_id, self.contract_a)
        self.assertEqual(ticket.partner_id, self.contact_a)
        self.assertIn(ticket, self.asset_a.it_ticket_ids)

    def test_submit_ticket_on_other_customer_asset_refused(self):
        self.authenticate("portal_a", "portal_a")
        Ticket = self.env["helpdesk.ticket"]
        before = Ticket.search_count([])
        for asset_id in (self.asset_b.id, "999999999", "not-an-id"):
            with self.subTest(asset_id=asset_id):
                response = self._submit_ticket(it_asset_id=asset_id, subject="Intrusion")
                self.assertEqual(response.status_code, 403)
                self.assertNotIn("Poste atelier Moreau", response.text)
        self.assertEqual(Ticket.search_count([]), before)
        self.assertFalse(Ticket.search([("name", "=", "Intrusion")]))
        self.assertEqual(self.asset_b.it_ticket_ids, self.ticket_b)

    # /my/invoices (core) with the contracts' invoices

    def test_invoices_of_the_contracts(self):
        due = max(self.contract_a.recurring_next_date, self.contract_b.recurring_next_date)
        self.env["contract.contract"].cron_recurring_create_invoice(due)
        invoices = self.env["account.move"].search([("it_contract_id", "!=", False)])
        invoice_a = invoices.filtered(lambda inv: inv.partner_id == self.customer_a)
        invoice_b = invoices.filtered(lambda inv: inv.partner_id == self.customer_b)
        self.assertEqual(len(invoice_a), 1, self.contract_a.it_invoice_error)
        self.assertEqual(len(invoice_b), 1)
        self.assertEqual(invoice_a.state, "posted")
        self.authenticate("portal_a", "portal_a")
        text = self.url_open("/my/invoices").text
        self.assertIn(invoice_a.name, text)
        self.assertNotIn(invoice_b.name, text)
        response = self.url_open(f"/my/invoices/{invoice_a.id}?report_type=html")
        self.assertEqual(response.status_code, 200)
        self.assertIn("Forfait maintenance", response.text)
        token_a = invoice_a._portal_ensure_token()
        for query in ("", "?report_type=pdf", f"?access_token={token_a}&report_type=pdf"):
            with self.subTest(query=query):
                self.assertRefused(
                    self._get(f"/my/invoices/{invoice_b.id}{query}"), "Garage Moreau"
                )
