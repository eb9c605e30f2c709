from odoo import api, fields, models
from odoo.exceptions import ValidationError


class ResCompany(models.Model):
    _inherit = "res.company"

    it_park_alert_days_1 = fields.Integer(
        string="First Reminder (days)",
        default=60,
        help="Days before a warranty end or a licence expiry when the first reminder is created.",
    )
    it_park_alert_days_2 = fields.Integer(string="Second Reminder (days)", default=30)
    it_park_alert_days_3 = fields.Integer(string="Last Reminder (days)", default=7)

    @api.constrains("it_park_alert_days_1", "it_park_alert_days_2", "it_park_alert_days_3")
    def _check_it_park_alert_days(self):
        for company in self:
            delays = company._it_park_alert_delays()
            if any(delay < 0 for delay in delays):
                raise ValidationError(self.env._("Reminder delays cannot be negative."))

    def _it_park_alert_delays(self):
        """The reminder thresholds of the company, largest first, without zeros or duplicates."""
        self.ensure_one()
        delays = {self.it_park_alert_days_1, self.it_park_alert_days_2, self.it_park_alert_days_3}
        return sorted((d for d in delays if d), reverse=True)

    def _it_park_timesheet_project(self):
        """The project collecting the IT park's timesheets for this company (made on first
        use)."""
        self.ensure_one()
        Project = self.env["project.project"].sudo()
        project = Project.search(
            [("it_park_support", "=", True), ("company_id", "=", self.id)], limit=1
        )
        if not project:
            project = Project.create(
                {
                    "name": self.env._("IT support"),
                    "company_id": self.id,
                    "it_park_support": True,
                    "allow_timesheets": True,
                }
            )
        return project

    def _it_park_demo_french_chart(self):
        """Demo data: the MSP keeps its books with the French chart of accounts
        (l10n_fr_account), in euros with 20 % VAT, as account loads a chart when it is
        installed on a French company (its demo entries made again in euros)."""
        ChartTemplate = self.env["account.chart.template"]
        for company in self.filtered(lambda c: c.chart_template != "fr"):
            ChartTemplate.try_loading("fr", company, install_demo=True)
