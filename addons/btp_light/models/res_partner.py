from odoo import api, fields, models
from odoo.exceptions import ValidationError


class ResPartner(models.Model):
    _inherit = "res.partner"

    btp_jde_address_number = fields.Char(
        string="JDE Address Number",
        index=True,
        help="Address number (AN8) of this customer in JD Edwards: up to 8 digits.",
    )

    @api.constrains("btp_jde_address_number")
    def _check_btp_jde_address_number(self):
        for partner in self:
            number = partner.btp_jde_address_number
            if number and not (number.isdigit() and len(number) <= 8):
                raise ValidationError(
                    self.env._(
                        "The JD Edwards address number of %(partner)s must be up to 8 digits "
                        "(got %(number)s).",
                        partner=partner.display_name,
                        number=number,
                    )
                )
