import importlib.util

from odoo.exceptions import AccessError
from odoo.tests import TransactionCase, new_test_user, tagged
from odoo.tools.misc import file_path


@tagged("post_install", "-at_install")
class TestSecurity(TransactionCase):
    """Groups, menu visibility, access rows and the multi-company rule of it_park."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company_a = cls.env.company
        cls.company_b = cls.env["res.company"].create({"name": "Other Co"})
        cls.outsider = new_test_user(cls.env, "outsider", groups="base.group_user")
        cls.user = new_test_user(cls.env, "it_park_user", groups="it_park.group_user")
        cls.manager = new_test_user(cls.env, "it_park_manager", groups="it_park.group_manager")
        cls.user_b = new_test_user(
            cls.env,
            "it_park_user_b",
            groups="it_park.group_user",
            company_id=cls.company_b.id,
            company_ids=[cls.company_b.id],
        )
        Model = cls.env["it.asset.category"]
        cls.record_a = Model.create({"name": "A", "code": "a", "company_id": cls.company_a.id})
        cls.record_b = Model.create({"name": "B", "code": "b", "company_id": cls.company_b.id})
        cls.shared = Model.create({"name": "S", "code": "s", "company_id": False})
        cls.menu_root = cls.env.ref("it_park.menu_root")
        cls.menu_model = cls.menu_root.child_id

    def _visible_menus(self, user):
        return self.env["ir.ui.menu"].with_user(user)._visible_menu_ids()

    def test_manager_implies_user(self):
        self.assertIn(
            self.env.ref("it_park.group_user"), self.env.ref("it_park.group_manager").implied_ids
        )
        self.assertTrue(self.manager.has_group("it_park.group_user"))
        self.assertFalse(self.user.has_group("it_park.group_manager"))

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
            self.env["it.asset.category"].with_user(self.user).create({"name": "X", "code": "x"})

    def test_manager_manages(self):
        Model = self.env["it.asset.category"].with_user(self.manager)
        record = Model.create({"name": "New", "code": "new"})
        self.assertEqual(record.company_id, self.company_a)
        record.write({"name": "Renamed"})
        record.unlink()
        self.assertFalse(record.exists())

    def test_company_isolation(self):
        Model = self.env["it.asset.category"]
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
class TestOcaPortalRule(TransactionCase):
    """it_park leaves OCA contract's portal rule as OCA ships it (its own rule adds the
    customer's contracts); databases where an earlier version rewrote it get it back. The
    uninstall side is tests/test_it_park_uninstall.py."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        spec = importlib.util.spec_from_file_location(
            "it_park_migration_18_0_1_1_0",
            file_path("it_park/migrations/18.0.1.1.0/post-migration.py"),
        )
        cls.migration = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(cls.migration)
        cls.rule = cls.env.ref("contract.rule_contract_contract_portal")

    def test_oca_rule_as_oca_ships_it(self):
        self.assertEqual(self.rule.domain_force, self.migration.oca_portal_rule_domain())
        self.assertIn("message_partner_ids", self.rule.domain_force)
        self.assertTrue(self.rule.active)
        self.assertEqual(self.rule.groups, self.env.ref("base.group_portal"))

    def test_migration_restores_the_rewritten_rule(self):
        self.rule.domain_force = self.migration.REWRITTEN
        self.migration.migrate(self.env.cr, "18.0.1.0.0")
        self.rule.invalidate_recordset()
        self.assertEqual(self.rule.domain_force, self.migration.oca_portal_rule_domain())

    def test_migration_leaves_a_domain_changed_by_the_user(self):
        custom = "[('message_partner_ids', 'child_of', [user.commercial_partner_id.id])]"
        self.rule.domain_force = custom
        self.migration.migrate(self.env.cr, "18.0.1.0.0")
        self.rule.invalidate_recordset()
        self.assertEqual(self.rule.domain_force, custom)
