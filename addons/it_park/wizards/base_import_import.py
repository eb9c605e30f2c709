import chardet

from odoo import models

from ..lib import glpi


class BaseImportImport(models.TransientModel):
    """The import screen maps GLPI's column headers (French or English) by themselves, and
    tells the models the spreadsheet line its first data row has (for the error messages)."""

    _inherit = "base_import.import"

    def _get_mapping_suggestion(self, header, fields_tree, header_types, mapping_fields):
        """The user's own mapping of this column first (base_import looks it up in lower case
        only, so that "Nom" mapped once was not found again), then GLPI's headers."""
        saved = mapping_fields.get(header) or mapping_fields.get(header.lower())
        field = glpi.header_field(self.res_model, header)
        if saved and fields_tree:
            return {"field_path": saved.split("/"), "distance": -1}
        if field and any(node["name"] == field for node in fields_tree):
            return {"field_path": [field], "distance": -1}
        return super()._get_mapping_suggestion(header, fields_tree, header_types, mapping_fields)

    def _read_csv(self, options):
        """GLPI writes its exports in Windows-1252, which chardet takes for ISO-8859-1 (then
        typographic apostrophes and euro signs of the file come out wrong)."""
        if self.res_model in glpi.HEADERS and not options.get("encoding") and self.file:
            detected = (chardet.detect(self.file)["encoding"] or "").lower()
            if detected in ("iso-8859-1", "latin-1"):
                options["encoding"] = "windows-1252"
        return super()._read_csv(options)

    def execute_import(self, fields, columns, options, dryrun=False):
        first_line = 1 + bool(options.get("has_headers")) + int(options.get("skip") or 0)
        self = self.with_context(it_park_import_first_line=first_line)
        return super().execute_import(fields, columns, options, dryrun=dryrun)
