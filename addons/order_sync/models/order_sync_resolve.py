import re

import psycopg2

from odoo import models
from odoo.tools import SQL

from .order_sync_run import retry_transaction


def phone_key(phone):
    """Digits (and +) of a phone number: how phones are compared."""
    return re.sub(r"[^0-9+]", "", phone or "")


class OrderSyncResolveMixin(models.AbstractModel):
    """Customer and product resolution of a source: the app's ids map to Odoo records through
    external ids ``<namespace>.product_<id>`` and ``<namespace>.customer_<id>``, looked up once
    per batch. Mixed into ``order.sync.source`` (uses its ``xmlid_module``)."""

    _name = "order.sync.resolve.mixin"
    _description = "Order Sync: customer and product resolution"

    def _resolve_products(self, app_ids):
        """Map app product ids to products through the external ids <namespace>.product_<id>,
        in one query whatever the number of products. A product.template id works when the
        template has one active variant. Value: a product.product, or an error code."""
        if not app_ids:
            return {}
        names = {f"product_{app_id}": app_id for app_id in app_ids}
        company = self.env.company.id
        self.env["ir.model.data"].flush_model(["module", "name", "model", "res_id"])
        self.env["product.product"].flush_model(["active", "product_tmpl_id"])
        self.env["product.template"].flush_model(["active", "sale_ok", "company_id"])
        self.env.cr.execute(
            SQL(
                """
            SELECT imd.name, pp.id,
                   pp.active AND pt.active AND pt.sale_ok
                   AND (pt.company_id IS NULL OR pt.company_id = %(company)s)
              FROM ir_model_data imd
              JOIN product_product pp ON pp.id = imd.res_id
              JOIN product_template pt ON pt.id = pp.product_tmpl_id
             WHERE imd.module = %(module)s AND imd.name = ANY(%(names)s)
               AND imd.model = 'product.product'
            UNION ALL
            SELECT imd.name, pp.id,
                   pp.id IS NOT NULL AND pt.active AND pt.sale_ok
                   AND (pt.company_id IS NULL OR pt.company_id = %(company)s)
              FROM ir_model_data imd
              JOIN product_template pt ON pt.id = imd.res_id
              LEFT JOIN product_product pp ON pp.product_tmpl_id = pt.id AND pp.active
             WHERE imd.module = %(module)s AND imd.name = ANY(%(names)s)
               AND imd.model = 'product.template'
            """,
                company=company,
                module=self.xmlid_module,
                names=list(names),
            )
        )
        rows = {}
        for name, product_id, available in self.env.cr.fetchall():
            rows.setdefault(names[name], []).append((product_id, available))
        found = {}
        for app_id in app_ids:
            matches = rows.get(app_id)
            if not matches:
                found[app_id] = "unknown_product"
            elif len(matches) > 1:
                found[app_id] = "ambiguous_product"
            elif not matches[0][1]:
                found[app_id] = "product_unavailable"
            else:
                found[app_id] = matches[0][0]
        # one recordset, so that reading any product's fields prefetches all of them
        products = self.env["product.product"].browse(
            {value for value in found.values() if isinstance(value, int)}
        )
        by_id = {product.id: product for product in products}
        return {app_id: by_id.get(value, value) for app_id, value in found.items()}

    def _resolve_customers(self, customers):
        """Map app customers to contacts through <namespace>.customer_<id>, in one query; the
        missing ones are created (in one batch) with their external id. Value: a res.partner,
        or the error code ``customer_unavailable`` (archived, or of another company)."""
        if not customers:
            return {}
        data_by_name = {}
        for customer in customers:
            data_by_name.setdefault(f"customer_{customer['external_id']}", customer)
        company = self.env.company
        self.env["ir.model.data"].flush_model(["module", "name", "model", "res_id"])
        self.env["res.partner"].flush_model(["active", "company_id"])
        self.env.cr.execute(
            SQL(
                """
            SELECT imd.name, rp.id,
                   rp.active AND (rp.company_id IS NULL OR rp.company_id = %(company)s)
              FROM ir_model_data imd
              JOIN res_partner rp ON rp.id = imd.res_id
             WHERE imd.module = %(module)s AND imd.name = ANY(%(names)s)
               AND imd.model = 'res.partner'
            """,
                company=company.id,
                module=self.xmlid_module,
                names=list(data_by_name),
            )
        )
        found = {
            name: (pid if ok else "customer_unavailable")
            for name, pid, ok in self.env.cr.fetchall()
        }
        missing = [name for name in data_by_name if name not in found]
        if missing:
            matched = self._match_customers({name: data_by_name[name] for name in missing})
            new = [name for name in missing if name not in matched]
            # The API writes the contacts it owns (its namespace, its company) without giving the
            # integration user the right to edit every contact: hence sudo, after validation.
            try:
                with self.env.cr.savepoint():
                    partners = (
                        self.env["res.partner"]
                        .sudo()
                        .with_context(tracking_disable=True)
                        .create(
                            [
                                {
                                    "name": data_by_name[name]["name"],
                                    "phone": data_by_name[name]["phone"],
                                    "email": data_by_name[name]["email"],
                                    "street": data_by_name[name]["street"],
                                    "zip": data_by_name[name]["zip"],
                                    "city": data_by_name[name]["city"],
                                    "company_id": company.id,
                                    "customer_rank": 1,
                                }
                                for name in new
                            ]
                        )
                    )
                    matched.update(zip(new, partners.ids, strict=True))
                    self.env["ir.model.data"].sudo().create(
                        [
                            {
                                "module": self.xmlid_module,
                                "name": name,
                                "model": "res.partner",
                                "res_id": matched[name],
                                "noupdate": True,
                            }
                            for name in missing
                        ]
                    )
            except psycopg2.errors.UniqueViolation:
                # a concurrent request created the same customer: retry with a fresh snapshot
                retry_transaction(self.env.cr)
            found.update(matched)
        partners = self.env["res.partner"].browse(
            {pid for pid in found.values() if isinstance(pid, int)}
        )
        by_id = {partner.id: partner for partner in partners}
        return {
            customer_id[len("customer_") :]: by_id.get(value, value)
            for customer_id, value in found.items()
        }

    def _match_customers(self, data_by_name):
        """An app customer met for the first time may already be a contact of the company (a
        phone order, an invoice): match it by email, then phone, in one query. Return
        {customer_<id>: partner id} of the matched ones; they get the external id, not a twin."""
        emails = {data["email"].lower() for data in data_by_name.values() if data["email"]}
        phones = {phone_key(data["phone"]) for data in data_by_name.values() if data["phone"]}
        phones.discard("")
        if not emails and not phones:
            return {}
        self.env["res.partner"].flush_model(["email", "email_normalized", "phone", "active"])
        self.env.cr.execute(
            SQL(
                """
            SELECT id, lower(email_normalized), regexp_replace(phone, '[^0-9+]', '', 'g')
              FROM res_partner
             WHERE active AND (company_id IS NULL OR company_id = %(company)s)
               AND (lower(email_normalized) = ANY(%(emails)s)
                    OR regexp_replace(phone, '[^0-9+]', '', 'g') = ANY(%(phones)s))
             ORDER BY id
            """,
                company=self.env.company.id,
                emails=list(emails),
                phones=list(phones),
            )
        )
        by_email, by_phone = {}, {}
        for partner_id, email, phone in self.env.cr.fetchall():
            by_email.setdefault(email, partner_id)
            by_phone.setdefault(phone, partner_id)
        matched = {}
        for name, data in data_by_name.items():
            partner_id = (data["email"] and by_email.get(data["email"].lower())) or (
                data["phone"] and by_phone.get(phone_key(data["phone"]))
            )
            if partner_id:
                matched[name] = partner_id
        return matched
