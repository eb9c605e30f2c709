from odoo.exceptions import AccessError
from odoo.tests import TransactionCase, new_test_user, tagged


@tagged("post_install", "-at_install")
class TestSecurity(TransactionCase):
    """Groups, menu visibility, access rows and the multi-company rule of group_finance."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company_a = cls.env.company
        cls.company_b = cls.env["res.company"].create({"name": "Other Co"})
        cls.outsider = new_test_user(cls.env, "outsider", groups="base.group_user")
        cls.user = new_test_user(cls.env, "group_finance_user", groups="group_finance.group_user")
        cls.manager = new_test_user(
            cls.env, "group_finance_manager", groups="group_finance.group_manager"
        )
        cls.user_b = new_test_user(
            cls.env,
            "group_finance_user_b",
            groups="group_finance.group_user",
            company_id=cls.company_b.id,
            company_ids=[cls.company_b.id],
        )
        Model = cls.env["group.finance.charge.type"]
        cls.record_a = Model.create({"name": "A", "code": "a", "company_id": cls.company_a.id})
        cls.record_b = Model.create({"name": "B", "code": "b", "company_id": cls.company_b.id})
        cls.shared = Model.create({"name": "S", "code": "s", "company_id": False})
        cls.menu_root = cls.env.ref("group_finance.menu_root")
        # the menus every user sees (other sub-menus are for accountants or co-managers)
        cls.menu_model = cls.env.ref("group_finance.menu_group_finance_charge_type")

    def _visible_menus(self, user):
        return self.env["ir.ui.menu"].with_user(user)._visible_menu_ids()

    def test_manager_implies_user(self):
        self.assertIn(
            self.env.ref("group_finance.group_user"),
            self.env.ref("group_finance.group_manager").trans_implied_ids,
        )
        self.assertTrue(self.manager.has_group("group_finance.group_user"))
        self.assertFalse(self.user.has_group("group_finance.group_manager"))

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

    def test_user_reads_but_cannot_write(self):
        record = self.record_a.with_user(self.user)
        self.assertEqual(record.name, "A")
        with self.assertRaises(AccessError):
            record.write({"name": "changed"})
        with self.assertRaises(AccessError):
            self.env["group.finance.charge.type"].with_user(self.user).create(
                {"name": "X", "code": "x"}
            )

    def test_manager_manages(self):
        Model = self.env["group.finance.charge.type"].with_user(self.manager)
        record = Model.create({"name": "New", "code": "new"})
        self.assertEqual(record.company_id, self.company_a)
        record.write({"name": "Renamed"})
        record.unlink()
        self.assertFalse(record.exists())

    def test_company_isolation(self):
        Model = self.env["group.finance.charge.type"]
        seen_a = Model.with_user(self.user).search([])
        seen_b = Model.with_user(self.user_b).search([])
        self.assertIn(self.record_a, seen_a)
        self.assertNotIn(self.record_b, seen_a)
        self.assertIn(self.record_b, seen_b)
        self.assertNotIn(self.record_a, seen_b)
        self.assertIn(self.shared, seen_a & seen_b)
        with self.assertRaises(AccessError):
            self.record_a.with_user(self.user_b).read(["name"])
