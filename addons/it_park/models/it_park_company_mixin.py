from odoo import SUPERUSER_ID, api, models
from odoo.exceptions import AccessError


class ItParkCompanyMixin(models.AbstractModel):
    """Records stay within the companies of the user who creates or moves them.

    Odoo's multi-company record rules are checked on the records *before* a write, not on the
    company written: without this, a user of one company could move an asset, a licence or a
    ticket into another company (and out of their customer's sight). Inherited by it_park's
    models and by the core and OCA models it_park extends; the superuser and sudo (portal
    flows, after their own checks) are not limited.
    """

    _name = "it.park.company.mixin"
    _description = "IT Park: records within the user's companies"

    @api.model_create_multi
    def create(self, vals_list):
        records = super().create(vals_list)
        records._it_park_check_user_companies(records.company_id)
        return records

    def write(self, vals):
        if vals.get("company_id"):
            self._it_park_check_user_companies(self.env["res.company"].browse(vals["company_id"]))
        return super().write(vals)

    def _it_park_check_user_companies(self, companies):
        if self.env.su or self.env.uid == SUPERUSER_ID:
            return
        foreign = companies - self.env.user.company_ids
        if foreign:
            raise AccessError(
                self.env._(
                    "You cannot put a record of %(model)s in %(company)s: you are not a user "
                    "of that company.",
                    model=self.env["ir.model"]._get(self._name).name,
                    company=", ".join(foreign.sudo().mapped("name")),
                )
            )
