from odoo.tests import HttpCase, new_test_user, tagged

BAD_QUERIES = (
    "sortby=invalid",
    "groupby=invalid",
    "filterby=invalid",
    "search_in=invalid",
    "date_begin=garbage&date_end=garbage",
    "search=%00",
)


@tagged("post_install", "-at_install")
class TestPortalRobustness(HttpCase):
    """Core sale's /my/quotes and /my/orders answer bad parameters with their default view,
    never a 500 (an unhandled error would also be logged as an error, which fails the test)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.portal_user = new_test_user(cls.env, "crm_portal", groups="base.group_portal")
        product = cls.env["product.product"].create({"name": "Audit de parc", "list_price": 90.0})
        cls.order = cls.env["sale.order"].create(
            {
                "partner_id": cls.portal_user.partner_id.id,
                "order_line": [(0, 0, {"product_id": product.id, "product_uom_qty": 1})],
            }
        )
        cls.order.action_quotation_sent()

    def test_sale_pages_bad_parameters(self):
        self.authenticate("crm_portal", "crm_portal")
        for route in ("/my/quotes", "/my/orders"):
            for query in BAD_QUERIES:
                with self.subTest(route=route, query=query):
                    response = self.url_open(f"{route}?{query}", allow_redirects=False)
                    self.assertLess(response.status_code, 500, response.text[:500])
                    self.assertEqual(response.status_code, 200)
        # the cleaned parameters still show the customer's quotation in the default view
        response = self.url_open("/my/quotes?sortby=invalid&date_begin=x&date_end=y")
        self.assertIn(self.order.name, response.text)
