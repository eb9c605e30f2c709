from odoo import Command
from odoo.exceptions import AccessError, UserError
from odoo.tests import Form, TransactionCase, new_test_user, tagged

from ..api.errors import ERRORS
from ..models.order_sync_event import ERROR_SUMMARIES
from .common import OrderSyncCommon


@tagged("post_install", "-at_install")
class TestBackend(OrderSyncCommon, TransactionCase):
    """The backend as the office lives it: the Sync Log in French, Replay only where it can
    succeed, app orders whose lines and customer stay as the app sent them."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.seller = new_test_user(
            cls.env, "os_seller", groups="sales_team.group_sale_salesman_all_leads"
        )
        cls.sales_manager = new_test_user(
            cls.env,
            "os_sales_manager",
            groups="order_sync.group_manager,sales_team.group_sale_salesman_all_leads",
        )

    def event_of(self, result):
        return self.env["order.sync.event"].browse(result["event_id"])

    def test_sync_log_in_french(self):
        self.env["res.lang"]._activate_lang("fr_FR")
        self.env["ir.module.module"]._load_module_terms(["order_sync"], ["fr_FR"], overwrite=True)
        (result,) = self.push(
            self.order_payload("F1", lines=[{"product_id": "later", "quantity": 1}])
        )
        event = self.event_of(result).with_context(lang="fr_FR")
        self.assertEqual(event.display_name, "Envoi de commande F1")
        self.assertTrue(
            event.error_summary.startswith("Un produit de la commande n'a pas d'identifiant"),
            event.error_summary,
        )
        self.assertEqual(
            self.event_of(result).with_context(lang="en_US").display_name, "Push order F1"
        )
        self.assertEqual(set(ERROR_SUMMARIES), set(ERRORS), "every error code is explained")

    def test_replay_only_where_it_can_succeed(self):
        invalid, unknown = self.push(
            self.order_payload("R1", lines=[{"product_id": "burger", "quantity": -1}]),
            self.order_payload("R2", lines=[{"product_id": "later", "quantity": 1}]),
        )
        invalid, unknown = self.event_of(invalid), self.event_of(unknown)
        self.assertEqual(invalid.error_code, "invalid_value")
        self.assertFalse(invalid.can_replay, "the same payload would be refused again")
        with self.assertRaises(UserError):
            invalid.with_user(self.manager).action_replay()
        self.assertTrue(unknown.can_replay, "the product may be mapped since")
        self.map_product("later", self.soda)
        unknown.with_user(self.manager).action_replay()
        self.assertEqual(unknown.replay_ids.outcome, "created")
        unknown.invalidate_recordset(["can_replay"])
        self.assertFalse(unknown.can_replay, "replayed successfully: not offered again")

    def test_app_order_content_is_read_only(self):
        (result,) = self.push(self.order_payload("L1", status="accepted"))
        order = self.env["sale.order"].browse(result["order_id"]).with_user(self.seller)
        other = self.env["res.partner"].create({"name": "Someone else"})
        attempts = {
            "customer": lambda: order.write({"partner_id": other.id}),
            "line quantity": lambda: order.order_line[0].write({"product_uom_qty": 5}),
            "line price": lambda: order.order_line[0].write({"price_unit": 1}),
            "new line": lambda: order.write(
                {"order_line": [Command.create({"product_id": self.soda.id})]}
            ),
            "deleted line": lambda: order.order_line[0].unlink(),
        }
        for name, attempt in attempts.items():
            with self.subTest(name), self.assertRaises(UserError):
                attempt()
        form = Form(order)
        with self.assertRaises(AssertionError):  # read-only in the form
            form.partner_id = other
        # Odoo's own fields stay editable, and the app still moves the status
        order.write({"note": "Sonner deux fois"})
        self.assertEqual(self.set_status("L1", "ready")["outcome"], "updated")

    def test_manager_unlocks_with_a_logged_reason(self):
        (result,) = self.push(self.order_payload("U1"))
        order = self.env["sale.order"].browse(result["order_id"])
        action = order.with_user(self.sales_manager).action_order_sync_unlock()
        self.assertEqual(action["res_model"], "order.sync.unlock.wizard")
        wizard = (
            self.env["order.sync.unlock.wizard"]
            .with_user(self.sales_manager)
            .create(
                {"order_id": order.id, "reason": "Le client a ajouté une boisson par téléphone"}
            )
        )
        with self.assertRaises(AccessError):
            wizard.with_user(self.seller).action_unlock()
        wizard.action_unlock()
        self.assertTrue(order.order_sync_unlocked)
        self.assertIn("ajouté une boisson", order.message_ids[0].body)
        order.with_user(self.seller).order_line[0].write({"product_uom_qty": 3})
        self.assertEqual(order.order_line[0].product_uom_qty, 3)

    def test_orders_not_from_the_app_are_untouched(self):
        order = self.env["sale.order"].create(
            {
                "partner_id": self.counter.id,
                "order_line": [Command.create({"product_id": self.soda.id})],
            }
        )
        order.with_user(self.seller).order_line.write({"product_uom_qty": 4})
        self.assertEqual(order.order_line.product_uom_qty, 4)
