from odoo import Command
from odoo.tests import new_test_user


class BtpCommon:
    """Company settings, a customer, construction products, users of each role, quotes."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True, mail_notrack=True))
        cls.company = cls.env.company
        cls.retention_account = cls.env["account.account"].create(
            {
                "name": "Clients - Retenues de garantie",
                "code": "411799",
                "account_type": "asset_receivable",
                "reconcile": True,
            }
        )
        cls.company.write(
            {
                "btp_retention_account_id": cls.retention_account.id,
                "btp_retention_rate": 5.0,
                "btp_jde_company": "00100",
                "btp_alert_days": 7,
            }
        )
        cls.tax = cls.env["account.tax"].create(
            {"name": "TVA 20 % test", "amount": 20.0, "type_tax_use": "sale"}
        )
        cls.customer = cls.env["res.partner"].create(
            {"name": "SCI Les Terrasses", "is_company": True, "btp_jde_address_number": "10452"}
        )
        cls.site_address = cls.env["res.partner"].create(
            {
                "name": "Chantier rue des Alpes",
                "type": "delivery",
                "parent_id": cls.customer.id,
                "street": "12 rue des Alpes",
                "city": "Grenoble",
            }
        )
        Product = cls.env["product.product"]
        cls.product_lot = Product.create(
            {
                "name": "Gros œuvre (forfait)",
                "type": "service",
                "invoice_policy": "delivery",
                "list_price": 10000.0,
                "taxes_id": [Command.set(cls.tax.ids)],
            }
        )
        cls.product_m2 = Product.create(
            {
                "name": "Enduit de façade (m²)",
                "type": "service",
                "invoice_policy": "delivery",
                "list_price": 45.0,
                "taxes_id": [Command.set(cls.tax.ids)],
            }
        )
        cls.office = new_test_user(cls.env, "t_bureau", groups="btp_light.group_office")
        cls.manager_a = new_test_user(
            cls.env, "t_conducteur_a", groups="btp_light.group_site_manager", email="a@example.com"
        )
        cls.manager_b = new_test_user(
            cls.env, "t_conducteur_b", groups="btp_light.group_site_manager", email="b@example.com"
        )
        cls.technician = new_test_user(cls.env, "t_ouvrier", groups="btp_light.group_user")
        cls.accountant = new_test_user(cls.env, "t_compta", groups="btp_light.group_accountant")

    @classmethod
    def _quote(cls, partner=None, **values):
        """A construction quote: a 10,000.00 lump sum and 120 m² at 45.00 (HT 15,400.00)."""
        partner = partner or cls.customer
        return cls.env["sale.order"].create(
            {
                "partner_id": partner.id,
                "partner_shipping_id": cls.site_address.id
                if partner == cls.customer
                else partner.id,
                "btp_is_construction": True,
                "btp_site_name": "Résidence Les Terrasses",
                "order_line": [
                    Command.create(
                        {
                            "product_id": cls.product_lot.id,
                            "product_uom_qty": 1,
                            "price_unit": 10000.0,
                        }
                    ),
                    Command.create(
                        {
                            "product_id": cls.product_m2.id,
                            "product_uom_qty": 120,
                            "price_unit": 45.0,
                        }
                    ),
                ],
                **values,
            }
        )

    @classmethod
    def _accepted_quote(cls, **values):
        order = cls._quote(**values)
        order.action_confirm()
        return order

    def _progress(self, order, lot, m2):
        line_lot, line_m2 = order.order_line.filtered(
            lambda line: not line.display_type and not line.is_downpayment
        )
        line_lot.btp_progress = lot
        line_m2.btp_progress = m2

    def _post(self, action):
        invoice = (
            self.env["account.move"].browse(action["res_id"])
            if action.get("res_id")
            else (self.env["account.move"].search(action["domain"]))
        )
        invoice.action_post()
        return invoice
