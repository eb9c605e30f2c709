from odoo import Command, api, fields, models
from odoo.exceptions import UserError


class ItConsumableDeliveryWizard(models.TransientModel):
    """Deliver consumables from the MSP's stock to the customer of an asset.

    Also used for the spare parts consumed on a ticket or an intervention (``is_parts``): the
    stock moves are then linked to the ticket / intervention and its contract, and the parts
    flagged billable are invoiced with the contract's next period.
    """

    _name = "it.consumable.delivery.wizard"
    _description = "Deliver Consumables"

    asset_id = fields.Many2one(
        "maintenance.equipment",
        required=True,
        domain="[('is_it_asset', '=', True)]",
    )
    customer_id = fields.Many2one(related="asset_id.customer_id")
    line_ids = fields.One2many("it.consumable.delivery.wizard.line", "wizard_id", string="Lines")
    is_parts = fields.Boolean(string="Spare Parts")
    ticket_id = fields.Many2one("helpdesk.ticket")
    request_id = fields.Many2one("maintenance.request", string="Intervention")

    @api.model
    def default_get(self, fields_list):
        values = super().default_get(fields_list)
        asset = self.env["maintenance.equipment"].browse(values.get("asset_id"))
        if (
            asset
            and "line_ids" in fields_list
            and not values.get("line_ids")
            and not values.get("is_parts")
        ):
            values["line_ids"] = [
                Command.create({"product_id": product.id, "quantity": 1.0})
                for product in asset.asset_model_id.consumable_product_ids[:1]
            ]
        return values

    @api.model
    def _action_open_parts(self, asset, ticket, request=None):
        """The wizard in spare-parts mode for a ticket or an intervention (its buttons)."""
        context = {
            "default_asset_id": asset.id,
            "default_ticket_id": ticket.id,
            "default_is_parts": True,
        }
        if request:
            context["default_request_id"] = request.id
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Consume Parts"),
            "res_model": self._name,
            "view_mode": "form",
            "target": "new",
            "context": context,
        }

    def action_deliver(self):
        """Create and validate the delivery; returns the picking."""
        self.ensure_one()
        asset = self.asset_id
        asset.check_access("write")
        for origin in (self.ticket_id, self.request_id):
            if origin:
                origin.check_access("write")
        if not asset.customer_id:
            raise UserError(self.env._("The asset %(asset)s has no customer.", asset=asset.name))
        lines = self.line_ids.filtered(lambda line: line.quantity > 0)
        if not lines:
            raise UserError(self.env._("Add at least one consumable with a quantity."))
        company = asset.company_id
        env = self.env(su=True, context=dict(self.env.context, allowed_company_ids=company.ids))
        warehouse = env["stock.warehouse"].search([("company_id", "=", company.id)], limit=1)
        if not warehouse:
            raise UserError(self.env._("The company %(c)s has no warehouse.", c=company.name))
        destination = asset.customer_id.commercial_partner_id.with_env(
            env
        )._it_park_customer_location(company)
        picking_type = warehouse.out_type_id
        picking = env["stock.picking"].create(
            {
                "picking_type_id": picking_type.id,
                "partner_id": asset.customer_id.id,
                "location_id": warehouse.lot_stock_id.id,
                "location_dest_id": destination.id,
                "origin": asset.inventory_tag or asset.name,
                "company_id": company.id,
                "move_ids": [
                    Command.create(
                        {
                            "name": line.product_id.display_name,
                            "product_id": line.product_id.id,
                            "product_uom_qty": line.quantity,
                            "product_uom": line.product_id.uom_id.id,
                            "location_id": warehouse.lot_stock_id.id,
                            "location_dest_id": destination.id,
                            "company_id": company.id,
                            **self._it_park_move_values(line),
                        }
                    )
                    for line in lines
                ],
            }
        )
        picking.action_confirm()
        for move in picking.move_ids:
            move.quantity = move.product_uom_qty
            move.picked = True
        picking.with_context(skip_backorder=True, skip_sms=True).button_validate()
        items = ", ".join(f"{ln.quantity:g} x {ln.product_id.display_name}" for ln in lines)
        if self.is_parts:
            body = self.env._(
                "Parts consumed on %(what)s: %(ref)s (%(items)s)",
                what=(self.request_id or self.ticket_id or asset).display_name,
                ref=picking.name,
                items=items,
            )
        else:
            body = self.env._(
                "Consumables delivered: %(ref)s (%(items)s)", ref=picking.name, items=items
            )
        asset.sudo().message_post(body=body)
        return picking

    def _it_park_move_values(self, line):
        if not self.is_parts:
            return {}
        contract = self.request_id.it_contract_id or self.ticket_id.it_contract_id
        return {
            "it_ticket_id": self.ticket_id.id or self.request_id.it_ticket_id.id,
            "it_request_id": self.request_id.id,
            "it_contract_id": contract.id,
            "it_billable": line.billable,
        }


class ItConsumableDeliveryWizardLine(models.TransientModel):
    _name = "it.consumable.delivery.wizard.line"
    _description = "Deliver Consumables Line"

    wizard_id = fields.Many2one("it.consumable.delivery.wizard", required=True, ondelete="cascade")
    product_id = fields.Many2one(
        "product.product",
        string="Consumable",
        required=True,
        domain="[('is_it_consumable', '=', True)]",
    )
    quantity = fields.Float(default=1.0, digits="Product Unit of Measure")
    billable = fields.Boolean(
        help="Invoice this part with the contract's next period (parts only)."
    )
