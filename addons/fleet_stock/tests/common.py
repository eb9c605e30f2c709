from odoo import Command
from odoo.tests import new_test_user


class FleetStockCommon:
    """A company with its workshop, two trucks carrying stock, a field operator crewing the first
    truck, a storekeeper, articles with stock, and an intervention of the operator."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        env = cls.env
        cls.company = env["res.company"].create({"name": "Solaire Test"})
        cls.warehouse = env["stock.warehouse"].search([("company_id", "=", cls.company.id)])
        cls.workshop = cls.warehouse.lot_stock_id
        cls.workshop.write({"name": "Atelier", "fs_depot": True})
        Location = env["stock.location"]
        cls.truck_loc = Location.create(
            {
                "name": "Porteur 26 T",
                "usage": "internal",
                "fs_depot": True,
                "location_id": cls.warehouse.view_location_id.id,
                "company_id": cls.company.id,
            }
        )
        cls.other_truck_loc = Location.create(
            {
                "name": "Porteur 32 T",
                "usage": "internal",
                "fs_depot": True,
                "location_id": cls.warehouse.view_location_id.id,
                "company_id": cls.company.id,
            }
        )
        company_ctx = {"company_id": cls.company.id, "company_ids": [cls.company.id]}
        cls.operator = new_test_user(
            env, "fs_operator", groups="fleet_stock.group_user", **company_ctx
        )
        cls.other_operator = new_test_user(
            env, "fs_operator2", groups="fleet_stock.group_user", **company_ctx
        )
        cls.storekeeper = new_test_user(
            env, "fs_storekeeper", groups="fleet_stock.group_manager", **company_ctx
        )
        brand = env["fleet.vehicle.model.brand"].create({"name": "Renault Trucks"})
        model = env["fleet.vehicle.model"].create({"name": "D Wide", "brand_id": brand.id})
        Vehicle = env["fleet.vehicle"]
        cls.truck = Vehicle.create(
            {
                "model_id": model.id,
                "license_plate": "FG-418-KL",
                "fs_kind": "carrier",
                "company_id": cls.company.id,
                "fs_location_id": cls.truck_loc.id,
                "fs_user_ids": [Command.set(cls.operator.ids)],
            }
        )
        cls.other_truck = Vehicle.create(
            {
                "model_id": model.id,
                "license_plate": "GB-207-PR",
                "fs_kind": "carrier",
                "company_id": cls.company.id,
                "fs_location_id": cls.other_truck_loc.id,
                "fs_user_ids": [Command.set(cls.other_operator.ids)],
            }
        )
        cls.service_type = env["fleet.service.type"].create(
            {"name": "Vidange", "category": "service"}
        )
        cls.fuel_type = env["fleet.service.type"].create({"name": "Gazole", "category": "fuel"})
        cls.supplier = env["res.partner"].create({"name": "Osmotech Provence"})
        Product = env["product.product"].with_company(cls.company)
        cls.filter = Product.create(
            {
                "name": "Cartouche filtre osmoseur",
                "default_code": "FLT-OSM10",
                "fs_article": True,
                "is_storable": True,
                "standard_price": 14.5,
                "company_id": cls.company.id,
            }
        )
        cls.brush = Product.create(
            {
                "name": "Brosse rotative",
                "default_code": "BRO-110",
                "fs_article": True,
                "is_storable": True,
                "standard_price": 189.0,
                "company_id": cls.company.id,
            }
        )
        Quant = env["stock.quant"]
        for product, location, qty in (
            (cls.filter, cls.workshop, 40),
            (cls.filter, cls.truck_loc, 6),
            (cls.brush, cls.workshop, 3),
        ):
            Quant._update_available_quantity(product, location, qty)
        cls.customer = env["res.partner"].create({"name": "Centrale PV de Lambesc"})
        env["account.journal"].create(
            {"name": "Achats", "type": "purchase", "code": "ACH", "company_id": cls.company.id}
        )
        # operators see the tasks they follow or are assigned to: Odoo's "invited internal
        # users" privacy (project rule task_visibility_rule)
        cls.project = env["project.project"].create(
            {
                "name": "Interventions",
                "company_id": cls.company.id,
                "privacy_visibility": "followers",
            }
        )
        cls.task = env["project.task"].create(
            {
                "name": "Nettoyage centrale de Lambesc",
                "project_id": cls.project.id,
                "partner_id": cls.customer.id,
                "fs_vehicle_id": cls.truck.id,
                "user_ids": [Command.set(cls.operator.ids)],
                "company_id": cls.company.id,
            }
        )
        cls.other_task = env["project.task"].create(
            {
                "name": "Nettoyage toiture Pertuis",
                "project_id": cls.project.id,
                "fs_vehicle_id": cls.other_truck.id,
                "user_ids": [Command.set(cls.other_operator.ids)],
                "company_id": cls.company.id,
            }
        )

    @classmethod
    def _reason(cls, code):
        return cls.env.ref(f"fleet_stock.fs_move_reason_{code}")

    def _qty(self, product, location):
        return self.env["stock.quant"]._get_available_quantity(product, location)

    def _move(self, user, product, qty, code, depot, dest_depot=None, task=None):
        wizard = (
            self.env["fs.stock.move.wizard"]
            .with_user(user)
            .with_company(self.company)
            .create(
                {
                    "product_id": product.id,
                    "quantity": qty,
                    "reason_id": self._reason(code).id,
                    "depot_id": depot.id,
                    "dest_depot_id": dest_depot.id if dest_depot else False,
                    "task_id": task.id if task else False,
                }
            )
        )
        action = wizard.action_confirm()
        return self.env["stock.move"].browse(action["res_id"])
