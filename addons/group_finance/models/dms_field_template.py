# Copyright 2026 The suite's authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, models

# The records that carry a documents tab, and the field naming the user in charge of each
# (dms_field gives that user rights on the record's folder).
GF_DOCUMENT_MODELS = {
    "res.partner": "user_id",
    "hr.employee": "user_id",
    "account.move": "invoice_user_id",
    "fleet.vehicle": "manager_id",
    "project.task": False,
}


class DmsFieldTemplate(models.Model):
    _inherit = "dms.field.template"

    @api.model
    def _gf_ensure_templates(self):
        """A folder template in the group's storage for each record type with a documents tab,
        unless one exists already for that model (dms_field allows one per model: its demo
        ships one for partners, which is then kept)."""
        storage = self.env.ref("group_finance.dms_storage_documents")
        groups = self.env.ref("group_finance.dms_access_group_read") | self.env.ref(
            "group_finance.dms_access_group_manage"
        )
        # by model_id (a column): the stored ``model`` is computed, and may be empty in a
        # database where a later step rolled back its flush (then it is computed again)
        self.sudo().search([("model", "=", False), ("model_id", "!=", False)])._compute_model()
        existing = set(
            self.sudo()
            .search([("model_id.model", "in", list(GF_DOCUMENT_MODELS))])
            .mapped("model_id.model")
        )
        vals_list = []
        for model, user_field in GF_DOCUMENT_MODELS.items():
            if model in existing or model not in self.env:
                continue
            field = user_field and self.env["ir.model.fields"]._get(model, user_field)
            vals_list.append(
                {
                    "name": self.env[model]._description,
                    "storage_id": storage.id,
                    "model_id": self.env["ir.model"]._get_id(model),
                    "group_ids": [(6, 0, groups.ids)],
                    "user_field_id": field.id if field else False,
                }
            )
        templates = self.sudo().create(vals_list)
        for template in templates.filtered(lambda t: not t.dms_directory_ids):
            # the template's own folder, which dms_field copies for each record
            template.with_context(
                res_model=template._name, res_id=template.id
            ).create_dms_directory()
        return templates

    @api.model
    def _gf_directory(self, record):
        """The documents folder of ``record``, made from its template when missing."""
        directory = (
            self.env["dms.directory"]
            .sudo()
            .search([("res_model", "=", record._name), ("res_id", "=", record.id)], limit=1)
        )
        if directory:
            return directory
        return self.with_context(res_model=record._name, res_id=record.id).create_dms_directory()

    def _prepare_directory_vals(self, directory, record):
        """A record's display name may hold a slash (a vehicle is "Brand/Model/Plate"), which
        OCA dms refuses in a folder name."""
        vals = super()._prepare_directory_vals(directory, record)
        if vals.get("name"):
            vals["name"] = vals["name"].replace("/", " - ").replace("\\", " - ")
        return vals
