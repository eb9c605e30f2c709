from odoo.tests import new_test_user


class CrmServicesMixin:
    """Shared fixtures: two companies, a salesperson and a manager of each, a
    prospect with a valid SIREN, a service product."""

    @classmethod
    def setUpCrmServices(cls):
        cls.company = cls.env.company
        cls.company_b = cls.env["res.company"].create({"name": "Autre Société SAS"})
        cls.salesperson = new_test_user(
            cls.env,
            "crm_sales",
            groups="crm_services.group_user",
            company_id=cls.company.id,
            company_ids=[cls.company.id],
        )
        cls.manager = new_test_user(
            cls.env,
            "crm_manager",
            groups="crm_services.group_manager",
            company_id=cls.company.id,
            company_ids=[cls.company.id],
        )
        cls.salesperson_b = new_test_user(
            cls.env,
            "crm_sales_b",
            groups="crm_services.group_user",
            company_id=cls.company_b.id,
            company_ids=[cls.company_b.id],
        )
        cls.prospect = cls.env["res.partner"].create(
            {
                "name": "Provence Froid Industrie",
                "is_company": True,
                "crm_category": "prospect",
                # 732 829 320 is a valid SIREN (checksum), NIC 00074 makes a valid SIRET
                "siret": "73282932000074",
            }
        )
        cls.contact = cls.env["res.partner"].create(
            {"name": "Claire Garnier", "parent_id": cls.prospect.id, "function": "Acheteuse"}
        )
        cls.product = cls.env["product.product"].create(
            {"name": "Journée de conseil", "type": "service", "list_price": 900.0}
        )

    @classmethod
    def _quote(cls, partner=None, price=1000.0, user=None, **vals):
        Order = cls.env["sale.order"]
        if user:
            Order = Order.with_user(user)
        return Order.create(
            {
                "partner_id": (partner or cls.prospect).id,
                "order_line": [
                    (
                        0,
                        0,
                        {"product_id": cls.product.id, "product_uom_qty": 1, "price_unit": price},
                    )
                ],
                **vals,
            }
        )
