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
    """Core project's /my/projects, /my/projects/<id>, /my/tasks and core purchase's /my/rfq,
    /my/purchase answer bad parameters with their default view, never a 500 (an unhandled
    error would also be logged as an error, which fails the test)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.portal_user = new_test_user(cls.env, "fs_portal", groups="base.group_portal")
        cls.project = cls.env["project.project"].create(
            {"name": "Chantier centrale Aix", "privacy_visibility": "portal"}
        )
        cls.project.message_subscribe(partner_ids=cls.portal_user.partner_id.ids)
        cls.task = cls.env["project.task"].create(
            {"name": "Nettoyage rangée B", "project_id": cls.project.id}
        )
        cls.task.message_subscribe(partner_ids=cls.portal_user.partner_id.ids)

    def _assert_default_view(self, route, expected=None):
        for query in BAD_QUERIES:
            with self.subTest(route=route, query=query):
                response = self.url_open(f"{route}?{query}", allow_redirects=False)
                self.assertLess(response.status_code, 500, response.text[:500])
                self.assertEqual(response.status_code, 200)
                if expected:
                    self.assertIn(expected, response.text)

    def test_project_pages_bad_parameters(self):
        self.authenticate("fs_portal", "fs_portal")
        self._assert_default_view("/my/projects", "Chantier centrale Aix")
        self._assert_default_view(f"/my/projects/{self.project.id}", "Nettoyage rangée B")
        self._assert_default_view("/my/tasks", "Nettoyage rangée B")

    def test_purchase_pages_bad_parameters(self):
        self.authenticate("fs_portal", "fs_portal")
        self._assert_default_view("/my/rfq")
        self._assert_default_view("/my/purchase")
