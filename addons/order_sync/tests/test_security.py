from odoo.exceptions import AccessError, ValidationError
from odoo.tests import TransactionCase, new_test_user, tagged

from .common import OrderSyncCommon


@tagged("post_install", "-at_install")
class TestSecurity(OrderSyncCommon, TransactionCase):
    """Groups, menus, access rows and the multi-company rules of order_sync."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.outsider = new_test_user(cls.env, "outsider", groups="base.group_user")
        cls.user = new_test_user(cls.env, "order_sync_user", groups="order_sync.group_user")
        cls.user_b = new_test_user(
            cls.env,
            "order_sync_user_b",
            groups="order_sync.group_user",
            company_id=cls.company_b.id,
            company_ids=[cls.company_b.id],
        )
        cls.salesman = new_test_user(
            cls.env,
            "os_salesman",
            groups="order_sync.group_user,sales_team.group_sale_salesman_all_leads",
        )
        cls.shared = cls.env["order.sync.source"].create(
            {
                "name": "Shared",
                "code": "shared",
                "company_id": False,
                "user_id": new_test_user(
                    cls.env, "os_int_shared", groups="order_sync.group_integration"
                ).id,
                "xmlid_module": "shared_app",
                "partner_id": cls.counter.id,
            }
        )
        results = cls.source._sync_as_user("push", [cls.order_payload("S1")])
        results += cls.source_b._sync_as_user("push", [cls.order_payload("S1")])
        cls.order_a, cls.order_b = cls.env["sale.order"].browse([r["order_id"] for r in results])
        cls.event_a, cls.event_b = cls.env["order.sync.event"].browse(
            [r["event_id"] for r in results]
        )
        cls.menu_root = cls.env.ref("order_sync.menu_root")

    def _visible_menus(self, user):
        return self.env["ir.ui.menu"].with_user(user)._visible_menu_ids()

    def test_manager_implies_user(self):
        self.assertIn(
            self.env.ref("order_sync.group_user"),
            self.env.ref("order_sync.group_manager").implied_ids,
        )
        self.assertTrue(self.manager.has_group("order_sync.group_user"))
        self.assertFalse(self.user.has_group("order_sync.group_manager"))
        self.assertFalse(
            self.integration.has_group("order_sync.group_user"), "a bot has no backend"
        )

    def test_menus(self):
        log = self.env.ref("order_sync.menu_order_sync_event").id
        sources = self.env.ref("order_sync.menu_order_sync_source").id
        orders = self.env.ref("order_sync.menu_order_sync_orders").id
        self.assertNotIn(self.menu_root.id, self._visible_menus(self.outsider))
        self.assertNotIn(
            self.menu_root.id, self._visible_menus(self.integration), "no app for bots"
        )
        visible = self._visible_menus(self.user)
        self.assertTrue({self.menu_root.id, log, sources} <= visible)
        self.assertNotIn(orders, visible, "orders need sales rights")
        self.assertIn(orders, self._visible_menus(self.salesman))

    def test_outsider_reads_nothing(self):
        for record in (self.source, self.event_a, self.order_a.order_sync_status_history_ids):
            with self.subTest(model=record._name), self.assertRaises(AccessError):
                record.with_user(self.outsider).read(["id"])

    def test_user_reads_but_cannot_write(self):
        self.assertEqual(self.source.with_user(self.user).name, "Test app")
        counts = self.source.with_user(self.user).read(["order_count", "error_count"])[0]
        self.assertEqual((counts["order_count"], counts["error_count"]), (1, 0))
        self.assertEqual(self.event_a.with_user(self.user).outcome, "created")
        with self.assertRaises(AccessError):
            self.source.with_user(self.user).write({"name": "changed"})
        with self.assertRaises(AccessError):
            self.event_a.with_user(self.user).unlink()
        with self.assertRaises(AccessError):
            self.env["order.sync.source"].with_user(self.user).create(
                {
                    "name": "X",
                    "code": "x",
                    "user_id": self.integration.id,
                    "partner_id": self.counter.id,
                }
            )

    def test_manager_manages(self):
        integration = new_test_user(self.env, "os_int_new", groups="order_sync.group_integration")
        record = (
            self.env["order.sync.source"]
            .with_user(self.manager)
            .create(
                {
                    "name": "New",
                    "code": "new",
                    "user_id": integration.id,
                    "partner_id": self.counter.id,
                }
            )
        )
        self.assertEqual(record.company_id, self.company)
        self.assertEqual(record.xmlid_module, "delivery_app")
        record.write({"name": "Renamed"})
        self.event_a.with_user(self.manager).unlink()
        record.unlink()
        self.assertFalse(record.exists())

    def test_source_checks(self):
        with self.assertRaises(ValidationError):
            self.source.user_id = self.user  # not an integration user
        with self.assertRaises(ValidationError):
            self.source.xmlid_module = "Delivery App"
        with self.assertRaises(ValidationError):
            self.source_b.company_id = self.company  # its user is not in that company

    def test_api_key_generation(self):
        with self.assertRaises(AccessError):
            self.source.with_user(self.user)._generate_api_key()
        key = self.source.with_user(self.manager)._generate_api_key()
        uid = self.env["res.users.apikeys"]._check_credentials(scope="order_sync", key=key)
        self.assertEqual(uid, self.integration.id)
        self.assertFalse(self.env["res.users.apikeys"]._check_credentials(scope="rpc", key=key))

    def test_company_isolation(self):
        Source = self.env["order.sync.source"]
        seen_a = Source.with_user(self.user).search([])
        seen_b = Source.with_user(self.user_b).search([])
        self.assertIn(self.source, seen_a)
        self.assertNotIn(self.source_b, seen_a)
        self.assertIn(self.source_b, seen_b)
        self.assertNotIn(self.source, seen_b)
        self.assertIn(self.shared, seen_a & seen_b)
        with self.assertRaises(AccessError):
            self.source.with_user(self.user_b).read(["name"])
        Event = self.env["order.sync.event"]
        self.assertIn(self.event_a, Event.with_user(self.user).search([]))
        self.assertNotIn(self.event_b, Event.with_user(self.user).search([]))
        with self.assertRaises(AccessError):
            self.event_a.with_user(self.user_b).read(["outcome"])

    def test_integration_user_sees_its_own_things_only(self):
        Event = self.env["order.sync.event"].with_user(self.integration)
        self.assertEqual(Event.search([]), self.event_a)
        with self.assertRaises(AccessError):
            self.event_b.with_user(self.integration).read(["outcome"])
        with self.assertRaises(AccessError):
            self.source.with_user(self.integration).write({"name": "mine"})
        # its orders stay its own after a salesperson was set in Odoo
        self.order_a.user_id = self.salesman
        self.env.invalidate_all()
        self.assertEqual(
            self.order_a.with_user(self.integration).read(["state"])[0]["state"], "draft"
        )
        result = self.set_status("S1", "ready")
        self.assertTrue(result["ok"], result)
