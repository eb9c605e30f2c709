from odoo import fields, models


class StockMove(models.Model):
    """Spare parts consumed on tickets and interventions, delivered to the customer."""

    _inherit = "stock.move"

    it_ticket_id = fields.Many2one("helpdesk.ticket", string="Ticket", index="btree_not_null")
    it_request_id = fields.Many2one(
        "maintenance.request", string="Intervention", index="btree_not_null"
    )
    it_contract_id = fields.Many2one(
        "contract.contract", string="IT Contract", index="btree_not_null"
    )
    it_billable = fields.Boolean(string="Billable Part")
    it_invoice_id = fields.Many2one(
        "account.move", string="Invoiced On", index="btree_not_null", copy=False, readonly=True
    )
