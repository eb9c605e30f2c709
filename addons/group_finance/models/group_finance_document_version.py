# Copyright 2026 The suite's authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import fields, models
from odoo.tools import human_size

from .dms_file import check_rules_in_sql


class GroupFinanceDocumentVersion(models.Model):
    """A previous version of a document: the file as it was before a new one replaced it, with
    who uploaded it and when, and who replaced it. Readable by whoever may read the document
    (record rules follow the document's)."""

    _name = "group.finance.document.version"
    _description = "Document Version"
    _order = "file_id, version desc"

    file_id = fields.Many2one(
        "dms.file", string="Document", required=True, ondelete="cascade", index=True
    )
    version = fields.Integer(required=True, readonly=True)
    name = fields.Char(string="File Name", required=True, readonly=True)
    datas = fields.Binary(string="File", attachment=True, readonly=True)
    mimetype = fields.Char(string="Type", readonly=True)
    size = fields.Float(string="Size (bytes)", readonly=True)
    human_size = fields.Char(string="Size", compute="_compute_human_size")
    checksum = fields.Char(string="Checksum/SHA1", readonly=True)
    uploaded_by_id = fields.Many2one("res.users", readonly=True)
    uploaded_on = fields.Datetime(readonly=True)
    replaced_by_id = fields.Many2one("res.users", readonly=True)
    replaced_on = fields.Datetime(default=fields.Datetime.now, readonly=True)

    def _compute_human_size(self):
        for version in self:
            version.human_size = human_size(version.size)

    def _check_access(self, operation):
        """Record rules through ``file_id`` evaluated in SQL (see ``check_rules_in_sql``)."""
        return super()._check_access(operation) or check_rules_in_sql(self, operation)
