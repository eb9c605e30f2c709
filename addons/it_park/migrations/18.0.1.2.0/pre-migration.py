# Copyright 2026 The suite's authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""18.0.1.2.0: the asset hierarchy fields of maintenance.equipment are renamed parent_id ->
it_parent_id and child_ids -> it_child_ids, so that they do not clash with OCA
maintenance_equipment_hierarchy. The column, its index and the field's records are renamed
before the module loads, so that the data (and the tracking values) are kept."""

from odoo.tools import SQL, sql


def migrate(cr, version):
    if not sql.column_exists(cr, "maintenance_equipment", "parent_id"):
        return
    if sql.column_exists(cr, "maintenance_equipment", "it_parent_id"):
        return
    cr.execute(SQL("ALTER TABLE maintenance_equipment RENAME COLUMN parent_id TO it_parent_id"))
    cr.execute(
        SQL(
            """ALTER INDEX IF EXISTS maintenance_equipment__parent_id_index
               RENAME TO maintenance_equipment__it_parent_id_index"""
        )
    )
    for old, new in (("parent_id", "it_parent_id"), ("child_ids", "it_child_ids")):
        cr.execute(
            SQL(
                """UPDATE ir_model_fields SET name = %(new)s
                    WHERE model = 'maintenance.equipment' AND name = %(old)s""",
                old=old,
                new=new,
            )
        )
        cr.execute(
            SQL(
                """UPDATE ir_model_data SET name = %(new)s
                    WHERE module = 'it_park' AND model = 'ir.model.fields' AND name = %(old)s""",
                old=f"field_maintenance_equipment__{old}",
                new=f"field_maintenance_equipment__{new}",
            )
        )
    cr.execute(
        SQL(
            """UPDATE ir_model_fields SET relation_field = 'it_parent_id'
                WHERE model = 'maintenance.equipment' AND name = 'it_child_ids'"""
        )
    )
