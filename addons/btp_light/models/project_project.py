from datetime import timedelta

from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import format_date

SITE_STATES = [
    ("planned", "Planned"),
    ("in_progress", "In Progress"),
    ("finished", "Finished"),
]


class ProjectProject(models.Model):
    _inherit = "project.project"

    btp_is_site = fields.Boolean(string="Job Site", index=True, copy=False)
    btp_site_state = fields.Selection(
        SITE_STATES, string="Site Status", default="planned", index=True, tracking=True
    )
    btp_sale_order_id = fields.Many2one(
        "sale.order", string="Quote", copy=False, index=True, check_company=True
    )
    btp_site_address_id = fields.Many2one(
        "res.partner", string="Site Address", help="Address of the job site."
    )
    btp_team_user_ids = fields.Many2many(
        "res.users",
        "btp_project_team_rel",
        "project_id",
        "user_id",
        string="Team",
        help="Technicians working on the site: they read it, they cannot change it.",
    )
    btp_handover_date = fields.Date(
        string="Handover Date",
        tracking=True,
        help="Acceptance of the works (reception): the retention guarantee is released one "
        "year later.",
    )
    btp_start_alerted = fields.Date(copy=False)
    btp_handover_alerted = fields.Date(copy=False)
    btp_retention_release_date = fields.Date(
        string="Retention Release", compute="_compute_btp_retention_release_date"
    )
    btp_overlap_warning = fields.Text(
        string="Planning Conflicts", compute="_compute_btp_overlap_warning"
    )
    btp_invoice_ids = fields.One2many(
        "account.move",
        "btp_site_id",
        string="Invoices",
        domain=[("move_type", "in", ("out_invoice", "out_refund"))],
    )
    btp_invoice_count = fields.Integer(compute="_compute_btp_amounts")
    btp_amount_invoiced = fields.Monetary(
        string="Invoiced", compute="_compute_btp_amounts", currency_field="currency_id"
    )
    btp_amount_residual = fields.Monetary(
        string="Unpaid", compute="_compute_btp_amounts", currency_field="currency_id"
    )
    btp_retention_amount = fields.Monetary(
        string="Retention Held", compute="_compute_btp_amounts", currency_field="currency_id"
    )

    @api.depends("btp_handover_date")
    def _compute_btp_retention_release_date(self):
        for site in self:
            handover = site.btp_handover_date
            site.btp_retention_release_date = handover and handover + relativedelta(years=1)

    @api.depends("btp_invoice_ids.amount_total_signed", "btp_invoice_ids.state")
    def _compute_btp_amounts(self):
        groups = self.env["account.move"]._read_group(
            [
                ("btp_site_id", "in", self.ids),
                ("state", "=", "posted"),
                ("move_type", "in", ("out_invoice", "out_refund")),
            ],
            ["btp_site_id"],
            ["__count", "amount_total_signed:sum", "btp_retention_amount:sum"],
        )
        invoiced = {site: (count, total, held) for site, count, total, held in groups}
        residuals = dict(
            self.env["account.move.line"]._read_group(
                [
                    ("move_id.btp_site_id", "in", self.ids),
                    ("move_id.move_type", "in", ("out_invoice", "out_refund")),
                    ("parent_state", "=", "posted"),
                    ("account_id.account_type", "=", "asset_receivable"),
                    ("reconciled", "=", False),
                ],
                ["move_id"],
                ["amount_residual:sum"],
            )
        )
        for site in self:
            count, total, held = invoiced.get(site, (0, 0.0, 0.0))
            site.btp_invoice_count = count
            site.btp_amount_invoiced = total
            site.btp_retention_amount = held
            site.btp_amount_residual = sum(
                amount for move, amount in residuals.items() if move.btp_site_id == site
            )

    @api.depends("user_id", "btp_team_user_ids", "date_start", "date", "btp_site_state")
    def _compute_btp_overlap_warning(self):
        sites = self.filtered(lambda s: s.btp_is_site and s.date_start and s.date)
        (self - sites).btp_overlap_warning = False
        if not sites:
            return
        people = sites.user_id | sites.btp_team_user_ids
        others = self.search(
            [
                ("btp_is_site", "=", True),
                ("btp_site_state", "!=", "finished"),
                ("date_start", "<=", max(sites.mapped("date"))),
                ("date", ">=", min(sites.mapped("date_start"))),
                "|",
                ("user_id", "in", people.ids),
                ("btp_team_user_ids", "in", people.ids),
            ]
        )
        for site in sites:
            site_people = site.user_id | site.btp_team_user_ids
            messages = []
            for other in others:
                if other.id == site._origin.id:
                    continue
                if other.date_start > site.date or other.date < site.date_start:
                    continue
                shared = site_people & (other.user_id | other.btp_team_user_ids)
                for user in shared:
                    messages.append(
                        self.env._(
                            "%(user)s is also planned on %(site)s from %(start)s to %(end)s.",
                            user=user.name,
                            site=other.name,
                            start=format_date(self.env, other.date_start),
                            end=format_date(self.env, other.date),
                        )
                    )
            site.btp_overlap_warning = "\n".join(messages) or False

    @api.constrains("date_start", "date")
    def _check_btp_dates(self):
        for site in self.filtered("btp_is_site"):
            if site.date_start and site.date and site.date < site.date_start:
                raise ValidationError(
                    self.env._("%(site)s: the end date is before the start date.", site=site.name)
                )

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if vals.get("btp_is_site"):
                # job sites are seen by their manager, their team, the office and accounting
                vals["privacy_visibility"] = "followers"
        sites = super().create(vals_list)
        sites.filtered("btp_is_site")._btp_subscribe_people()
        return sites

    def write(self, vals):
        if self.filtered("btp_is_site") and vals.get("privacy_visibility") not in (
            None,
            "followers",
        ):
            vals = dict(vals, privacy_visibility="followers")
        result = super().write(vals)
        if {"user_id", "btp_team_user_ids"} & set(vals):
            self.filtered("btp_is_site")._btp_subscribe_people()
        if "btp_handover_date" in vals:
            self.filtered("btp_is_site")._btp_update_retention_dates()
        return result

    def _btp_subscribe_people(self):
        for site in self:
            partners = (site.user_id | site.btp_team_user_ids).partner_id
            if partners:
                site.message_subscribe(partner_ids=partners.ids)

    def _btp_update_retention_dates(self):
        moves = self.env["account.move"].sudo().search([("btp_site_id", "in", self.ids)])
        moves._btp_update_retention_due_date()

    def action_btp_start(self):
        self.write({"btp_site_state": "in_progress"})

    def action_btp_finish(self):
        for site in self:
            site.write(
                {
                    "btp_site_state": "finished",
                    "btp_handover_date": site.btp_handover_date or fields.Date.context_today(self),
                }
            )

    def action_btp_view_payments(self):
        self.ensure_one()
        action = self.env["ir.actions.actions"]._for_xml_id("account.action_account_payments")
        action["domain"] = [("btp_site_id", "=", self.id)]
        action["context"] = {"create": False}
        return action

    def action_btp_view_invoices(self):
        self.ensure_one()
        action = self.env["ir.actions.actions"]._for_xml_id("account.action_move_out_invoice_type")
        action["domain"] = [("btp_site_id", "=", self.id)]
        action["context"] = {"default_move_type": "out_invoice", "create": False}
        return action

    # ------------------------------------------------------------------ alerts
    def _btp_key_dates(self):
        """(label, date, record, field) of the key dates of these sites still to alert."""
        self.ensure_one()
        dates = []
        if self.date_start and self.btp_site_state == "planned":
            dates.append((self.env._("Start"), self.date_start, self, "btp_start_alerted"))
        if self.btp_handover_date and self.btp_site_state != "finished":
            dates.append(
                (self.env._("Handover"), self.btp_handover_date, self, "btp_handover_alerted")
            )
        for milestone in self.milestone_ids.filtered(lambda m: not m.is_reached and m.deadline):
            dates.append((milestone.name, milestone.deadline, milestone, "btp_alerted_deadline"))
        return dates

    @api.model
    def _cron_btp_key_date_alerts(self):
        """Email the site manager once per key date entering the alert window."""
        today = fields.Date.context_today(self)
        template = self.env.ref("btp_light.mail_template_btp_key_date", raise_if_not_found=False)
        sites = self.search(
            [
                ("btp_is_site", "=", True),
                ("btp_site_state", "!=", "finished"),
                ("user_id", "!=", False),
            ]
        )
        sent = 0
        for site in sites:
            horizon = today + timedelta(days=site.company_id.btp_alert_days or 7)
            for label, day, record, marker in site._btp_key_dates():
                if not (today <= day <= horizon) or record[marker] == day:
                    continue
                body = self.env._(
                    "%(label)s of job site %(site)s on %(date)s.",
                    label=label,
                    site=site.name,
                    date=format_date(self.env, day),
                )
                if template:
                    template.with_context(btp_alert_body=body).send_mail(
                        site.id, email_layout_xmlid="mail.mail_notification_light"
                    )
                record[marker] = day
                sent += 1
        return sent
