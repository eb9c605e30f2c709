from collections import defaultdict

from odoo import models


class MailActivity(models.Model):
    _inherit = "mail.activity"

    def _action_done(self, feedback=False, attachment_ids=None):
        """An activity done (call, email, meeting, visit) moves its customer's last
        activity date: collected before super(), which deletes the activities."""
        partners = self._crm_partners()
        result = super()._action_done(feedback=feedback, attachment_ids=attachment_ids)
        partners._crm_touch()
        return result

    def _crm_partners(self):
        """The partners these activities are about: the partner itself, or the
        ``partner_id`` of the document (quote, contract, invoice...)."""
        by_model = defaultdict(list)
        for activity in self.sudo():
            if activity.res_model and activity.res_id:
                by_model[activity.res_model].append(activity.res_id)
        partners = self.env["res.partner"]
        for model, res_ids in by_model.items():
            if model not in self.env:
                continue
            records = self.env[model].sudo().browse(res_ids).exists()
            if model == "res.partner":
                partners |= records
            elif "partner_id" in records._fields and (
                records._fields["partner_id"].comodel_name == "res.partner"
            ):
                partners |= records.partner_id
        return partners
