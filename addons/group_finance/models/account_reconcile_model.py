from odoo import models


class AccountReconcileModel(models.Model):
    _inherit = "account.reconcile.model"

    def _apply_rules(self, st_line, partner):
        """A statement line that group_finance's engine matched gets that match first:
        reconciled by OCA when it is certain, pre-filled in OCA's screen otherwise."""
        proposal = st_line._gf_proposal() if st_line else None
        if proposal:
            return {"amls": proposal, "model": self[:1], "auto_reconcile": False}
        return super()._apply_rules(st_line, partner)
