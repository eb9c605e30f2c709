from odoo import Command, http
from odoo.tests import HttpCase, tagged

from .common import ItParkPortalCommon

OK_STATUSES = (200, 302, 303, 400, 404, 405)


@tagged("post_install", "-at_install")
class TestPortalRobustness(ItParkPortalCommon, HttpCase):
    """Every /my/* page of the suite (it_park's, OCA helpdesk_mgmt's and contract's, core
    account's invoices) answers bad parameters with its default view or a 4xx, never a 500 (an
    unhandled error would also be logged as an error, which fails the test)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.invoice_a = cls.env["account.move"].create(
            {
                "move_type": "out_invoice",
                "partner_id": cls.customer_a.id,
                "invoice_line_ids": [
                    Command.create({"name": "Forfait maintenance NAS", "price_unit": 150.0})
                ],
            }
        )
        cls.invoice_a.action_post()

    def _assert_page(self, url, expected=None, method="GET", data=None):
        if method == "POST":
            response = self.url_open(url, data=data, allow_redirects=False)
        else:
            response = self._get(url)
        self.assertIn(response.status_code, OK_STATUSES, f"{url}: {response.text[:500]}")
        if expected and response.status_code == 200:
            self.assertIn(expected, response.text, url)
        return response

    def test_assets_bad_parameters(self):
        self.authenticate("portal_a", "portal_a")
        for query in (
            "search=%00",
            "search=NAS%00&search_in=all",
            "search=NAS&search_in=invalid",
            "sortby=invalid&filterby=invalid",
            "site=abc&category=abc",
            "site=-1&category=99999999999999999999",
            "page=abc",
        ):
            with self.subTest(query=query):
                response = self._assert_page(f"/my/assets?{query}")
                self.assertEqual(response.status_code, 200)
                self.assertNotIn("Poste atelier Moreau", response.text)
        self.assertIn("Serveur NAS Tour", self.url_open("/my/assets?search=NAS%00").text)
        self._assert_page("/my/assets/page/0", "Serveur NAS Tour")
        self._assert_page(f"/my/assets/{self.asset_a.id}?sortby=%00", "Serveur NAS Tour")

    def test_tickets_bad_parameters(self):
        self.authenticate("portal_a", "portal_a")
        for query in (
            "search=%00",
            "search=NAS%00&search_in=all",
            "search=NAS&search_in=invalid",
            "sortby=invalid",
            "groupby=invalid",
            "filterby=invalid",
            "filterby=%00",
            "date_begin=garbage&date_end=garbage",
            "date_begin=2026-01-01&date_end=%00",
            "page=abc",
        ):
            with self.subTest(query=query):
                response = self._assert_page(f"/my/tickets?{query}")
                self.assertEqual(response.status_code, 200)
                self.assertNotIn("Garage: écran noir", response.text)
        # the cleaned parameters still filter: the default view lists the customer's ticket
        self.assertIn("Pharmacie: NAS lent", self.url_open("/my/tickets?sortby=invalid").text)
        self._assert_page(f"/my/ticket/{self.ticket_a.id}?access_token=%00", "NAS lent")
        self._assert_page(f"/my/ticket/{self.ticket_b.id}?access_token=%00")

    def test_contracts_bad_parameters(self):
        self.authenticate("portal_a", "portal_a")
        for query in (
            "sortby=invalid",
            "sortby=%00",
            "date_begin=garbage&date_end=garbage",
            "page=abc",
        ):
            with self.subTest(query=query):
                response = self._assert_page(f"/my/contracts?{query}")
                self.assertEqual(response.status_code, 200)
                self.assertIn("Maintenance Pharmacie Leroy", response.text)
                self.assertNotIn("Maintenance Garage Moreau", response.text)
        self._assert_page(
            f"/my/contracts/{self.contract_a.id}?access_token=%00", "Maintenance Pharmacie Leroy"
        )
        self._assert_page(f"/my/contracts/{self.contract_b.id}?access_token=abc")

    def test_invoices_bad_parameters(self):
        self.authenticate("portal_a", "portal_a")
        for query in (
            "sortby=invalid&filterby=invalid",
            "sortby=%00&filterby=%00",
            "date_begin=garbage&date_end=garbage",
            "page=abc",
        ):
            with self.subTest(query=query):
                response = self._assert_page(f"/my/invoices?{query}")
                self.assertEqual(response.status_code, 200)
                self.assertIn(self.invoice_a.name, response.text)
        url = f"/my/invoices/{self.invoice_a.id}"
        for query in ("report_type=garbage", "amount=abc", "amount=%00", "access_token=%00"):
            with self.subTest(query=query):
                self._assert_page(f"{url}?{query}")

    def test_ticket_routes_bad_parameters(self):
        self.authenticate("portal_a", "portal_a")
        self._assert_page("/my?search=%00")
        self._assert_page("/new/ticket?it_asset_id=abc")
        self._assert_page("/new/ticket?it_asset_id=%00")
        for data in ({"ticket_id": "abc"}, {"ticket_id": "", "stage_id": "abc"}, {}):
            with self.subTest(data=data):
                data = dict(data, csrf_token=http.Request.csrf_token(self))
                response = self._assert_page("/ticket/close", method="POST", data=data)
                self.assertIn(response.status_code, (400, 404))
        self.assertIn(self._get("/ticket/close?ticket_id=abc").status_code, (400, 404, 405))
        before = self.env["helpdesk.ticket"].search_count([])
        for values in ({"category": "abc"}, {"team": "abc"}, {"category": "%00"}):
            with self.subTest(values=values):
                response = self._submit_ticket(**values)
                self.assertIn(response.status_code, OK_STATUSES, response.text[:500])
        # the bad ids are ignored: the tickets are created without category nor team
        self.assertEqual(self.env["helpdesk.ticket"].search_count([]), before + 3)

    def test_timesheets_bad_parameters(self):
        """Core hr_timesheet's /my/timesheets."""
        self.authenticate("portal_a", "portal_a")
        for query in (
            "sortby=invalid",
            "groupby=invalid",
            "filterby=invalid",
            "search_in=invalid",
            "date_begin=garbage&date_end=garbage",
            "search=%00",
            "search=NAS%00&search_in=name",
            "parent_task_id=abc",
        ):
            with self.subTest(query=query):
                response = self._assert_page(f"/my/timesheets?{query}")
                self.assertEqual(response.status_code, 200)
