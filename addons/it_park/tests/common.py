"""Fixtures shared by the it_park tests, as mixins (put them before the Odoo test class):

- ``ItParkCommon``: two MSP companies, technicians and a manager, customers with a contact and a
  site (backend tests, with ``TransactionCase``);
- ``ItParkServiceCommon``: the same plus a service level, a contract, a helpdesk team and spare
  parts (tickets, interventions, contracts and invoicing);
- ``ItParkPortalCommon``: two customers with a portal login each and their assets, licence,
  contract and ticket (portal tests, with ``HttpCase``).
"""

from datetime import date

from odoo import Command, http
from odoo.addons.base.tests.common import DISABLED_MAIL_CONTEXT
from odoo.tests import new_test_user


class ItParkCommon:
    """Two MSP companies, a technician and a manager in each, a customer with a contact and a
    site per company. Mixed into TransactionCase; no demo data is needed."""

    TODAY = date(2026, 3, 2)

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=False))
        cls.company_a = cls.env.company
        cls.company_b = cls.env["res.company"].create({"name": "Infogérance Sud"})
        cls.tech_a = new_test_user(
            cls.env,
            "tech_a",
            groups="it_park.group_user",
            company_id=cls.company_a.id,
            company_ids=[cls.company_a.id],
        )
        cls.manager_a = new_test_user(
            cls.env,
            "manager_a",
            groups="it_park.group_manager",
            company_id=cls.company_a.id,
            company_ids=[cls.company_a.id],
        )
        cls.tech_b = new_test_user(
            cls.env,
            "tech_b",
            groups="it_park.group_user",
            company_id=cls.company_b.id,
            company_ids=[cls.company_b.id],
        )
        cls.account_manager = new_test_user(cls.env, "am_a", groups="it_park.group_user")
        Partner = cls.env["res.partner"]
        cls.customer_a = Partner.create(
            {"name": "Pharmacie Leroy", "is_company": True, "user_id": cls.account_manager.id}
        )
        cls.contact_a = Partner.create({"name": "Julie Leroy", "parent_id": cls.customer_a.id})
        cls.site_a = Partner.create(
            {"name": "Officine Croix-Rousse", "parent_id": cls.customer_a.id, "type": "other"}
        )
        cls.customer_b = Partner.create({"name": "Garage Moreau", "is_company": True})
        cls.category_pc = cls.env.ref("it_park.it_asset_category_computer")
        cls.Asset = cls.env["maintenance.equipment"].with_context(default_is_it_asset=True)

    @classmethod
    def _asset(cls, **values):
        vals = {
            "name": "PC comptoir",
            "is_it_asset": True,
            "customer_id": cls.customer_a.id,
            "it_category_id": cls.category_pc.id,
            "company_id": cls.company_a.id,
        }
        vals.update(values)
        return cls.env["maintenance.equipment"].create(vals)


class ItParkServiceCommon(ItParkCommon):
    """ItParkCommon plus the service side: a service level, a monthly post-paid maintenance
    contract of customer_a covering an asset (2 hours a month included), a helpdesk team of
    tech_a, spare parts in stock."""

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


