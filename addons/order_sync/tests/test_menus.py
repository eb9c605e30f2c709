from lxml import etree

from odoo.tests import Form, TransactionCase, new_test_user, tagged

from .common import OrderSyncCommon


@tagged("post_install", "-at_install")
class TestMenus(OrderSyncCommon, TransactionCase):
    """Every order_sync menu a user sees opens, its list and its form, as the web client opens
    them (the views' own field specifications): no menu leads to an access error."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.viewer = new_test_user(cls.env, "os_viewer", groups="order_sync.group_user")
        cls.seller = new_test_user(
            cls.env,
            "os_seller",
            groups="order_sync.group_user,sales_team.group_sale_salesman_all_leads",
        )
        cls.source._sync_as_user(
            "push",
            [
                cls.order_payload("M1", status="ready"),
                cls.order_payload("M2", lines=[{"product_id": "nope", "quantity": 1}]),
            ],
        )
        cls.source.webhook_url = "http://127.0.0.1:9/"
        cls.env["order.sync.webhook"]._enqueue(cls.source, "order.cancelled", "M1", {})
        cls.env["order.sync.reconcile.day"]._cron_reconcile()

    def visible_menus(self, user):
        """The menus under Order Sync that the user's web client shows: visible, and so are all
        their parents (the root included); only those with an action."""
        root = self.env.ref("order_sync.menu_root")
        visible = self.env["ir.ui.menu"].with_user(user).search([("id", "child_of", root.id)])

        def shown(menu):
            return menu in visible and (menu == root or shown(menu.parent_id))

        return visible.sudo().filtered(lambda menu: menu.action and shown(menu))

    def specification(self, view):
        """What the web client reads for a list: the fields of the arch, names of relations."""
        arch = etree.fromstring(view["arch"])
        spec = {}
        for node in arch.iterfind("field"):
            name = node.get("name")
            spec[name] = {"fields": {"display_name": {}}} if node.get("widget") != "handle" else {}
        return spec

    def open_menu(self, user, menu):
        action = menu.action
        self.assertEqual(action._name, "ir.actions.act_window", menu.complete_name)
        model = self.env[action.res_model].with_user(user)
        list_view_id = action.view_id.id if action.view_id.type == "list" else False
        views = model.get_views([(list_view_id, "list"), (False, "form"), (False, "search")])
        list_view = views["views"]["list"]
        fields = model.fields_get()
        spec = {
            name: value if fields[name]["type"] in ("many2one", "many2many", "one2many") else {}
            for name, value in self.specification(list_view).items()
        }
        domain = eval(action.domain or "[]")
        rows = model.web_search_read(domain, spec, limit=80)
        self.assertTrue(rows["records"], f"{menu.complete_name}: nothing to open as {user.login}")
        record = model.browse(rows["records"][0]["id"])
        form = Form(record)  # reads every field of the form view, sub-lists included
        self.assertEqual(form.id, record.id)

    def test_every_menu_opens_for_each_group(self):
        expected = {
            self.viewer: {"Sync Log", "Outgoing Notifications", "Reconciliation", "Sources"},
            self.seller: {
                "App Orders",
                "Sync Log",
                "Outgoing Notifications",
                "Reconciliation",
                "Sources",
            },
            self.manager: {"Sync Log", "Outgoing Notifications", "Reconciliation", "Sources"},
        }
        for user, names in expected.items():
            menus = self.visible_menus(user)
            self.assertEqual(set(menus.mapped("name")), names, user.login)
            for menu in menus:
                with self.subTest(user=user.login, menu=menu.name):
                    self.open_menu(user, menu)

    def test_the_integration_user_has_no_menu(self):
        self.assertFalse(self.visible_menus(self.integration))
