from odoo import api, models

from ..lib import glpi


class ItGlpiImport(models.AbstractModel):
    """Turns the rows of a GLPI export into rows ``load()`` understands: entity paths to the
    customer and its site, user names to the customer's contacts (created when missing),
    GLPI statuses and item types, placeholders that are not serial numbers, MAC addresses; the
    assets already in the database are updated (matched by inventory number within the
    customer, then by serial number and manufacturer)."""

    _name = "it.glpi.import"
    _description = "GLPI Import"

    @api.model
    def _prepare_assets(self, fields, data):
        """(fields, rows, error messages) for ``maintenance.equipment.load()``."""
        Asset = self.env["maintenance.equipment"]
        fields = list(fields)
        first_line = self.env.context.get("it_park_import_first_line", 2)
        col = {name: i for i, name in enumerate(fields)}
        states = dict(Asset._fields["it_state"]._description_selection(self.env))
        state_keys = {glpi.normalise(k): k for k in states} | {
            glpi.normalise(label): k for k, label in states.items()
        }
        categories = self.env["it.asset.category"].search(
            [("company_id", "in", [False, *self.env.companies.ids])]
        )
        messages = []
        rows = []
        for index, row in enumerate(data):
            row = list(row) + [""] * (len(fields) - len(row))
            extra = {}

            def error(field, value, message, index=index):
                messages.append(self._error(index, first_line + index, field, value, message))

            customer = self.env["res.partner"]
            if "customer_id" in col:
                name, site = glpi.entity(row[col["customer_id"]])
                customer = self._customer(name)
                if name and not customer:
                    error("customer_id", name, self.env._("no customer of this name"))
                row[col["customer_id"]] = customer.id or ""
                if site and customer and "site_id" not in col:
                    extra["site_id/.id"] = self._contact(customer, site, "other").id
            if "end_user_id" in col and customer:
                name = row[col["end_user_id"]].strip()
                if name.startswith(customer.name + ","):
                    name = name[len(customer.name) + 1 :].strip()
                row[col["end_user_id"]] = name and self._contact(customer, name, "contact").id
            elif "end_user_id" in col:
                row[col["end_user_id"]] = ""
            if "it_state" in col:
                value = row[col["it_state"]]
                state = glpi.state(value)
                if state is None:
                    state = state_keys.get(glpi.normalise(value))
                if state is None:
                    error("it_state", value, self.env._("unknown status"))
                row[col["it_state"]] = state or ""
            if "it_category_id" in col:
                value = row[col["it_category_id"]]
                code = glpi.category_code(value)
                key = glpi.normalise(value)
                category = categories.filtered(
                    lambda c, code=code, key=key: c.code == code or glpi.normalise(c.name) == key
                )[:1]
                if value.strip() and not category:
                    error("it_category_id", value, self.env._("no IT category of this name"))
                row[col["it_category_id"]] = category.id or ""
            for name in ("serial_no", "brand", "model"):
                if name in col:
                    row[col[name]] = glpi.serial(row[col[name]])
            if "mac_address" in col:
                value = row[col["mac_address"]]
                try:
                    row[col["mac_address"]] = glpi.mac(value)
                except ValueError:
                    error("mac_address", value, self.env._("not a MAC address"))
                    row[col["mac_address"]] = ""
            extra[".id"] = self._existing(customer, row, col).id or ""
            rows.append((row, extra))
        fields, data = self._with_extra_columns(fields, rows)
        return fields, data, messages

    @api.model
    def _with_extra_columns(self, fields, rows):
        """The columns resolved to database ids (``customer_id/.id``...), then the extra ones
        (site, ``.id`` of the asset to update, ``is_it_asset``)."""
        resolved = {"customer_id", "end_user_id", "it_category_id"}
        extra_names = sorted({name for _row, extra in rows for name in extra})
        flag = [] if "is_it_asset" in fields else ["is_it_asset"]
        names = [f"{n}/.id" if n in resolved else n for n in fields] + extra_names + flag
        data = [
            [str(v) if v else "" for v in row]
            + [str(extra.get(name) or "") for name in extra_names]
            + ["1"] * len(flag)
            for row, extra in rows
        ]
        return names, data

    @api.model
    def _error(self, index, line, field, value, problem):
        label = self.env["maintenance.equipment"]._fields[field]._description_string(self.env)
        return {
            "type": "error",
            "record": index,
            "rows": {"from": index, "to": index},
            "field": field,
            "field_name": label,
            "message": self.env._(
                "Line %(line)s, %(field)s: “%(value)s”: %(problem)s.",
                line=line,
                field=label,
                value=value,
                problem=problem,
            ),
        }

    @api.model
    def _customer(self, name):
        if not name:
            return self.env["res.partner"]
        return self.env["res.partner"].search(
            [("is_company", "=", True), ("name", "=ilike", name.strip())], limit=1
        )

    @api.model
    def _contact(self, customer, name, kind):
        """The customer's contact (or site address) of that name, created when missing: who
        may import the customer's assets may name their users and sites, even without the
        right to create contacts elsewhere."""
        Partner = self.env["res.partner"]
        contact = Partner.search(
            [("parent_id", "=", customer.id), ("name", "=ilike", name), ("type", "=", kind)],
            limit=1,
        )
        if contact:
            return contact
        self.env["maintenance.equipment"].check_access("create")
        created = Partner.sudo().create({"name": name, "parent_id": customer.id, "type": kind})
        return created.with_env(self.env)

    @api.model
    def _existing(self, customer, row, col):
        """The asset a row describes again: same inventory number within the customer, else
        same serial number and manufacturer."""
        Asset = self.env["maintenance.equipment"]
        if not customer:
            return Asset
        base = [("is_it_asset", "=", True), ("customer_id", "=", customer.id)]
        tag = "inventory_tag" in col and row[col["inventory_tag"]].strip()
        if tag:
            asset = Asset.search([*base, ("inventory_tag", "=", tag)], limit=1)
            if asset:
                return asset
        serial = "serial_no" in col and row[col["serial_no"]]
        if serial:
            brand = ("brand" in col and row[col["brand"]].strip()) or False
            return Asset.search(
                [*base, ("serial_no", "=", serial), ("brand", "=ilike" if brand else "=", brand)],
                limit=1,
            )
        return Asset
