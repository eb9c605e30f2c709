from datetime import date

from odoo.exceptions import AccessError, UserError
from odoo.tests import TransactionCase, new_test_user, tagged

from .common import BtpCommon


@tagged("post_install", "-at_install")
class TestSecurity(BtpCommon, TransactionCase):
    """The prototype's roles: administrator, office, site manager, technician, accountant."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.outsider = new_test_user(cls.env, "t_outsider", groups="base.group_user")
        cls.admin_btp = new_test_user(cls.env, "t_admin_btp", groups="btp_light.group_manager")
        cls.company_b = cls.env["res.company"].create({"name": "Other Co"})
        cls.user_b = new_test_user(
            cls.env,
            "t_btp_user_b",
            groups="btp_light.group_office",
            company_id=cls.company_b.id,
            company_ids=[cls.company_b.id],
        )
        cls.order_a = cls._accepted_quote()
        cls.site_a = cls.order_a.btp_site_id
        cls.site_a.write(
            {"user_id": cls.manager_a.id, "btp_team_user_ids": [(6, 0, cls.technician.ids)]}
        )
        cls.site_b = cls._accepted_quote(btp_site_name="Gymnase Meylan").btp_site_id
        cls.site_b.user_id = cls.manager_b
        cls.ordinary_project = cls.env["project.project"].create({"name": "Interne"})
        Trade = cls.env["btp.trade"]
        cls.trade_a = Trade.create({"name": "A", "code": "a", "company_id": cls.company.id})
        cls.trade_b = Trade.create({"name": "B", "code": "b", "company_id": cls.company_b.id})
        cls.trade_shared = Trade.create({"name": "S", "code": "s", "company_id": False})

    def _visible_menus(self, user):
        return self.env["ir.ui.menu"].with_user(user)._visible_menu_ids()

    def test_group_hierarchy(self):
        self.assertTrue(self.office.has_group("btp_light.group_site_manager"))
        self.assertTrue(self.manager_a.has_group("btp_light.group_user"))
        self.assertTrue(self.admin_btp.has_group("btp_light.group_office"))
        self.assertTrue(self.admin_btp.has_group("btp_light.group_accountant"))
        self.assertTrue(self.accountant.has_group("account.group_account_invoice"))
        self.assertFalse(self.manager_a.has_group("btp_light.group_office"))
        self.assertFalse(self.technician.has_group("btp_light.group_site_manager"))

    def test_menus(self):
        root = self.env.ref("btp_light.menu_root")
        quotes = self.env.ref("btp_light.menu_btp_quote")
        export = self.env.ref("btp_light.menu_btp_jde_export")
        sites = self.env.ref("btp_light.menu_btp_site")
        self.assertNotIn(root.id, self._visible_menus(self.outsider))
        technician_menus = self._visible_menus(self.technician)
        self.assertIn(sites.id, technician_menus)
        self.assertNotIn(quotes.id, technician_menus)
        self.assertIn(quotes.id, self._visible_menus(self.office))
        self.assertNotIn(export.id, self._visible_menus(self.office))
        self.assertIn(export.id, self._visible_menus(self.accountant))

    def test_site_manager_reads_and_changes_own_site_only(self):
        mine = self.site_a.with_user(self.manager_a)
        self.assertEqual(mine.name, "Résidence Les Terrasses")
        mine.write({"date_start": date(2026, 3, 1), "date": date(2026, 6, 30)})
        mine.btp_site_state = "in_progress"
        self.env["project.milestone"].with_user(self.manager_a).create(
            {"name": "Réception", "project_id": self.site_a.id, "deadline": date(2026, 6, 30)}
        )
        with self.assertRaises(AccessError):
            self.site_b.with_user(self.manager_a).read(["name"])
        with self.assertRaises(AccessError):
            self.site_b.with_user(self.manager_a).write({"name": "pris"})
        seen = (
            self.env["project.project"]
            .with_user(self.manager_a)
            .search([("btp_is_site", "=", True)])
        )
        self.assertEqual(seen, self.site_a)
        with self.assertRaises(AccessError):
            self.env["project.project"].with_user(self.manager_a).create(
                {"name": "X", "btp_is_site": True}
            )
        with self.assertRaises(AccessError):
            self.order_a.with_user(self.manager_a).read(["name"])

    def test_technician_reads_team_site_read_only(self):
        site = self.site_a.with_user(self.technician)
        self.assertEqual(site.partner_id, self.customer)
        with self.assertRaises(AccessError):
            site.write({"btp_site_state": "finished"})
        with self.assertRaises(AccessError):
            self.site_b.with_user(self.technician).read(["name"])
        with self.assertRaises(AccessError):
            self.env["project.milestone"].with_user(self.technician).create(
                {"name": "X", "project_id": self.site_a.id}
            )

    def test_office_manages_quotes_and_every_site(self):
        order = self._quote().with_user(self.office)
        order.action_confirm()
        site = order.btp_site_id
        self.assertTrue(site)
        (self.site_a | self.site_b).with_user(self.office).write({"btp_site_state": "in_progress"})
        new_site = (
            self.env["project.project"]
            .with_user(self.office)
            .create({"name": "Nouveau", "btp_is_site": True, "partner_id": self.customer.id})
        )
        self.assertEqual(new_site.privacy_visibility, "followers")
        with self.assertRaises(AccessError):
            self.env["btp.jde.export"].with_user(self.office).create(
                {"date_from": date(2026, 1, 1), "date_to": date(2026, 1, 31)}
            )

    def test_accountant_reads_sites_and_quotes_but_changes_none(self):
        self.assertEqual(self.site_b.with_user(self.accountant).name, "Gymnase Meylan")
        self.assertEqual(self.order_a.with_user(self.accountant).partner_id, self.customer)
        with self.assertRaises(AccessError):
            self.site_b.with_user(self.accountant).write({"name": "x"})
        with self.assertRaises(AccessError):
            self.env["sale.order"].with_user(self.accountant).create(
                {"partner_id": self.customer.id, "btp_is_construction": True}
            )
        export = (
            self.env["btp.jde.export"]
            .with_user(self.accountant)
            .create({"date_from": date(2026, 1, 1), "date_to": date(2026, 1, 31)})
        )
        self.assertEqual(export.company_id, self.company)

    def test_administrator_does_everything(self):
        self.site_b.with_user(self.admin_btp).write({"name": "Gymnase"})
        export = (
            self.env["btp.jde.export"]
            .with_user(self.admin_btp)
            .create({"date_from": date(2026, 2, 1), "date_to": date(2026, 2, 28)})
        )
        export.unlink()
        self.env["btp.trade"].with_user(self.admin_btp).create({"name": "N", "code": "n"})

    def test_site_manager_cannot_invoice(self):
        with self.assertRaises(AccessError):
            self.order_a.with_user(self.manager_a).action_btp_situation()

    def test_progress_only_on_accepted_quotes(self):
        order = self._quote()
        with self.assertRaisesRegex(UserError, "accepted quotes"):
            order.order_line[0].btp_progress = 10

    def test_trade_company_isolation(self):
        Trade = self.env["btp.trade"]
        seen_a = Trade.with_user(self.technician).search([])
        seen_b = Trade.with_user(self.user_b).search([])
        self.assertIn(self.trade_a, seen_a)
        self.assertNotIn(self.trade_b, seen_a)
        self.assertIn(self.trade_b, seen_b)
        self.assertIn(self.trade_shared, seen_a & seen_b)
        with self.assertRaises(AccessError):
            self.trade_a.with_user(self.technician).write({"name": "changed"})

    def test_site_company_isolation(self):
        with self.assertRaises(AccessError):
            self.site_a.with_user(self.user_b).read(["name"])
        self.assertFalse(
            self.env["project.project"].with_user(self.user_b).search([("btp_is_site", "=", True)])
        )
