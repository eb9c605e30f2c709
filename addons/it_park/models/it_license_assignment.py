from odoo import Command, api, fields, models
from odoo.exceptions import ValidationError


class ItLicenseAssignment(models.Model):
    """One seat of a licence, given to an asset or to a user (contact of the customer)."""

    _name = "it.license.assignment"
    _description = "Licence Seat Assignment"
    _order = "license_id, id"
    _check_company_auto = True

    license_id = fields.Many2one(
        "it.license", string="Licence", required=True, ondelete="cascade", index=True
    )
    asset_id = fields.Many2one(
        "maintenance.equipment",
        index=True,
        check_company=True,
        domain="[('is_it_asset', '=', True)]",
    )
    partner_id = fields.Many2one("res.partner", string="User", index=True)
    date = fields.Date(default=fields.Date.context_today)
    company_id = fields.Many2one(
        related="license_id.company_id", store=True, index=True, string="Company"
    )

    @api.model_create_multi
    def create(self, vals_list):
        seats = super().create(vals_list)
        # a seat given to an asset means its software is installed there
        for seat in seats.filtered("asset_id").sudo():
            if seat.license_id.software_id not in seat.asset_id.it_software_ids:
                seat.asset_id.it_software_ids = [Command.link(seat.license_id.software_id.id)]
        return seats

    @api.constrains("asset_id", "partner_id", "license_id")
    def _check_target(self):
        for seat in self:
            if bool(seat.asset_id) == bool(seat.partner_id):
                raise ValidationError(
                    self.env._("A seat is assigned to exactly one asset or one user.")
                )
            customer = seat.license_id.customer_id.commercial_partner_id
            owner = (seat.asset_id.customer_id or seat.partner_id).commercial_partner_id
            if customer and owner and owner != customer:
                raise ValidationError(
                    self.env._(
                        "The seat of %(licence)s must go to an asset or user of its customer.",
                        licence=seat.license_id.display_name,
                    )
                )
