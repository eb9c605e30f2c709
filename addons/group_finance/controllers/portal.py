# Copyright 2026 The suite's authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo.addons.dms.controllers.portal import CustomerPortal
from odoo.exceptions import AccessError
from odoo.http import request


class GroupFinanceDmsPortal(CustomerPortal):
    def _dms_check_access(self, model, res_id, access_token=None):
        """OCA dms's portal routes (/my/dms/...) open a file in sudo on a share token: not a
        confidential or HR document, nor another customer's document for a portal user; those
        are opened only if the user's own rights allow it (record rules: the portal user's
        own customer only)."""
        item = super()._dms_check_access(model, res_id, access_token=access_token)
        if item and model == "dms.file" and access_token and not item._gf_token_allowed():
            try:
                request.env["dms.file"].browse(res_id).check_access("read")
            except AccessError:
                return False
            return request.env["dms.file"].browse(res_id)
        return item
