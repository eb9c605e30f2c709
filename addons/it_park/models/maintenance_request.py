from odoo import api, fields, models
from odoo.exceptions import ValidationError


class MaintenanceRequest(models.Model):
    """IT interventions: corrective (from a ticket) or preventive (recurring per asset or per
    contract), with time spent and parts consumed."""

    _name = "maintenance.request"
    _inherit = ["maintenance.request", "it.park.company.mixin"]

    it_ticket_id = fields.Many2one(
        "helpdesk.ticket", string="Ticket", index="btree_not_null", check_company=True
    )
    it_contract_id = fields.Many2one(
        "contract.contract",
        string="Contract",
        compute="_compute_it_contract_id",
        store=True,
        readonly=False,
        index="btree_not_null",
        check_company=True,
    )
    it_customer_id = fields.Many2one(
        related="equipment_id.customer_id", string="Customer", store=True, index="btree_not_null"
    )
    it_work_done = fields.Html(string="Work Done")
    it_timesheet_ids = fields.One2many(
        "account.analytic.line", "it_request_id", string="Time Spent"
    )
    it_hours_spent = fields.Float(
        string="Hours Spent", compute="_compute_it_hours_spent", store=True
    )
    it_move_ids = fields.One2many("stock.move", "it_request_id", string="Parts Consumed")

    @api.depends("it_ticket_id.it_contract_id", "equipment_id.it_contract_id")
    def _compute_it_contract_id(self):
        for request in self:
            request.it_contract_id = (
                request.it_ticket_id.it_contract_id
                or request.equipment_id.it_contract_id
                or request.it_contract_id
            )

    @api.depends("it_timesheet_ids.unit_amount")
    def _compute_it_hours_spent(self):
        for request in self:
            request.it_hours_spent = sum(request.it_timesheet_ids.mapped("unit_amount"))

    @api.constrains("it_contract_id", "equipment_id", "company_id")
    def _check_it_contract_customer(self):
        """An intervention is under a contract of its asset's customer, in its company (its
        hours count towards that contract's allowance and invoice)."""
        for request in self.sudo():
            contract = request.it_contract_id
            customer = request.it_customer_id.commercial_partner_id
            if contract and (
                contract.company_id != request.company_id
                or (customer and contract.partner_id.commercial_partner_id != customer)
            ):
                raise ValidationError(
                    self.env._(
                        "The intervention %(request)s can only be under a contract of its "
                        "asset's customer and company, not %(contract)s.",
                        request=request.display_name,
                        contract=contract.display_name,
                    )
                )

    @api.model_create_multi
    def create(self, vals_list):
        requests = super().create(vals_list)
        requests.equipment_id._it_park_log_history(
            requests,
            lambda asset, request: self.env._(
                "Intervention %(name)s planned (%(type)s)",
                name=request.name,
                type=dict(request._fields["maintenance_type"]._description_selection(self.env))[
                    request.maintenance_type
                ],
            ),
        )
        return requests

    def action_it_consume_parts(self):
        self.ensure_one()
        wizard = self.env["it.consumable.delivery.wizard"]
        return wizard._action_open_parts(self.equipment_id, self.it_ticket_id, self)
