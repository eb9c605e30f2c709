# Copyright 2026 The suite's authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import fields, models


class GroupFinanceDocumentAlert(models.Model):
    """The mark that a document's expiry alert was raised for one threshold (days before the
    expiry date): the alert job raises each (document, threshold) once, the database says so."""

    _name = "group.finance.document.alert"
    _description = "Document Expiry Alert"
    _order = "id desc"

    file_id = fields.Many2one(
        "dms.file", string="Document", required=True, ondelete="cascade", index=True
    )
    threshold = fields.Integer(string="Days Before Expiry", required=True)
    activity_id = fields.Many2one("mail.activity", ondelete="set null")

    _sql_constraints = [
        (
            "file_threshold_unique",
            "unique(file_id, threshold)",
            "An expiry alert is raised once per document and threshold.",
        )
    ]
