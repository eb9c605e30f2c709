from datetime import date

from odoo import Command
from odoo.tests import new_test_user

from .common import ItParkCase


class ItParkServiceCase(ItParkCase):
    """Part 2 fixtures: a service level, a monthly post-paid maintenance contract of
    customer_a covering an asset (2 hours a month included), a helpdesk team of tech_a, spare
    parts in stock."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.level = cls.env["it.service.level"].create(
            {
                "name": "Gold",
                "response_hours": 2,
                "resolution_hours": 8,
                "ticket_priority": "2",
                "company_id": cls.company_a.id,
            }
        )
        Product = cls.env["product.product"]
        cls.fee_product = Product.create(
            {"name": "Forfait infogérance", "type": "service", "list_price": 300.0}
        )
        cls.hour_product = Product.create(
            {"name": "Heure d'intervention", "type": "service", "list_price": 90.0}
        )
        cls.part = Product.create(
            {"name": "Disque SSD 512 Go", "type": "consu", "is_storable": True, "list_price": 75.0}
        )
        warehouse = cls.env["stock.warehouse"].search(
            [("company_id", "=", cls.company_a.id)], limit=1
        )
        cls.env["stock.quant"]._update_available_quantity(cls.part, warehouse.lot_stock_id, 10)
        cls.asset = cls._asset(name="Serveur NAS", inventory_tag="PL-0001")
        cls.asset_2 = cls._asset(name="PC comptoir 2", inventory_tag="PL-0002")
        cls.contract = cls._contract()
        cls.team_a = cls.env["helpdesk.ticket.team"].create(
            {"name": "Support Lyon", "user_ids": [Command.set(cls.tech_a.ids)]}
        )
        cls.team_other = cls.env["helpdesk.ticket.team"].create({"name": "Support Paris"})
        for user in (cls.tech_a, cls.manager_a, cls.env.user):
            cls.env["hr.employee"].create(
                {"name": user.name, "user_id": user.id, "company_id": cls.company_a.id}
            )

    @classmethod
    def _contract(cls, **values):
        vals = {
            "name": "Infogérance Pharmacie Leroy",
            "partner_id": cls.customer_a.id,
            "contract_type": "sale",
            "company_id": cls.company_a.id,
            "it_contract_kind": "maintenance",
            "it_service_level_id": cls.level.id,
            "it_hours_included": 2.0,
            "it_extra_hour_product_id": cls.hour_product.id,
            "it_hours_extra_price": 80.0,
            "date_start": date(2026, 2, 1),
            "line_recurrence": True,
            "it_asset_ids": [Command.set(cls.asset.ids)],
            "contract_line_ids": [
                Command.create(
                    {
                        "product_id": cls.fee_product.id,
                        "name": "Forfait mensuel infogérance",
                        "date_start": values.get("date_start", date(2026, 2, 1)),
                        "recurring_rule_type": "monthly",
                        "recurring_interval": 1,
                        "recurring_invoicing_type": "post-paid",
                        "quantity": 1,
                        "price_unit": 300.0,
                    }
                )
            ],
        }
        vals.update(values)
        return cls.env["contract.contract"].create(vals)

    @classmethod
    def _ticket(cls, **values):
        vals = {
            "name": "Le NAS ne répond plus",
            "description": "<p>Plus d'accès aux partages depuis ce matin.</p>",
            "partner_id": cls.contact_a.id,
            "team_id": cls.team_a.id,
            "it_asset_ids": [Command.set(cls.asset.ids)],
        }
        vals.update(values)
        return cls.env["helpdesk.ticket"].create(vals)

    @staticmethod
    def _user(env, login, groups, company):
        return new_test_user(
            env, login, groups=groups, company_id=company.id, company_ids=[company.id]
        )
