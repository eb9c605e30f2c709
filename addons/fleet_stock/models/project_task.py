from odoo import api, fields, models
from odoo.exceptions import ValidationError


class ProjectTask(models.Model):
    _inherit = "project.task"

    fs_vehicle_id = fields.Many2one(
        "fleet.vehicle", string="Vehicle", check_company=True, index="btree_not_null"
    )
    fs_planned_date = fields.Datetime(string="Planned Date", index=True, tracking=True)
    fs_site = fields.Char(string="Site", help="The customer's site: plant, roof, address.")
    fs_move_ids = fields.One2many("stock.move", "fs_task_id", string="Article Moves")

    @api.constrains("fs_vehicle_id", "fs_planned_date")
    def _check_fs_vehicle_checks(self):
        for task in self.filtered("fs_vehicle_id"):
            date = (task.fs_planned_date or fields.Datetime.now()).date()
            expired = task.fs_vehicle_id.sudo()._fs_expired_checks(date)
            if expired:
                raise ValidationError(
                    self.env._(
                        "%(vehicle)s cannot be planned on %(date)s: %(checks)s expired. "
                        "Record the new check on the vehicle first.",
                        vehicle=task.fs_vehicle_id.display_name,
                        date=date,
                        checks=", ".join(
                            f"{check.check_type_id.name} ({check.date_next})" for check in expired
                        ),
                    )
                )
