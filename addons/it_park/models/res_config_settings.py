from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    it_park_alert_days_1 = fields.Integer(related="company_id.it_park_alert_days_1", readonly=False)
    it_park_alert_days_2 = fields.Integer(related="company_id.it_park_alert_days_2", readonly=False)
    it_park_alert_days_3 = fields.Integer(related="company_id.it_park_alert_days_3", readonly=False)
