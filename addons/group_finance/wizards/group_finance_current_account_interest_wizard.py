from odoo import api, fields, models
from odoo.exceptions import UserError


class GroupFinanceCurrentAccountInterestWizard(models.TransientModel):
    _name = "group.finance.current.account.interest.wizard"
    _description = "Compute Current Account Interest"

    date_from = fields.Date(required=True)
    date_to = fields.Date(required=True)
    current_account_ids = fields.Many2many(
        "group.finance.current.account",
        "group_finance_cca_interest_wizard_rel",
        "wizard_id",
        "current_account_id",
        required=True,
    )

    @api.model
    def default_get(self, fields_list):
        res = super().default_get(fields_list)
        if self.env.context.get("active_model") == "group.finance.current.account":
            res["current_account_ids"] = [
                fields.Command.set(self.env.context.get("active_ids", []))
            ]
        return res

    def action_compute(self):
        self.ensure_one()
        if self.date_to < self.date_from:
            raise UserError(self.env._("The period ends before it starts."))
        lines = self.current_account_ids.action_compute_interest(self.date_from, self.date_to)
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "group_finance.group_finance_current_account_line_action"
        )
        action.update({"domain": [("id", "in", lines.ids)], "context": {}, "view_mode": "list"})
        action["views"] = [(False, "list")]
        return action
