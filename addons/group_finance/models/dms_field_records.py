# Copyright 2026 The suite's authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""The documents tab (OCA dms_field) on the group's records: employees, invoices, vehicles and
interventions (customers, contacts and their sites have it from dms_field on res.partner).
Invoices and interventions are many: their folder is made when a user opens the tab and
clicks to create it (or drops the first file), not at each record's creation."""

from odoo import api, models


class HrEmployee(models.Model):
    _name = "hr.employee"
    _inherit = ["hr.employee", "dms.field.mixin"]


class AccountMove(models.Model):
    _name = "account.move"
    _inherit = ["account.move", "dms.field.mixin"]

    @api.model
    def models_to_track_dms_field_template(self):
        return [m for m in super().models_to_track_dms_field_template() if m != self._name]


class FleetVehicle(models.Model):
    _name = "fleet.vehicle"
    _inherit = ["fleet.vehicle", "dms.field.mixin"]


class ProjectTask(models.Model):
    _name = "project.task"
    _inherit = ["project.task", "dms.field.mixin"]

    @api.model
    def models_to_track_dms_field_template(self):
        return [m for m in super().models_to_track_dms_field_template() if m != self._name]
