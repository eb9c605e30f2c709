from odoo import fields, models
from odoo.tools import SQL


class ItParkExpiring(models.Model):
    """Read-only list of what expires: asset warranties, licences and customer contracts (SQL
    view)."""

    _name = "it.park.expiring"
    _description = "IT Park Expiring Item"
    _auto = False
    _order = "expiry_date, id"

    kind = fields.Selection(
        [("warranty", "Warranty"), ("license", "Licence"), ("contract", "Contract")],
        string="Type",
        readonly=True,
    )
    asset_id = fields.Many2one("maintenance.equipment", readonly=True)
    license_id = fields.Many2one("it.license", string="Licence", readonly=True)
    contract_id = fields.Many2one("contract.contract", readonly=True)
    customer_id = fields.Many2one("res.partner", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    expiry_date = fields.Date(readonly=True)

    def _compute_display_name(self):
        for item in self:
            item.display_name = (item.asset_id or item.license_id or item.contract_id).display_name

    @property
    def _table_query(self):
        return SQL(
            """
            SELECT e.id * 3 AS id, 'warranty' AS kind, e.id AS asset_id,
                   NULL::int AS license_id, NULL::int AS contract_id, e.customer_id,
                   e.company_id, e.warranty_date AS expiry_date
              FROM maintenance_equipment e
             WHERE e.is_it_asset AND e.active AND e.warranty_date IS NOT NULL
            UNION ALL
            SELECT l.id * 3 + 1, 'license', NULL, l.id, NULL, l.customer_id, l.company_id,
                   l.date_end
              FROM it_license l
             WHERE l.active AND l.date_end IS NOT NULL
            UNION ALL
            SELECT c.id * 3 + 2, 'contract', NULL, NULL, c.id, c.customer_id, c.company_id,
                   c.date_end
              FROM contract_contract c
             WHERE c.active AND c.date_end IS NOT NULL AND c.contract_type = 'sale'
               AND c.it_contract_kind IS NOT NULL
            """
        )

    def action_open_record(self):
        self.ensure_one()
        record = self.asset_id or self.license_id or self.contract_id
        return {
            "type": "ir.actions.act_window",
            "res_model": record._name,
            "res_id": record.id,
            "view_mode": "form",
        }
