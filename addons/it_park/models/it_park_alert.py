import json
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
                "model": "contract.contract",
                "date_field": "date_end",
                "domain": [("contract_type", "=", "sale"), ("it_contract_kind", "!=", False)],
                "label": self.env._("Contract end"),
                "responsible_field": "user_id",
            },
        ]

    @api.model
    def _cron_it_park_alerts(self):
        """Refresh the warranty statuses, then create the missing reminders, in a fixed number of
        queries whatever the number of records."""
        today = fields.Date.context_today(self)
        self._it_park_refresh_warranty_states(today)
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
        return self._it_park_create_activities(self._it_park_alert_translate(rows))

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
        """Insert the reminders in one query; an existing key is skipped (no duplicates)."""
        if not rows:
            return 0
        activity_type = self.env.ref("it_park.mail_activity_type_it_park_alert")
        self.env.flush_all()
        query = SQL(
            """
            INSERT INTO mail_activity (
                res_model_id, res_model, res_id, res_name, activity_type_id, summary, note,
                date_deadline, user_id, user_tz, automated, active, it_park_alert_key,
                create_uid, create_date, write_uid, write_date)
            SELECT v.res_model_id, v.res_model, v.res_id, v.res_name, %(type)s, v.summary,
                   v.note, v.date_deadline, v.user_id, p.tz, TRUE, TRUE, v.key,
                   %(uid)s, NOW() AT TIME ZONE 'UTC', %(uid)s, NOW() AT TIME ZONE 'UTC'
              FROM jsonb_to_recordset(%(rows)s::jsonb) AS v(
                       key varchar, res_model varchar, res_model_id int, res_id int,
                       res_name varchar, user_id int, summary varchar, note text,
                       date_deadline date)
              JOIN res_users u ON u.id = v.user_id
              JOIN res_partner p ON p.id = u.partner_id
            ON CONFLICT (it_park_alert_key) DO NOTHING
            RETURNING id
            """,
            type=activity_type.id,
            uid=self.env.uid,
            rows=json.dumps(rows),
        )
        self.env.cr.execute(query)
        created = len(self.env.cr.fetchall())
        self.env.invalidate_all()
        _logger.info("IT park alerts: %s reminders created", created)
        return created

    @api.model
    def _it_park_refresh_warranty_states(self, today):
        """The warranty status depends on today's date: move the few assets whose status changed
        (valid -> expiring -> expired) in one UPDATE."""
        self.env.flush_all()
        [(horizon,)] = (
            self.env["res.company"].sudo()._read_group([], aggregates=["it_park_alert_days_1:max"])
        )
        horizon = horizon or 0
        state = SQL(
            """CASE WHEN e.warranty_date < %(today)s THEN 'expired'
                    WHEN e.warranty_date <= %(today)s::date + COALESCE(
                        (SELECT c.it_park_alert_days_1 FROM res_company c
                          WHERE c.id = e.company_id), 60) THEN 'expiring'
                    ELSE 'valid' END""",
            today=today,
        )
        self.env.cr.execute(
            SQL(
                """UPDATE maintenance_equipment e SET warranty_state = %(state)s
                    WHERE e.warranty_date IS NOT NULL
                      AND e.warranty_date <= %(limit)s
                      AND e.warranty_state IS DISTINCT FROM %(state)s""",
                state=state,
                limit=today + relativedelta(days=horizon),
            )
        )
        self.env["maintenance.equipment"].invalidate_model(["warranty_state"])
