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
        """The stock location of this customer for ``company`` (created on first use).

        It is a child of the generic Customers location, owned by ``company`` so that another
        MSP company never sees it.
        """
        self.ensure_one()
        Location = self.env["stock.location"].sudo()
        location = Location.search(
            [("it_customer_id", "=", self.id), ("company_id", "=", company.id)], limit=1
        )
        if not location:
            location = Location.create(
                {
                    "name": self.name,
                    "usage": "customer",
                    "location_id": self.env.ref("stock.stock_location_customers").id,
                    "company_id": company.id,
                    "it_customer_id": self.id,
                }
            )
        return location
