from odoo import fields, models


class ProjectMilestone(models.Model):
    _inherit = "project.milestone"

    btp_alerted_deadline = fields.Date(
        copy=False, help="Deadline for which the site manager was last alerted."
    )
