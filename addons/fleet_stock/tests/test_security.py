from odoo.exceptions import AccessError
from odoo.tests import TransactionCase, new_test_user, tagged

from .common import FleetStockCommon


@tagged("post_install", "-at_install")
class TestSecurity(TransactionCase):
    """Groups, menu visibility, access rows and the multi-company rule of fleet_stock."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company_a = cls.env.company
        cls.company_b = cls.env["res.company"].create({"name": "Other Co"})
        cls.outsider = new_test_user(cls.env, "outsider", groups="base.group_user")
        cls.user = new_test_user(cls.env, "fleet_stock_user", groups="fleet_stock.group_user")
        cls.manager = new_test_user(
            cls.env, "fleet_stock_manager", groups="fleet_stock.group_manager"
        )
        cls.user_b = new_test_user(
            cls.env,
            "fleet_stock_user_b",
            groups="fleet_stock.group_user",
            company_id=cls.company_b.id,
            company_ids=[cls.company_b.id],
        )
        Model = cls.env["fleet.check.type"]
        cls.record_a = Model.create({"name": "A", "code": "a", "company_id": cls.company_a.id})
        cls.record_b = Model.create({"name": "B", "code": "b", "company_id": cls.company_b.id})
        cls.shared = Model.create({"name": "S", "code": "s", "company_id": False})
        cls.menu_root = cls.env.ref("fleet_stock.menu_root")
        cls.menu_model = cls.env.ref("fleet_stock.menu_fs_stock_move_wizard")
        cls.menu_manager = cls.env.ref("fleet_stock.menu_fs_article") | cls.env.ref(
            "fleet_stock.menu_fleet_check_type"
        )

    def _visible_menus(self, user):
        return self.env["ir.ui.menu"].with_user(user)._visible_menu_ids()

    def test_manager_implies_user(self):
        self.assertIn(
            self.env.ref("fleet_stock.group_user"),
            self.env.ref("fleet_stock.group_manager").implied_ids,
        )
        self.assertTrue(self.manager.has_group("fleet_stock.group_user"))
        self.assertFalse(self.user.has_group("fleet_stock.group_manager"))

    def test_outsider_sees_no_menu_and_reads_nothing(self):
        self.assertNotIn(self.menu_root.id, self._visible_menus(self.outsider))
        with self.assertRaises(AccessError):
            self.record_a.with_user(self.outsider).read(["name"])

    def test_user_sees_the_app_menu(self):
        self.assertTrue(self.menu_model)
        visible = self._visible_menus(self.user)
        self.assertIn(self.menu_root.id, visible)
        self.assertTrue(set(self.menu_model.ids) <= visible)
        self.assertFalse(set(self.menu_model.ids) & self._visible_menus(self.outsider))
        self.assertFalse(set(self.menu_manager.ids) & visible)
        self.assertTrue(set(self.menu_manager.ids) <= self._visible_menus(self.manager))

    def test_user_reads_but_cannot_write(self):
        record = self.record_a.with_user(self.user)
        self.assertEqual(record.name, "A")
        with self.assertRaises(AccessError):
            record.write({"name": "changed"})
        with self.assertRaises(AccessError):
            self.env["fleet.check.type"].with_user(self.user).create({"name": "X", "code": "x"})

    def test_manager_manages(self):
        Model = self.env["fleet.check.type"].with_user(self.manager)
        record = Model.create({"name": "New", "code": "new"})
        self.assertEqual(record.company_id, self.company_a)
        record.write({"name": "Renamed"})
        record.unlink()
        self.assertFalse(record.exists())

    def test_company_isolation(self):
        Model = self.env["fleet.check.type"]
        seen_a = Model.with_user(self.user).search([])
        seen_b = Model.with_user(self.user_b).search([])
        self.assertIn(self.record_a, seen_a)
        self.assertNotIn(self.record_b, seen_a)
        self.assertIn(self.record_b, seen_b)
        self.assertNotIn(self.record_a, seen_b)
        self.assertIn(self.shared, seen_a & seen_b)
        with self.assertRaises(AccessError):
            self.record_a.with_user(self.user_b).read(["name"])


@tagged("post_install", "-at_install")
class TestOperatorRights(FleetStockCommon, TransactionCase):
    """A field operator sees only their own interventions; accessories and reasons are
    isolated per company."""

    def test_operator_sees_own_interventions_only(self):
        Task = self.env["project.task"].with_user(self.operator)
        seen = Task.search([("project_id", "=", self.project.id)])
        self.assertEqual(seen, self.task)
        with self.assertRaises(AccessError):
            self.other_task.with_user(self.operator).read(["name"])
        self.assertIn(
            self.other_task,
            self.env["project.task"].with_user(self.storekeeper).search([]),
        )

    def test_operator_reads_moves_but_cannot_write_them(self):
        move = self._move(
            self.operator, self.filter, 1, "intervention", self.truck_loc, task=self.task
        )
        self.assertEqual(move.with_user(self.operator).product_id, self.filter)
        with self.assertRaises(AccessError):
            move.with_user(self.operator).write({"product_uom_qty": 10})

    def test_accessories_isolated_per_company(self):
        accessory = self.env["fs.vehicle.accessory"].create(
            {"vehicle_id": self.truck.id, "product_id": self.brush.id, "quantity": 1}
        )
        self.assertEqual(accessory.company_id, self.company)
        self.assertIn(accessory, self.truck.fs_accessory_ids)
        other = new_test_user(self.env, "fs_user_other_co", groups="fleet_stock.group_user")
        with self.assertRaises(AccessError):
            accessory.with_user(other).read(["quantity"])
        with self.assertRaises(AccessError):
            accessory.with_user(self.operator).write({"quantity": 2})
