from lxml import etree

from odoo.tests import Form, TransactionCase, tagged
from odoo.tools.safe_eval import safe_eval

from .common import FleetStockCommon


@tagged("post_install", "-at_install")
class TestMenus(FleetStockCommon, TransactionCase):
    """Every screen behind every Fleet & Stock menu opens for each group that sees the menu,
    as the web client opens it: the list (its fields read), an existing record's form (``Form``
    reads every field of the view, sub-lists included) and the new-record form where the group
    may create. A menu shown to a group that cannot read what it shows fails here."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.root = cls.env.ref("fleet_stock.menu_root")
        cls.env["fs.vehicle.accessory"].create(
            {"vehicle_id": cls.truck.id, "product_id": cls.brush.id, "quantity": 1}
        )

    def _menus(self, user):
        visible = self.env["ir.ui.menu"].with_user(user)._visible_menu_ids()
        menus = self.env["ir.ui.menu"].search([("id", "child_of", self.root.id)])
        return menus.filtered(lambda menu: menu.id in visible and menu.action)

    @staticmethod
    def _spec(arch):
        spec = {}
        for node in etree.fromstring(arch).iter("field"):
            if not any(parent.tag == "field" for parent in node.iterancestors()):
                spec[node.get("name")] = {}
        return spec

    def _open_window_action(self, user, action):
        context = safe_eval(action.context or "{}", {"uid": user.id, "active_id": False})
        domain = safe_eval(action.domain or "[]", {"uid": user.id})
        Model = (
            self.env[action.res_model]
            .with_user(user)
            .with_company(self.company)
            .with_context(**context)
        )
        self.assertTrue(Model.has_access("read"), f"{user.login} cannot read {action.res_model}")
        result = Model.get_views(list(action.views))
        fields_info = result["models"][action.res_model]["fields"]
        record = Model.search(domain, limit=1) if not Model._transient else Model.browse()
        for kind, view in result["views"].items():
            if kind in ("list", "kanban", "calendar"):
                spec = {
                    name: {"fields": {"display_name": {}}}
                    if fields_info.get(name, {}).get("relation")
                    else {}
                    for name in self._spec(view["arch"])
                    if name in fields_info
                }
                Model.web_search_read(domain, spec, limit=80)
            elif kind == "form":
                if record:
                    Form(record, view=view["id"])
                if Model.has_access("create"):
                    Form(Model, view=view["id"])
        return record

    def _open_every_screen(self, user):
        opened = set()
        for menu in self._menus(user):
            action = menu.action.sudo()
            with self.subTest(user=user.login, menu=menu.complete_name):
                if action._name == "ir.actions.act_window":
                    self._open_window_action(user, action)
                    opened.add(action.res_model)
                elif action._name == "ir.actions.act_url":
                    # the dashboard page: its controller reads the figures as the user
                    self.assertEqual(action.url, "/fleet_stock/dashboard")
                    self.assertTrue(user.has_group("fleet_stock.group_manager"))
                    data = self.env["fs.dashboard"].with_user(user)._get_data()
                    self.assertIn("stock", data)
                    opened.add(action.url)
                else:
                    self.fail(f"unexpected action {action._name} on {menu.complete_name}")
        return opened

    def test_operator_opens_every_screen(self):
        """The field operator, with Fleet & Stock / User only: their interventions (list,
        calendar, form with the planned and used articles) and the stock move form."""
        self.assertEqual(
            self.operator.groups_id.filtered(lambda g: g.category_id.name == "Fleet & Stock"),
            self.env.ref("fleet_stock.group_user"),
        )
        opened = self._open_every_screen(self.operator)
        self.assertEqual(opened, {"project.task", "fs.stock.move.wizard"})
        form = Form(self.task.with_user(self.operator), view="project.view_task_form2")
        self.assertEqual(form.fs_vehicle_id, self.truck)
        wizard = Form(self.env["fs.stock.move.wizard"].with_user(self.operator))
        wizard.task_id = self.task
        self.assertEqual(wizard.depot_id, self.truck_loc)

    def test_manager_opens_every_screen(self):
        opened = self._open_every_screen(self.storekeeper)
        self.assertTrue(
            {
                "project.task",
                "fleet.vehicle",
                "fs.vehicle.check",
                "stock.warehouse.orderpoint",
                "purchase.order",
                "fs.move.reason",
                "fs.stock.value.report",
                "fs.fleet.cost.report",
            }
            <= opened,
            opened,
        )
