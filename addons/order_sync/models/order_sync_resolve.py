import re
import unicodedata

import psycopg2

from odoo import models
from odoo.tools import SQL

from .order_sync_run import NewCustomer, retry_transaction


def phone_key(phone):
    """Digits (and +) of a phone number: how phones are compared."""
    return re.sub(r"[^0-9+]", "", phone or "")


def name_key(name):
    """A person's name as names are compared: case, accents and spaces aside."""
    name = unicodedata.normalize("NFKD", name or "")
    name = "".join(char for char in name if not unicodedata.combining(char))
    return " ".join(name.casefold().split())


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
        """Find the contacts of app customers, without writing anything: through
        <namespace>.customer_<id> (one query), else among the company's contacts
        (``_match_customers``). Value per app customer id: a res.partner, the error code
        ``customer_unavailable`` (archived, or of another company), or a :class:`NewCustomer`
        that ``_bind_customers`` writes with the customer's first order, in the order's own
        savepoint: nothing of a refused order is written."""
        if not customers:
            return {}
        data_by_name = {}
        for customer in customers:
            data_by_name.setdefault(f"customer_{customer['external_id']}", customer)
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
                company=self.env.company.id,
                module=self.xmlid_module,
                names=list(data_by_name),
            )
        )
        found = {
            name: (pid if ok else "customer_unavailable")
            for name, pid, ok in self.env.cr.fetchall()
        }
        partners = self.env["res.partner"].browse(
            {pid for pid in found.values() if isinstance(pid, int)}
        )
        by_id = {partner.id: partner for partner in partners}
        resolved = {name: by_id.get(value, value) for name, value in found.items()}
        missing = {name: data for name, data in data_by_name.items() if name not in found}
        resolved.update(self._match_customers(missing))
        return {name[len("customer_") :]: value for name, value in resolved.items()}

    def _match_customers(self, data_by_name):
        """An app customer met for the first time may already be a contact of the company (a
        phone order, an invoice): the same person has the same name (case, accents and spaces
        aside) and the same e-mail or phone. Such a contact gets the external id, not a twin.
        Never matched: an internal user's contact, a company of the group, a contact already
        bound to another app customer (here or earlier in the batch). A contact with the same
        e-mail or phone but another name is a near-match: a new contact is made and the
        near-match noted for review. One query for the batch. Return {customer_<id>:
        NewCustomer}."""
        emails = {data["email"].lower() for data in data_by_name.values() if data["email"]}
        phones = {phone_key(data["phone"]) for data in data_by_name.values() if data["phone"]}
        phones.discard("")
        rows = []
        if emails or phones:
            self.env["res.partner"].flush_model(["email", "email_normalized", "phone", "active"])
            self.env["res.users"].flush_model(["partner_id", "share"])
            self.env.cr.execute(
                SQL(
                    """
                SELECT rp.id, rp.name, lower(rp.email_normalized),
                       regexp_replace(rp.phone, '[^0-9+]', '', 'g')
                  FROM res_partner rp
                 WHERE rp.active AND (rp.company_id IS NULL OR rp.company_id = %(company)s)
                   AND (lower(rp.email_normalized) = ANY(%(emails)s)
                        OR regexp_replace(rp.phone, '[^0-9+]', '', 'g') = ANY(%(phones)s))
                   AND NOT EXISTS (SELECT 1 FROM res_users u
                                    WHERE u.partner_id = rp.id AND NOT u.share)
                   AND NOT EXISTS (SELECT 1 FROM res_company c WHERE c.partner_id = rp.id)
                   AND NOT EXISTS (SELECT 1 FROM ir_model_data d
                                    WHERE d.model = 'res.partner' AND d.res_id = rp.id
                                      AND d.module = %(module)s
                                      AND starts_with(d.name, 'customer_'))
                 ORDER BY rp.id
                """,
                    company=self.env.company.id,
                    module=self.xmlid_module,
                    emails=list(emails),
                    phones=list(phones),
                )
            )
            rows = self.env.cr.fetchall()
        taken = set()
        matched = {}
        for name, data in data_by_name.items():
            email = data["email"] and data["email"].lower()
            phone = phone_key(data["phone"])
            candidates = [
                (partner_id, partner_name)
                for partner_id, partner_name, partner_email, partner_phone in rows
                if (email and partner_email == email) or (phone and partner_phone == phone)
            ]
            same = [
                partner_id
                for partner_id, partner_name in candidates
                if partner_id not in taken and name_key(partner_name) == name_key(data["name"])
            ]
            if same:
                taken.add(same[0])
                matched[name] = NewCustomer(data, same[0], None)
            else:
                near = [
                    (partner_id, partner_name)
                    for partner_id, partner_name in candidates
                    if name_key(partner_name) != name_key(data["name"])
                ]
                matched[name] = NewCustomer(data, None, near[0] if near else None)
        return matched

    def _bind_customers(self, new_customers):
        """Write the contacts of app customers met for the first time (see
        ``_resolve_customers``): create the missing contacts in one batch, then the external
        ids <namespace>.customer_<id> of all. Return {app customer id: res.partner}."""
        if not new_customers:
            return {}
        company = self.env.company
        to_create = [new for new in new_customers if not new.partner_id]
        # The API writes the contacts it owns (its namespace, its company) without giving the
        # integration user the right to edit every contact: hence sudo, after validation.
        try:
            with self.env.cr.savepoint():
                created = (
                    self.env["res.partner"]
                    .sudo()
                    .with_context(tracking_disable=True)
                    .create(
                        [
                            {
                                "name": new.data["name"],
                                "phone": new.data["phone"],
                                "email": new.data["email"],
                                "street": new.data["street"],
                                "zip": new.data["zip"],
                                "city": new.data["city"],
                                "company_id": company.id,
                                "customer_rank": 1,
                            }
                            for new in to_create
                        ]
                    )
                )
                ids = dict(
                    zip((new.data["external_id"] for new in to_create), created.ids, strict=True)
                )
                for new in new_customers:
                    ids.setdefault(new.data["external_id"], new.partner_id)
                self.env["ir.model.data"].sudo().create(
                    [
                        {
                            "module": self.xmlid_module,
                            "name": f"customer_{external_id}",
                            "model": "res.partner",
                            "res_id": partner_id,
                            "noupdate": True,
                        }
                        for external_id, partner_id in ids.items()
                    ]
                )
        except psycopg2.errors.UniqueViolation:
            # a concurrent request created the same customer: retry with a fresh snapshot
            retry_transaction(self.env.cr)
        partners = self.env["res.partner"].browse(list(ids.values()))
        return dict(zip(ids, partners, strict=True))

    def _near_match_note(self, new_customer):
        """The note for review of a contact created beside a near-match (see
        ``_match_customers``), or False."""
        if not new_customer.near_match:
            return False
        partner_id, partner_name = new_customer.near_match
        return self.env._(
            "New contact %(name)s created for the app customer %(customer)s: the existing contact "
            "%(other)s (id %(id)s) has the same e-mail or phone but another name. Merge them if "
            "they are the same person.",
            name=new_customer.data["name"],
            customer=new_customer.data["external_id"],
            other=partner_name,
            id=partner_id,
        )