class ItParkPortalCommon:
    """Two customers of the MSP, each with a portal login, assets, a licence, a contract and a
    ticket. Mixed into HttpCase (``_get`` and ``_submit_ticket`` use its browser session)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, **DISABLED_MAIL_CONTEXT))
        cls.company = cls.env.company
        Partner = cls.env["res.partner"]
        cls.customer_a = Partner.create({"name": "Pharmacie Leroy", "is_company": True})
        cls.contact_a = Partner.create(
            {
                "name": "Julie Leroy",
                "parent_id": cls.customer_a.id,
                "email": "julie@pharmacie-leroy.example.fr",
            }
        )
        cls.site_a = Partner.create(
            {"name": "Officine Croix-Rousse", "parent_id": cls.customer_a.id, "type": "other"}
        )
        cls.site_a2 = Partner.create(
            {"name": "Officine Part-Dieu", "parent_id": cls.customer_a.id, "type": "other"}
        )
        cls.customer_b = Partner.create({"name": "Garage Moreau", "is_company": True})
        cls.contact_b = Partner.create(
            {
                "name": "Marc Moreau",
                "parent_id": cls.customer_b.id,
                "email": "marc@garage-moreau.example.fr",
            }
        )
        cls.portal_a = new_test_user(
            cls.env, "portal_a", groups="base.group_portal", partner_id=cls.contact_a.id
        )
        cls.portal_b = new_test_user(
            cls.env, "portal_b", groups="base.group_portal", partner_id=cls.contact_b.id
        )
        cls.category_pc = cls.env.ref("it_park.it_asset_category_computer")
        cls.category_server = cls.env.ref("it_park.it_asset_category_server")
        Asset = cls.env["maintenance.equipment"]
        cls.asset_a = Asset.create(
            {
                "name": "Serveur NAS Tour",
                "is_it_asset": True,
                "customer_id": cls.customer_a.id,
                "site_id": cls.site_a.id,
                "it_category_id": cls.category_server.id,
                "inventory_tag": "PL-0001",
                "serial_no": "NAS-SN-4242",
                "company_id": cls.company.id,
                "warranty_start_date": date(2025, 1, 1),
                "warranty_duration": 60,
            }
        )
        cls.asset_a2 = Asset.create(
            {
                "name": "PC comptoir Part-Dieu",
                "is_it_asset": True,
                "customer_id": cls.customer_a.id,
                "site_id": cls.site_a2.id,
                "it_category_id": cls.category_pc.id,
                "inventory_tag": "PL-0002",
                "company_id": cls.company.id,
                "warranty_date": date(2020, 1, 1),
            }
        )
        cls.asset_b = Asset.create(
            {
                "name": "Poste atelier Moreau",
                "is_it_asset": True,
                "customer_id": cls.customer_b.id,
                "it_category_id": cls.category_pc.id,
                "inventory_tag": "GM-0001",
                "serial_no": "GM-SECRET-SN",
                "company_id": cls.company.id,
            }
        )
        software = cls.env["it.software"].create({"name": "Sauvegarde Pro"})
        cls.licence_a = cls.env["it.license"].create(
            {
                "name": "Sauvegarde Pro 5 postes",
                "software_id": software.id,
                "customer_id": cls.customer_a.id,
                "license_type": "perpetual",
                "license_key": "KEY-PHARMA-SECRET-9876",
                "seats": 5,
                "assignment_ids": [Command.create({"asset_id": cls.asset_a.id})],
            }
        )
        cls.level = cls.env["it.service.level"].create(
            {"name": "Or 4h", "response_hours": 4, "resolution_hours": 8}
        )
        cls.contract_a = cls._contract(cls.customer_a, "Maintenance Pharmacie Leroy", cls.asset_a)
        cls.contract_b = cls._contract(cls.customer_b, "Maintenance Garage Moreau", cls.asset_b)
        cls.ticket_b = cls.env["helpdesk.ticket"].create(
            {
                "name": "Garage: écran noir",
                "description": "Secret garage issue",
                "partner_id": cls.contact_b.id,
                "it_asset_ids": [Command.set(cls.asset_b.ids)],
            }
        )
        cls.ticket_a = cls.env["helpdesk.ticket"].create(
            {
                "name": "Pharmacie: NAS lent",
                "description": "Le NAS répond lentement",
                "partner_id": cls.contact_a.id,
                "it_asset_ids": [Command.set(cls.asset_a.ids)],
            }
        )
        cls.intervention_a = cls.env["maintenance.request"].create(
            {
                "name": "Maintenance préventive NAS",
                "equipment_id": cls.asset_a.id,
                "maintenance_type": "preventive",
                "schedule_date": "2026-02-10 09:00:00",
            }
        )

    @classmethod
    def _contract(cls, customer, name, assets):
        return cls.env["contract.contract"].create(
            {
                "name": name,
                "partner_id": customer.id,
                "contract_type": "sale",
                "line_recurrence": False,
                "recurring_rule_type": "monthly",
                "recurring_interval": 1,
                "date_start": date(2026, 1, 1),
                "it_contract_kind": "maintenance",
                "it_service_level_id": cls.level.id,
                "it_hours_included": 6.0,
                "it_asset_ids": [Command.set(assets.ids)],
                "contract_line_ids": [
                    Command.create(
                        {"name": "Forfait maintenance", "quantity": 1, "price_unit": 150.0}
                    )
                ],
            }
        )

    def _get(self, url):
        """GET ``url`` without following redirects."""
        return self.url_open(url, allow_redirects=False)

    def _submit_ticket(self, **values):
        data = {
            "csrf_token": http.Request.csrf_token(self),
            "subject": "Ticket depuis le portail",
            "description": "Description du problème",
        }
        data.update(values)
        return self.url_open("/submitted/ticket", data=data, allow_redirects=False)
