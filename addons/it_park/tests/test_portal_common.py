from datetime import date

from odoo import Command, http
from odoo.addons.base.tests.common import DISABLED_MAIL_CONTEXT
from odoo.tests import HttpCase, new_test_user


class ItParkPortalCase(HttpCase):
    """Two customers of the MSP, each with a portal login, assets, a contract and a ticket.

    Shared fixture of the portal tests (no test of its own)."""

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
