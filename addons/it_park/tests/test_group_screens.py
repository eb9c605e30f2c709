from lxml import etree

from odoo import Command
from odoo.tests import Form, TransactionCase, tagged
from odoo.tools.safe_eval import safe_eval

from .common import ItParkServiceCommon


@tagged("post_install", "-at_install")
class TestGroupScreens(ItParkServiceCommon, TransactionCase):
    """Every screen of every it_park menu opens for each group that sees the menu, as the web
    client opens it: the list (its fields read), an existing record's form (``Form`` reads
    every field of the view, sub-lists included) and the new-record form where the group may
    create. A menu shown to a group that cannot read its model fails here."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.ticket = cls._ticket(user_id=cls.tech_a.id)
        cls.env["account.analytic.line"].create(
            {
                "name": "Diagnostic",
                "it_ticket_id": cls.ticket.id,
                "unit_amount": 1.0,
                "user_id": cls.tech_a.id,
            }
        )
        wizard = cls.env["it.consumable.delivery.wizard"].create(
            {
                "asset_id": cls.asset.id,
                "ticket_id": cls.ticket.id,
                "is_parts": True,
                "line_ids": [Command.create({"product_id": cls.part.id, "quantity": 1})],
            }
        )
        wizard.action_deliver()
        cls.intervention = cls.ticket.action_it_create_intervention()
        cls.contract.write({"name": cls.contract.name})
        cls.env["contract.modification"].create(
            {"contract_id": cls.contract.id, "date": cls.TODAY, "description": "Ajout du NAS"}
        )
        cls.software = cls.env["it.software"].create({"name": "Antivirus Pro"})
        cls.env["it.license"].create(
            {
                "name": "Antivirus 10 postes",
                "software_id": cls.software.id,
                "seats": 10,
                "license_type": "perpetual",
            }
        )
        cls.part.product_tmpl_id.is_it_consumable = True
        cls.root = cls.env.ref("it_park.menu_root")

    def _menus(self, user):
        visible = self.env["ir.ui.menu"].with_user(user)._visible_menu_ids()
        menus = self.env["ir.ui.menu"].search([("id", "child_of", self.root.id)])
        return menus.filtered(lambda menu: menu.id in visible and menu.action)

    @staticmethod
    def _spec(arch):
        """The fields a list/kanban/calendar view reads (top-level ones)."""
        spec = {}
        for node in etree.fromstring(arch).iter("field"):
            if not any(parent.tag == "field" for parent in node.iterancestors()):
                spec[node.get("name")] = {}
        return spec

    def _open_window_action(self, user, action):
        context = safe_eval(action.context or "{}", {"uid": user.id, "active_id": False})
        domain = safe_eval(action.domain or "[]", {"uid": user.id})
        Model = self.env[action.res_model].with_user(user).with_context(**context)
        views = list(action.views)
        self.assertTrue(Model.has_access("read"), f"{user.login} cannot read {action.res_model}")
        result = Model.get_views(views)
        fields_info = result["models"][action.res_model]["fields"]
        record = Model.search(domain, limit=1)
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
            if action._name == "ir.actions.act_window":
                with self.subTest(user=user.login, menu=menu.complete_name):
                    self._open_window_action(user, action)
                opened.add(action.res_model)
            else:
                self.assertTrue(action.with_user(user).has_access("read"))
        return opened

    def test_technician_opens_every_screen(self):
        opened = self._open_every_screen(self.tech_a)
        self.assertTrue(
            {"helpdesk.ticket", "maintenance.request", "contract.contract"} <= opened, opened
        )

    def test_manager_opens_every_screen(self):
        opened = self._open_every_screen(self.manager_a)
        self.assertIn("it.service.level", opened)

    def test_technician_ticket_parts_and_contract(self):
        """The forms the issue names: a ticket with its parts and time, an intervention with
        its parts, a contract with its modifications, a new ticket from an asset."""
        ticket = self.ticket.with_user(self.tech_a)
        self.assertTrue(ticket.it_move_ids)
        form = Form(ticket)
        self.assertEqual(len(form.it_move_ids), 1)
        self.assertEqual(len(form.it_timesheet_ids), 1)
        Form(
            self.env["maintenance.request"]
            .browse(self.intervention["res_id"])
            .with_user(self.tech_a)
        )
        contract = self.contract.with_user(self.tech_a)
        form = Form(contract, view="contract.contract_contract_customer_form_view")
        self.assertTrue(form.modification_ids)
        action = self.asset.with_user(self.tech_a).action_it_new_ticket()
        Model = self.env["helpdesk.ticket"].with_user(self.tech_a).with_context(**action["context"])
        with Form(Model) as new:
            new.team_id = self.team_a
            new.description = "<p>Le NAS ne démarre plus.</p>"
        self.assertEqual(new.record.it_asset_ids, self.asset)

    def test_technician_reads_nothing_more(self):
        """No write on contracts, no stock operations of his own, no configuration."""
        for model, perm in (
            ("contract.contract", "write"),
            ("contract.modification", "write"),
            ("stock.move", "write"),
            ("stock.picking", "read"),
            ("it.service.level", "write"),
            ("it.asset.category", "write"),
        ):
            with self.subTest(model=model, perm=perm):
                self.assertFalse(self.env[model].with_user(self.tech_a).has_access(perm))
