from odoo import models


class AccountPaymentRegister(models.TransientModel):
    _inherit = "account.payment.register"

    def _create_payment_vals_from_wizard(self, batch_result):
        vals = super()._create_payment_vals_from_wizard(batch_result)
        return self._btp_add_site(vals, batch_result)

    def _create_payment_vals_from_batch(self, batch_result):
        vals = super()._create_payment_vals_from_batch(batch_result)
        return self._btp_add_site(vals, batch_result)

    def _btp_add_site(self, vals, batch_result):
        sites = batch_result["lines"].move_id.btp_site_id
        if len(sites) == 1:
            vals["btp_site_id"] = sites.id
        return vals
