# Copyright 2026 The suite's authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import http
from odoo.exceptions import AccessError, MissingError
from odoo.http import content_disposition, request

from ..models.dms_field_template import GF_DOCUMENT_MODELS


class GroupFinanceDocuments(http.Controller):
    @http.route(
        "/group_finance/documents/zip/<string:model>/<int:res_id>", type="http", auth="user"
    )
    def documents_zip(self, model, res_id, **kw):
        """The documents of one record the user may read, as one ZIP with a folder per
        category. Any other model, a missing record or one the user may not read: 404."""
        if model not in GF_DOCUMENT_MODELS or model not in request.env:
            return request.not_found(request.env._("No documents for this kind of record."))
        record = request.env[model].browse(res_id)
        try:
            if not record.exists():
                raise MissingError(model)
            data, name = request.env["dms.file"]._gf_zip_documents(record)
        except (AccessError, MissingError):
            return request.not_found()
        return request.make_response(
            data,
            [
                ("Content-Type", "application/zip"),
                ("Content-Disposition", content_disposition(name)),
            ],
        )
