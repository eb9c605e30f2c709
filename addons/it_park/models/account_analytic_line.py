from odoo import api, fields, models
from odoo.exceptions import ValidationError


class AccountAnalyticLine(models.Model):
    """Timesheet lines logged on tickets and interventions, counted against the contract."""

    _inherit = "account.analytic.line"

    it_ticket_id = fields.Many2one(
        "helpdesk.ticket", string="Ticket", index="btree_not_null", ondelete="cascade"
    )
    it_request_id = fields.Many2one(
        "maintenance.request", string="Intervention", index="btree_not_null", ondelete="cascade"
    )
    it_contract_id = fields.Many2one(
        "contract.contract",
        string="IT Contract",
        compute="_compute_it_contract_id",
        store=True,
        index="btree_not_null",
    )

    @api.depends("it_ticket_id.it_contract_id", "it_request_id.it_contract_id")
    def _compute_it_contract_id(self):
        for line in self:
            line.it_contract_id = (
                line.it_request_id.it_contract_id or line.it_ticket_id.it_contract_id
            )

    @api.constrains("unit_amount", "it_ticket_id", "it_request_id")
    def _check_it_unit_amount(self):
        for line in self:
            if (line.it_ticket_id or line.it_request_id) and line.unit_amount <= 0:
                raise ValidationError(self.env._("Time spent must be positive."))

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if (vals.get("it_ticket_id") or vals.get("it_request_id")) and not vals.get(
                "project_id"
            ):
                origin = (
                    self.env["maintenance.request"].browse(vals["it_request_id"])
                    if vals.get("it_request_id")
                    else self.env["helpdesk.ticket"].browse(vals["it_ticket_id"])
                )
                vals["project_id"] = origin.company_id._it_park_timesheet_project().id
        lines = super().create(vals_list)
        for line in lines.filtered(lambda ln: ln.it_request_id or ln.it_ticket_id):
            assets = line.it_request_id.equipment_id or line.it_ticket_id.it_asset_ids
            for asset in assets:
                asset.sudo().message_post(
                    body=self.env._(
                        "%(hours)s h logged by %(user)s on %(what)s",
                        hours=line.unit_amount,
                        user=line.user_id.name or self.env.user.name,
                        what=(line.it_request_id or line.it_ticket_id).display_name,
                    )
                )
        return lines
