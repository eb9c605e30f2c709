from collections import defaultdict
from datetime import date, datetime, time

from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.tools import SQL, html2plaintext

EVENT_TYPES = [
    ("activity", "Activities"),
    ("quote", "Quotes"),
    ("order", "Sale Orders"),
    ("contract", "Contracts"),
    ("delivery", "Deliveries and Shipments"),
    ("invoice", "Invoices"),
    ("payment", "Payments"),
    ("reminder", "Reminders"),
]


class CrmTimeline(models.AbstractModel):
    """The 360° timeline of a customer: one chronological list merging the records of
    every application, with engagement figures. Each source is read with one bounded
    query (plus the names of its many2one fields), so the number of queries does not
    depend on the number of records of the customer."""

    _name = "crm.timeline"
    _description = "Customer 360° Timeline"

    @api.model
    def get_timeline(self, partner_id, types=None, date_from=None, date_to=None, limit=100):
        """The timeline of one customer, over JSON-RPC too.

        :param partner_id: id of the customer (its company and contacts are included)
        :param types: event types to keep (see EVENT_TYPES), all by default
        :param date_from, date_to: period (``YYYY-MM-DD``), open by default
        :param limit: most recent events kept per type (at most 500)
        :return: ``{"partner": {...}, "events": [...], "stats": {...}}``, events newest
            first, each ``{"type", "date", "title", "detail", "state", "amount", "model",
            "res_id"}``
        """
        partner = self.env["res.partner"].browse(int(partner_id)).commercial_partner_id
        partner.check_access("read")
        types = set(types or dict(EVENT_TYPES))
        unknown = types - set(dict(EVENT_TYPES))
        if unknown:
            raise ValueError(f"Unknown event types: {sorted(unknown)}")
        limit = max(1, min(int(limit or 100), 500))
        period = (
            fields.Date.to_date(date_from) if date_from else None,
            fields.Date.to_date(date_to) if date_to else None,
        )
        family = (
            self.env["res.partner"]
            .with_context(active_test=False)
            .search([("id", "child_of", partner.ids)])
        )
        events = []
        for source in self._timeline_sources():
            if source["type"] in types or source.get("also") in types:
                events += source["read"](partner, family, period, limit)
        events = [e for e in events if e["type"] in types]
        events.sort(key=lambda e: (e["date"] or date.min, e["res_id"]), reverse=True)
        return {
            "partner": {"id": partner.id, "name": partner.display_name},
            "events": [{**e, "date": fields.Date.to_string(e["date"])} for e in events],
            "stats": self._timeline_stats(partner, family),
        }

    def _timeline_sources(self):
        sources = [
            {"type": "activity", "read": self._read_activities},
            {"type": "quote", "also": "order", "read": self._read_orders},
            {"type": "contract", "read": self._read_contracts},
            {"type": "invoice", "read": self._read_invoices},
            {"type": "payment", "read": self._read_payments},
            {"type": "reminder", "read": self._read_reminders},
        ]
        if "stock.picking" in self.env:
            sources.append({"type": "delivery", "read": self._read_pickings})
        return sources

    # ------------------------------------------------------------------ sources
    def _readable(self, model):
        return model in self.env and self.env[model].has_access("read")

    @staticmethod
    def _period_domain(field, period, is_datetime=False):
        start, end = period
        domain = []
        if start:
            domain.append(
                (field, ">=", datetime.combine(start, time.min) if is_datetime else start)
            )
        if end:
            domain.append(
                (field, "<", datetime.combine(end + relativedelta(days=1), time.min))
                if is_datetime
                else (field, "<=", end)
            )
        return domain

    @staticmethod
    def _event(type_, day, title, model, res_id, detail="", state="", amount=None):
        if isinstance(day, datetime):
            day = day.date()
        return {
            "type": type_,
            "date": day,
            "title": title,
            "detail": detail or "",
            "state": state or "",
            "amount": amount,
            "model": model,
            "res_id": res_id,
        }

    def _read_activities(self, partner, family, period, limit):
        events = []
        if self._readable("mail.activity"):
            planned = self.env["mail.activity"].search_read(
                [
                    ("res_model", "=", "res.partner"),
                    ("res_id", "in", family.ids),
                    *self._period_domain("date_deadline", period),
                ],
                ["date_deadline", "summary", "activity_type_id", "user_id", "res_id"],
                order="date_deadline desc, id desc",
                limit=limit,
            )
            events += [
                self._event(
                    "activity",
                    a["date_deadline"],
                    a["summary"] or (a["activity_type_id"] and a["activity_type_id"][1]) or "",
                    "res.partner",
                    a["res_id"],
                    detail=a["activity_type_id"] and a["activity_type_id"][1],
                    state=self.env._("Planned"),
                )
                for a in planned
            ]
        done = self.env["mail.message"].search_read(
            [
                ("model", "=", "res.partner"),
                ("res_id", "in", family.ids),
                ("mail_activity_type_id", "!=", False),
                *self._period_domain("date", period, is_datetime=True),
            ],
            ["date", "mail_activity_type_id", "body", "res_id"],
            order="date desc, id desc",
            limit=limit,
        )
        events += [
            self._event(
                "activity",
                m["date"],
                m["mail_activity_type_id"][1],
                "res.partner",
                m["res_id"],
                detail=html2plaintext(m["body"] or "")[:300],
                state=self.env._("Done"),
            )
            for m in done
        ]
        return events

    def _read_orders(self, partner, family, period, limit):
        if not self._readable("sale.order"):
            return []
        states = dict(
            self.env["sale.order"]._fields["crm_quote_state"]._description_selection(self.env)
        )
        orders = self.env["sale.order"].search_read(
            [
                ("partner_id", "in", family.ids),
                *self._period_domain("date_order", period, is_datetime=True),
            ],
            ["date_order", "name", "crm_quote_number", "crm_quote_state", "amount_total"],
            order="date_order desc, id desc",
            limit=limit,
        )
        return [
            self._event(
                "order" if o["crm_quote_state"] == "accepted" else "quote",
                o["date_order"],
                " / ".join(filter(None, [o["crm_quote_number"], o["name"]])),
                "sale.order",
                o["id"],
                state=states.get(o["crm_quote_state"], ""),
                amount=o["amount_total"],
            )
            for o in orders
        ]

    def _read_contracts(self, partner, family, period, limit):
        if not self._readable("contract.contract"):
            return []
        contracts = self.env["contract.contract"].search(
            [
                ("commercial_partner_id", "=", partner.id),
                *self._period_domain("date_start", period),
            ],
            order="date_start desc, id desc",
            limit=limit,
        )
        states = dict(
            self.env["contract.contract"]._fields["crm_state"]._description_selection(self.env)
        )
        return [
            self._event(
                "contract",
                c.date_start,
                " - ".join(filter(None, [c.code, c.name])),
                "contract.contract",
                c.id,
                detail=c.crm_service_type_id.name or "",
                state=states.get(c.crm_state, ""),
                amount=c.crm_amount,
            )
            for c in contracts
        ]

    def _read_invoices(self, partner, family, period, limit):
        if not self._readable("account.move"):
            return []
        payment_states = dict(
            self.env["account.move"]._fields["payment_state"]._description_selection(self.env)
        )
        moves = self.env["account.move"].search_read(
            [
                ("commercial_partner_id", "=", partner.id),
                ("move_type", "in", ("out_invoice", "out_refund")),
                ("state", "=", "posted"),
                *self._period_domain("invoice_date", period),
            ],
            ["invoice_date", "name", "amount_total_signed", "payment_state", "invoice_date_due"],
            order="invoice_date desc, id desc",
            limit=limit,
        )
        return [
            self._event(
                "invoice",
                m["invoice_date"],
                m["name"],
                "account.move",
                m["id"],
                detail=self.env._("Due %s", m["invoice_date_due"]) if m["invoice_date_due"] else "",
                state=payment_states.get(m["payment_state"], ""),
                amount=m["amount_total_signed"],
            )
            for m in moves
        ]

    def _read_payments(self, partner, family, period, limit):
        if not self._readable("account.payment"):
            return []
        payments = self.env["account.payment"].search_read(
            [
                ("partner_id", "in", family.ids),
                ("partner_type", "=", "customer"),
                *self._period_domain("date", period),
            ],
            ["date", "name", "amount_signed", "state"],
            order="date desc, id desc",
            limit=limit,
        )
        return [
            self._event(
                "payment",
                p["date"],
                p["name"],
                "account.payment",
                p["id"],
                state=p["state"],
                amount=p["amount_signed"],
            )
            for p in payments
        ]

    def _read_reminders(self, partner, family, period, limit):
        if not self._readable("crm.reminder"):
            return []
        Reminder = self.env["crm.reminder"]
        channels = dict(Reminder._fields["channel"]._description_selection(self.env))
        states = dict(Reminder._fields["state"]._description_selection(self.env))
        reminders = Reminder.search_read(
            [("partner_id", "in", family.ids), *self._period_domain("date", period)],
            ["date", "name", "channel", "state"],
            order="date desc, id desc",
            limit=limit,
        )
        return [
            self._event(
                "reminder",
                r["date"],
                r["name"],
                "crm.reminder",
                r["id"],
                detail=channels.get(r["channel"], ""),
                state=states.get(r["state"], ""),
            )
            for r in reminders
        ]

    def _read_pickings(self, partner, family, period, limit):
        if not self._readable("stock.picking"):
            return []
        pickings = self.env["stock.picking"].search_read(
            [
                ("partner_id", "in", family.ids),
                *self._period_domain("scheduled_date", period, is_datetime=True),
            ],
            ["scheduled_date", "name", "origin", "state", "picking_type_code"],
            order="scheduled_date desc, id desc",
            limit=limit,
        )
        return [
            self._event(
                "delivery",
                p["scheduled_date"],
                p["name"],
                "stock.picking",
                p["id"],
                detail=p["origin"] or "",
                state=p["state"],
            )
            for p in pickings
        ]

    # ------------------------------------------------------------------ figures
    def _timeline_stats(self, partner, family):
        """Engagement figures: activities per month (last 12 months), quotes won and
        lost, revenue invoiced, average payment delay (days). Grouped queries only."""
        today = fields.Date.context_today(self)
        since = today.replace(day=1) - relativedelta(months=11)
        per_month = defaultdict(int)
        groups = self.env["mail.message"]._read_group(
            [
                ("model", "=", "res.partner"),
                ("res_id", "in", family.ids),
                ("mail_activity_type_id", "!=", False),
                ("date", ">=", datetime.combine(since, time.min)),
            ],
            ["date:month"],
            ["__count"],
        )
        for month, count in groups:
            per_month[month.strftime("%Y-%m")] += count
        stats = {
            "activities_per_month": dict(sorted(per_month.items())),
            "activities_monthly_average": round(sum(per_month.values()) / 12.0, 1),
            "quotes_won": 0,
            "quotes_lost": 0,
            "quotes_open": 0,
            "revenue": 0.0,
            "average_payment_delay": None,
            "currency": self.env.company.currency_id.name,
        }
        if self._readable("sale.order"):
            for state, count in self.env["sale.order"]._read_group(
                [("partner_id", "in", family.ids)], ["crm_quote_state"], ["__count"]
            ):
                if state == "accepted":
                    stats["quotes_won"] += count
                elif state in ("refused", "expired"):
                    stats["quotes_lost"] += count
                elif state in ("draft", "sent"):
                    stats["quotes_open"] += count
        if self._readable("account.move"):
            domain = [
                ("commercial_partner_id", "=", partner.id),
                ("move_type", "in", ("out_invoice", "out_refund")),
                ("state", "=", "posted"),
            ]
            [(revenue,)] = self.env["account.move"]._read_group(
                domain, [], ["amount_untaxed_signed:sum"]
            )
            stats["revenue"] = revenue or 0.0
            stats["average_payment_delay"] = self._average_payment_delay(partner)
        return stats

    def _average_payment_delay(self, partner):
        """Average days between an invoice date and the reconciliation that paid it.
        Raw SQL: the ORM cannot average a difference of two dates across the partial
        reconciliations; the companies are those of the user (record rules)."""
        self.env["account.move"].flush_model(
            ["commercial_partner_id", "move_type", "state", "invoice_date", "company_id"]
        )
        self.env["account.move.line"].flush_model(["move_id"])
        self.env["account.partial.reconcile"].flush_model(["debit_move_id", "max_date"])
        self.env.cr.execute(
            SQL(
                """
                SELECT AVG(partial.max_date - move.invoice_date)
                  FROM account_partial_reconcile partial
                  JOIN account_move_line line ON line.id = partial.debit_move_id
                  JOIN account_move move ON move.id = line.move_id
                 WHERE move.commercial_partner_id = %(partner)s
                   AND move.move_type = 'out_invoice'
                   AND move.state = 'posted'
                   AND move.company_id IN %(companies)s
                """,
                partner=partner.id,
                companies=tuple(self.env.companies.ids),
            )
        )
        delay = self.env.cr.fetchone()[0]
        return round(float(delay), 1) if delay is not None else None
