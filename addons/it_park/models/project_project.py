from odoo import fields, models


class ProjectProject(models.Model):
    _inherit = "project.project"

    it_park_support = fields.Boolean(
        string="IT Park Support",
        help="Project collecting the timesheets of the IT park's tickets and interventions.",
    )
