import logging

from dateutil.relativedelta import relativedelta
from markupsafe import escape

from odoo import api, fields, models
from odoo.tools import SQL

_logger = logging.getLogger(__name__)


class ItParkAlert(models.AbstractModel):
    """The daily reminders of the IT park (warranty ends, licence expiries...).

    Extension point: override ``_it_park_alert_sources`` and append a source (e.g. contract end
    dates in part 2); the job handles the rest.
    """

    _name = "it.park.alert"
    _description = "IT Park Alerts"

    @api.model
    def _it_park_alert_sources(self):
        """What expires: a list of dicts with

        - ``model``: model name, ``date_field``: the expiry date field,
        - ``domain``: extra domain on the records to watch,
        - ``label``: what the reminder says expires,
        - ``responsible_field``: user field of the record used when the customer (field
          ``customer_id``) has no salesperson.
        """
        return [
            {
                "model": "maintenance.equipment",
                "date_field": "warranty_date",
                "domain": [("is_it_asset", "=", True), ("it_state", "!=", "retired")],
                "label": self.env._("Warranty end"),
                "responsible_field": "technician_user_id",
            },
            {
                "model": "it.license",
                "date_field": "date_end",
                "domain": [],
                "label": self.env._("Licence expiry"),
                "responsible_field": "user_id",
            },
            {
                # the renewal reminder: on the last day to give notice, not on the end date
                "model": "contract.contract",
                "date_field": "it_notice_date",
                "domain": [("contract_type", "=", "sale"), ("it_contract_kind", "!=", False)],
                "label": self.env._("Contract notice deadline"),
                "responsible_field": "user_id",
            },
        ]

    @api.model
    def _cron_it_park_alerts(self):
        """Refresh the warranty statuses, then create the missing reminders, in a fixed number of
        queries whatever the number of records."""
        today = fields.Date.context_today(self)
        self._it_park_refresh_warranty_states(today)
        self._it_park_refresh_covering_contracts()
        Company = self.env["res.company"].sudo()
        [maxima] = Company._read_group(
            [],
            aggregates=[
                "it_park_alert_days_1:max",
                "it_park_alert_days_2:max",
                "it_park_alert_days_3:max",
            ],
        )
        horizon = max(value or 0 for value in maxima)
        delays = {}  # company id -> thresholds, filled from the records' companies
        found = []
        for source in self._it_park_alert_sources():
            date_field = source["date_field"]
            records = (
                self.env[source["model"]]
                .sudo()
                .search(
                    source["domain"]
                    + [
                        (date_field, ">=", today),
                        (date_field, "<=", today + relativedelta(days=horizon)),
                    ]
                )
            )
            found.append((source, records))
        self._it_park_alert_fetch(found)
        rows = []
        for source, records in found:
            for record in records:
                try:
                    row = self._it_park_alert_row(record, source, today, delays)
                except Exception:
                    _logger.exception("IT park alerts: %s skipped", record)
                    continue
                if row:
                    rows.append(row)
        return self._it_park_create_activities(rows)

    @api.model
    def _it_park_alert_fetch(self, found):
        """Load what the reminders need in a fixed number of queries, whatever the number of
        records (the ORM's prefetching would read them in chunks of 1,000): one per source,
        then the customers and the companies of all sources at once."""
        customers = self.env["res.partner"]
        companies = self.env["res.company"]
        for source, records in found:
            Model = records.browse()
            depends = self.env.registry.field_depends[Model._fields["display_name"]]
            names = [name for name in depends if "." not in name and Model._fields[name].store]
            fnames = [source["date_field"], "customer_id", "company_id"]
            records.fetch([*fnames, source["responsible_field"], *names])
            customers |= records.customer_id
            companies |= records.company_id
        customers.fetch(["user_id", "name"])
        companies.fetch(["it_park_alert_days_1", "it_park_alert_days_2", "it_park_alert_days_3"])

    @api.model
    def _it_park_alert_row(self, record, source, today, delays):
        """The reminder due today for ``record``, or None. Raises on inconsistent data."""
        expiry = record[source["date_field"]]
        days_left = (expiry - today).days
        company = record.company_id
        if company.id not in delays:
            delays[company.id] = company._it_park_alert_delays() if company else []
        thresholds = [t for t in delays[company.id] if days_left <= t]
        if not thresholds:
            return None
        threshold = min(thresholds)
        user = record.customer_id.user_id or record[source["responsible_field"]]
        if not user:
            raise ValueError(f"no account manager for {record._name}({record.id})")
        return {
            "key": f"{record._name}:{record.id}:{expiry}:{threshold}",
            "res_model": record._name,
            "res_model_id": self.env["ir.model"]._get_id(record._name),
            "res_id": record.id,
            "res_name": record.display_name,
            "user_id": user.id,
            "summary": self.env._(
                "%(what)s in %(days)s days: %(name)s",
                what=source["label"],
                days=days_left,
                name=record.display_name,
            ),
            "note": str(
                escape(
                    self.env._(
                        "%(what)s on %(date)s (customer: %(customer)s).",
                        what=source["label"],
                        date=expiry,
                        customer=record.customer_id.name or "-",
                    )
                )
            ),
            "date_deadline": str(today),
            "texts": (source["model"], days_left, record.display_name, str(expiry)),
            "customer": record.customer_id.name or "-",
        }

    @api.model
    def _it_park_alert_translate(self, rows):
        """Each reminder in the language of the user it is for, not the job's (one read of
        the users' languages for all the rows)."""
        langs = {}
        if rows:
            # the users' languages in one query, whatever the number of reminders (reading
            # res.users.lang through the ORM prefetches more as the rows grow)
            self.env.cr.execute(
                SQL(
                    """SELECT u.id, p.lang FROM res_users u
                         JOIN res_partner p ON p.id = u.partner_id
                        WHERE u.id IN %s""",
                    tuple({row["user_id"] for row in rows}),
                )
            )
            langs = dict(self.env.cr.fetchall())
        for row in rows:
            model, days_left, name, expiry = row.pop("texts")
            customer = row.pop("customer")
            lang = langs.get(row["user_id"])
            if not lang or lang == self.env.lang:
                continue
            this = self.with_context(lang=lang)
            label = next(s["label"] for s in this._it_park_alert_sources() if s["model"] == model)
            row["summary"] = this.env._(
                "%(what)s in %(days)s days: %(name)s", what=label, days=days_left, name=name
            )
            row["note"] = str(
                escape(
                    this.env._(
                        "%(what)s on %(date)s (customer: %(customer)s).",
                        what=label,
                        date=expiry,
                        customer=customer,
                    )
                )
            )
        return rows

    @api.model
    def _it_park_create_activities(self, rows):
        """Create the reminders through the ORM (the assignee is notified and follows the
        record, as for any activity): the keys that already exist are looked up once, the
        others created in batches. Returns the number of reminders created."""
        if not rows:
            return 0
        Activity = self.env["mail.activity"].sudo().with_context(active_test=False)
        existing = set(
            Activity.search([("it_park_alert_key", "in", [row["key"] for row in rows])]).mapped(
                "it_park_alert_key"
            )
        )
        activity_type = self.env.ref("it_park.mail_activity_type_it_park_alert")
        rows = self._it_park_alert_translate([row for row in rows if row["key"] not in existing])
        vals_list = []
        for row in rows:
            if row["key"] in existing:
                continue
            existing.add(row["key"])
            vals_list.append(
                {
                    "res_model_id": row["res_model_id"],
                    "res_id": row["res_id"],
                    "activity_type_id": activity_type.id,
                    "summary": row["summary"],
                    "note": row["note"],
                    "date_deadline": row["date_deadline"],
                    "user_id": row["user_id"],
                    "automated": True,
                    "it_park_alert_key": row["key"],
                }
            )
        for start in range(0, len(vals_list), self._it_park_alert_batch):
            Activity.create(vals_list[start : start + self._it_park_alert_batch])
        _logger.info("IT park alerts: %s reminders created", len(vals_list))
        return len(vals_list)

    _it_park_alert_batch = 500

    @api.model
    def _it_park_refresh_warranty_states(self, today):
        """The warranty status depends on today's date: recompute it (the rule is
        ``maintenance.equipment._it_park_warranty_state``) on the assets whose status may have
        changed since yesterday: not expired yet and ending within the longest reminder delay."""
        [(horizon,)] = (
            self.env["res.company"].sudo()._read_group([], aggregates=["it_park_alert_days_1:max"])
        )
        Asset = self.env["maintenance.equipment"].sudo()
        assets = Asset.search(
            [
                ("warranty_date", "!=", False),
                ("warranty_date", "<=", today + relativedelta(days=horizon or 0)),
                ("warranty_state", "!=", "expired"),
            ]
        )
        assets.fetch(["warranty_date", "warranty_state", "company_id"])
        changed = {}
        for asset in assets:
            state = asset._it_park_warranty_state(today)
            if state != asset.warranty_state:
                changed.setdefault(state, []).append(asset.id)
        for state, ids in changed.items():
            Asset.browse(ids).write({"warranty_state": state})

    @api.model
    def _it_park_refresh_covering_contracts(self):
        """The covering contract of an asset depends on today's date (a contract starts or
        ends): recompute it on the assets covered by some contract, through the ORM."""
        Asset = self.env["maintenance.equipment"].sudo()
        assets = Asset.search([("it_covering_contract_ids", "!=", False)])
        self.env.add_to_compute(Asset._fields["it_contract_id"], assets)
        assets.flush_recordset(["it_contract_id"])
