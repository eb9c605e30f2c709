from odoo import api, fields, models


class FleetVehicleLogServices(models.Model):
    """A vehicle maintenance (oil change, service, tyres...): parts taken from a depot as
    stock moves when it is done, the garage and its bill, the total cost."""

    _inherit = "fleet.vehicle.log.services"

    fs_engine_hours = fields.Float(string="Engine Hours")
    fs_part_ids = fields.One2many("fs.service.part", "service_id", string="Parts")
    fs_bill_id = fields.Many2one(
        "account.move",
        string="Garage Bill",
        domain="[('move_type', '=', 'in_invoice')]",
        index="btree_not_null",
    )
    fs_parts_cost = fields.Monetary(string="Parts Cost", compute="_compute_fs_costs", store=True)
    fs_total_cost = fields.Monetary(
        string="Total Cost",
        compute="_compute_fs_costs",
        store=True,
        help="Garage cost plus parts from the depots.",
    )
    fs_move_ids = fields.One2many("stock.move", "fs_service_id", string="Part Moves")

    @api.depends("amount", "fs_part_ids.cost")
    def _compute_fs_costs(self):
        for service in self:
            service.fs_parts_cost = sum(service.fs_part_ids.mapped("cost"))
            service.fs_total_cost = service.amount + service.fs_parts_cost

    def write(self, vals):
        res = super().write(vals)
        if vals.get("state") == "done":
            self._fs_done()
        return res

    @api.model_create_multi
    def create(self, vals_list):
        services = super().create(vals_list)
        services.filtered(lambda s: s.state == "done")._fs_done()
        return services

    def _fs_done(self):
        """Take the parts out of their depots and update the vehicle's engine hours."""
        reason = self.env.ref("fleet_stock.fs_move_reason_maintenance")
        Move = self.env["stock.move"].sudo().with_context(fs_user_id=self.env.uid)
        for service in self:
            for part in service.fs_part_ids.filtered(lambda p: not p.move_id):
                move = Move._fs_move(
                    part.product_id,
                    part.quantity,
                    reason,
                    depot=part.location_id,
                    fs_service_id=service.id,
                    fs_vehicle_id=service.vehicle_id.id,
                    fs_bill_id=service.fs_bill_id.id,
                )
                price = part.product_id.with_company(service.company_id).standard_price
                part.write({"move_id": move.id, "price_unit": price})
            vehicle = service.vehicle_id
            if service.fs_engine_hours > vehicle.fs_engine_hours:
                vehicle.fs_engine_hours = service.fs_engine_hours


class FsServicePart(models.Model):
    _name = "fs.service.part"
    _description = "Part Used in a Vehicle Maintenance"
    _check_company_auto = True

    service_id = fields.Many2one(
        "fleet.vehicle.log.services", required=True, ondelete="cascade", index=True
    )
    company_id = fields.Many2one(related="service_id.company_id", store=True)
    currency_id = fields.Many2one(related="service_id.currency_id")
    product_id = fields.Many2one(
        "product.product",
        string="Article",
        required=True,
        check_company=True,
        domain="[('fs_article', '=', True)]",
    )
    quantity = fields.Float(default=1.0, digits="Product Unit of Measure", required=True)
    location_id = fields.Many2one(
        "stock.location",
        string="Depot",
        required=True,
        check_company=True,
        domain="[('fs_depot', '=', True)]",
    )
    price_unit = fields.Float(
        string="Unit Cost", digits="Product Price", help="The article's cost when it was used."
    )
    cost = fields.Monetary(compute="_compute_cost", store=True)
    move_id = fields.Many2one("stock.move", readonly=True, copy=False)

    _sql_constraints = [
        ("quantity_positive", "CHECK(quantity > 0)", "The quantity must be positive."),
    ]

    @api.depends("quantity", "price_unit", "product_id")
    def _compute_cost(self):
        for part in self:
            price = (
                part.price_unit
                or part.product_id.with_company(part.company_id or self.env.company).standard_price
            )
            part.cost = part.quantity * price
