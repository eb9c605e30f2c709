from odoo import api, fields, models


class CrmQuoteRefuseWizard(models.TransientModel):
    _name = "crm.quote.refuse.wizard"
    _description = "Refuse a Quote"

    order_ids = fields.Many2many("sale.order", string="Quotes", required=True)
    reason_id = fields.Many2one("crm.lost.reason", required=True)
    note = fields.Text(string="Comment")

    @api.model
    def default_get(self, fields_list):
        values = super().default_get(fields_list)
        if self.env.context.get("active_model") == "sale.order":
            values["order_ids"] = [fields.Command.set(self.env.context.get("active_ids", []))]
        return values

    def action_refuse(self):
        self.ensure_one()
        self.order_ids._crm_refuse(self.reason_id, self.note)
        return {"type": "ir.actions.act_window_close"}
