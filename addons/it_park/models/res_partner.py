from odoo import fields, models


class ResPartner(models.Model):
    _inherit = "res.partner"

    it_asset_ids = fields.One2many("maintenance.equipment", "customer_id", string="IT Assets")
    it_asset_count = fields.Integer(compute="_compute_it_asset_count", string="IT Asset Count")

    def _compute_it_asset_count(self):
        counts = dict(
            self.env["maintenance.equipment"]._read_group(
                [("customer_id", "in", self.ids)], ["customer_id"], ["__count"]
            )
        )
        for partner in self:
            partner.it_asset_count = counts.get(partner, 0)

    def action_view_it_assets(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("it_park.it_asset_action")
        action["domain"] = [("customer_id", "=", self.id)]
        action["context"] = {"default_customer_id": self.id, "default_is_it_asset": True}
        return action

    def _it_park_customer_location(self, company):
        """The stock location where ``company`` delivers this customer's consumables: core's
        ``property_stock_customer`` of the customer in that company. When it is still the
        generic Customers location (or a location of another company), a location of the
        customer's own is created under it, owned by ``company`` so that another MSP company
        never sees it, and set as the customer's location in that company."""
        self.ensure_one()
        partner = self.sudo().with_company(company)
        location = partner.property_stock_customer
        generic = self.env.ref("stock.stock_location_customers")
        if location == generic or location.company_id != company:
            location = (
                self.env["stock.location"]
                .sudo()
                .create(
                    {
                        "name": self.name,
                        "usage": "customer",
                        "location_id": generic.id,
                        "company_id": company.id,
                    }
                )
            )
            partner.property_stock_customer = location
        return location
