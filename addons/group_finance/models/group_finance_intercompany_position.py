from odoo import fields, models
from odoo.tools import SQL


class GroupFinanceIntercompanyPosition(models.Model):
    """What each company of the group is owed by, and owes to, each other company: the open
    residuals of the posted inter-company invoices and bills, per pair of companies."""

    _name = "group.finance.intercompany.position"
    _description = "Inter-company Position"
    _auto = False
    _order = "company_id, counterpart_company_id"

    company_id = fields.Many2one("res.company", readonly=True)
    counterpart_company_id = fields.Many2one("res.company", readonly=True)
    currency_id = fields.Many2one("res.currency", readonly=True)
    receivable = fields.Monetary(string="Owed to the Company", readonly=True)
    payable = fields.Monetary(string="Owed by the Company", readonly=True)
    net = fields.Monetary(string="Net Position", readonly=True)
    open_count = fields.Integer(string="Open Documents", readonly=True)

    @property
    def _table_query(self):
        # an aggregate per pair of companies over posted documents: one GROUP BY, which
        # _read_group cannot give with the pair as the record's identity
        return SQL(
            """
            SELECT MIN(m.id) AS id,
                   m.company_id,
                   m.gf_counterpart_company_id AS counterpart_company_id,
                   c.currency_id,
                   SUM(GREATEST(m.amount_residual_signed, 0)) AS receivable,
                   SUM(GREATEST(-m.amount_residual_signed, 0)) AS payable,
                   SUM(m.amount_residual_signed) AS net,
                   COUNT(*) FILTER (WHERE m.amount_residual_signed != 0) AS open_count
              FROM account_move m
              JOIN res_company c ON c.id = m.company_id
             WHERE m.state = 'posted'
               AND m.gf_counterpart_company_id IS NOT NULL
               AND m.move_type IN ('out_invoice', 'out_refund', 'in_invoice', 'in_refund')
          GROUP BY m.company_id, m.gf_counterpart_company_id, c.currency_id
            """
        )
