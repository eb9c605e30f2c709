# Copyright 2026 The suite's authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import models


class IrBinary(models.AbstractModel):
    _inherit = "ir.binary"

    def _find_record_check_access(self, record, access_token, field):
        """/web/content and /web/image on a document with a dms share token: OCA dms opens it
        in sudo; a confidential or HR document, or another customer's for a portal user, is
        not opened that way (the user's own rights still apply without the token)."""
        if access_token and record._name == "dms.file":
            if not record._gf_token_allowed():
                record.check_access("read")
                return record
        return super()._find_record_check_access(record, access_token, field)
