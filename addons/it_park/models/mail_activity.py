from odoo import fields, models


class MailActivity(models.Model):
    _inherit = "mail.activity"

    it_park_alert_key = fields.Char(
        string="IT Park Alert Key",
        readonly=True,
        copy=False,
        help="model:id:date:threshold of the IT park reminder, so that the daily job never "
        "creates the same reminder twice.",
    )

    _sql_constraints = [
        (
            "it_park_alert_key_uniq",
            "unique(it_park_alert_key)",
            "This IT park reminder already exists.",
        ),
    ]
