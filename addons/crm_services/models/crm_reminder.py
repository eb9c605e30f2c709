import logging

from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

_logger = logging.getLogger(__name__)


class CrmReminder(models.Model):
    _name = "crm.reminder"
    _description = "Payment or Contract Reminder"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "date desc, id desc"
    _check_company_auto = True

    name = fields.Char(string="Subject", required=True)
    partner_id = fields.Many2one(
        "res.partner", string="Customer", required=True, index=True, check_company=True
    )
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )
    user_id = fields.Many2one("res.users", string="Responsible", default=lambda self: self.env.user)
    reminder_type = fields.Selection(
        [
            ("payment", "Payment"),
            ("contract_end", "Contract End"),
            ("renewal_notice", "Renewal Notice"),
            ("other", "Other"),
        ],
        string="Type",
        required=True,
        default="payment",
        index=True,
    )
    channel = fields.Selection(
        [("email", "Email"), ("phone", "Phone"), ("sms", "SMS"), ("letter", "Letter")],
        required=True,
        default="email",
    )
    state = fields.Selection(
        [
            ("pending", "Pending"),
            ("sent", "Sent"),
            ("handled", "Handled"),
            ("cancelled", "Cancelled"),
        ],
        string="Status",
        required=True,
        default="pending",
        index=True,
        tracking=True,
    )
    date = fields.Date(required=True, default=fields.Date.context_today, index=True)
    due_date = fields.Date()
    message = fields.Html()
    invoice_id = fields.Many2one(
        "account.move",
        index="btree_not_null",
        check_company=True,
        domain="[('move_type', '=', 'out_invoice'), ('state', '=', 'posted')]",
    )
    contract_id = fields.Many2one("contract.contract", index="btree_not_null", check_company=True)
    currency_id = fields.Many2one(related="company_id.currency_id")
    amount_due = fields.Monetary(compute="_compute_penalties", currency_field="currency_id")
    days_late = fields.Integer(compute="_compute_penalties")
    penalty_amount = fields.Monetary(
        string="Late-Payment Penalties",
        compute="_compute_penalties",
        currency_field="currency_id",
    )
    indemnity_amount = fields.Monetary(
        string="Recovery Indemnity",
        compute="_compute_penalties",
        currency_field="currency_id",
    )
    automatic = fields.Boolean(readonly=True)
    event_key = fields.Char(
        readonly=True,
        copy=False,
        help="The event an automatic reminder was made for: never two reminders for one " "event.",
    )
    sent_date = fields.Datetime(readonly=True, copy=False)
    sent_to = fields.Char(readonly=True, copy=False)
    sent_by_id = fields.Many2one("res.users", readonly=True, copy=False)
    mail_message_id = fields.Many2one(
        "mail.message", string="Sent Message", readonly=True, copy=False
    )

    _sql_constraints = [
        (
            "event_key_company_uniq",
            "unique(company_id, event_key)",
            "A reminder already exists for this event.",
        ),
    ]

    @api.depends("invoice_id.amount_residual", "invoice_id.invoice_date_due", "date")
    def _compute_penalties(self):
        for reminder in self:
            invoice = reminder.invoice_id
            reminder.amount_due = invoice.amount_residual
            reminder.days_late = invoice._crm_days_late(reminder.date) if invoice else 0
            reminder.penalty_amount = invoice._crm_late_penalty(reminder.date) if invoice else 0.0
            reminder.indemnity_amount = (
                invoice._crm_recovery_indemnity(reminder.date) if invoice else 0.0
            )

    @api.constrains("partner_id", "invoice_id", "contract_id")
    def _check_same_customer(self):
        for reminder in self:
            commercial = reminder.partner_id.commercial_partner_id
            for document in (reminder.invoice_id, reminder.contract_id):
                if document and document.partner_id.commercial_partner_id != commercial:
                    raise ValidationError(
                        self.env._(
                            "The reminder %(reminder)s and its document %(document)s "
                            "must concern the same customer.",
                            reminder=reminder.name,
                            document=document.display_name,
                        )
                    )

    def write(self, vals):
        if vals.get("state") == "sent":
            self.partner_id._crm_touch()
        return super().write(vals)

    def action_send(self):
        """Send the reminder: by email through the mail template, the message kept as
        proof; for a phone call, an SMS or a letter, the user records it was done."""
        template = self.env.ref("crm_services.mail_template_crm_reminder")
        for reminder in self:
            if reminder.state != "pending":
                raise UserError(
                    self.env._("Only a pending reminder can be sent (%s).", reminder.name)
                )
            vals = {
                "state": "sent",
                "sent_date": fields.Datetime.now(),
                "sent_by_id": self.env.user.id,
            }
            if reminder.channel == "email":
                recipient = reminder._crm_recipient()
                if not recipient.email:
                    raise UserError(
                        self.env._(
                            "%s has no email address: call or write instead.",
                            recipient.display_name,
                        )
                    )
                message = reminder.message_post_with_source(
                    template,
                    partner_ids=recipient.ids,
                    subtype_xmlid="mail.mt_comment",
                )
                vals.update(mail_message_id=message.id, sent_to=recipient.email_formatted)
                document = reminder.contract_id or reminder.invoice_id
                if document:
                    document.message_post(
                        body=self.env._(
                            "Reminder %(name)s sent by email to %(to)s.",
                            name=reminder.name,
                            to=recipient.email_formatted,
                        )
                    )
            else:
                vals["sent_to"] = reminder._crm_recipient().display_name
            reminder.write(vals)
        return True

    def _crm_recipient(self):
        """Who receives the reminder: the invoice address of the invoice, else the
        contract's partner, else the customer's main contact, else the customer."""
        self.ensure_one()
        return (
            self.invoice_id.partner_id
            or self.contract_id.partner_id
            or self.partner_id.commercial_partner_id.crm_main_contact_id
            or self.partner_id
        )

    def action_handle(self):
        self.filtered(lambda r: r.state in ("pending", "sent")).write({"state": "handled"})

    def action_cancel(self):
        self.filtered(lambda r: r.state == "pending").write({"state": "cancelled"})

    def action_reset(self):
        self.filtered(lambda r: r.state == "cancelled").write({"state": "pending"})

    @api.model
    def _crm_payment_dunning_elsewhere(self):
        """Hook: True when another addon is the one source of payment reminders, so that no
        customer gets two letters for one invoice. group_finance's dunning (issue 12, not built
        yet) overrides it to return True; its mere installation changes nothing, since the
        group_finance of today sends no dunning letter."""
        return False

    @api.model
    @api.returns("self")
    def generate_automatic(self):
        """Create the reminders of unpaid invoices, of contracts nearing their end and
        the renewal notices of tacitly renewed contracts (sent at once, as proof), at
        most once per event. Returns the reminders created. Callable over JSON-RPC."""
        today = fields.Date.context_today(self)
        vals_list = []
        if not self._crm_payment_dunning_elsewhere():
            vals_list += self._crm_payment_reminder_vals(today)
        vals_list += self._crm_contract_reminder_vals(today)
        keys = [vals["event_key"] for vals in vals_list]
        existing = set(
            self.with_context(active_test=False)
            .search([("event_key", "in", keys)])
            .mapped(lambda r: (r.company_id.id, r.event_key))
        )
        vals_list = [
            vals for vals in vals_list if (vals["company_id"], vals["event_key"]) not in existing
        ]
        reminders = self.create(vals_list)
        notices = reminders.filtered(
            lambda r: r.reminder_type == "renewal_notice" and r.channel == "email"
        )
        for notice in notices:
            try:
                with self.env.cr.savepoint():
                    notice.action_send()
            except UserError as error:
                _logger.warning("crm_services: renewal notice %s not sent: %s", notice.name, error)
        return reminders

    @api.model
    def _crm_payment_reminder_vals(self, today):
        invoices = self.env["account.move"].search(
            [
                ("move_type", "=", "out_invoice"),
                ("state", "=", "posted"),
                ("payment_state", "in", ("not_paid", "partial")),
                ("invoice_date_due", "<", today),
                ("company_id", "in", self.env.companies.ids),
            ]
        )
        return [
            {
                "name": self.env._("Unpaid invoice %s", invoice.name),
                "reminder_type": "payment",
                "channel": "email",
                "partner_id": invoice.commercial_partner_id.id,
                "company_id": invoice.company_id.id,
                "user_id": (invoice.invoice_user_id or self.env.user).id,
                "invoice_id": invoice.id,
                "due_date": invoice.invoice_date_due,
                "automatic": True,
                "event_key": f"payment:{invoice.id}:{invoice.invoice_date_due}",
            }
            for invoice in invoices
        ]

    @api.model
    def _crm_contract_reminder_vals(self, today):
        Contract = self.env["contract.contract"]
        vals_list = []
        for company in self.env.companies:
            horizon = today + relativedelta(days=company.crm_contract_reminder_days)
            ending = Contract.search(
                [
                    ("company_id", "=", company.id),
                    ("contract_type", "=", "sale"),
                    ("crm_tacit_renewal", "=", False),
                    ("crm_terminated", "=", False),
                    ("date_end", ">=", today),
                    ("date_end", "<=", horizon),
                ]
            )
            vals_list += [
                {
                    "name": self.env._("Contract %s ends soon", contract.display_name),
                    "reminder_type": "contract_end",
                    "channel": "email",
                    "partner_id": contract.commercial_partner_id.id,
                    "company_id": company.id,
                    "user_id": (contract.user_id or self.env.user).id,
                    "contract_id": contract.id,
                    "due_date": contract.date_end,
                    "automatic": True,
                    "event_key": f"contract_end:{contract.id}:{contract.date_end}",
                }
                for contract in ending
            ]
            renewing = Contract.search(
                [
                    ("company_id", "=", company.id),
                    ("crm_tacit_renewal", "=", True),
                    ("crm_terminated", "=", False),
                    ("crm_renewal_notice_date", "<=", today),
                    ("date_end", ">=", today),
                ]
            )
            vals_list += [
                {
                    "name": self.env._("Renewal notice of %s", contract.display_name),
                    "reminder_type": "renewal_notice",
                    "channel": "email",
                    "partner_id": contract.commercial_partner_id.id,
                    "company_id": company.id,
                    "user_id": (contract.user_id or self.env.user).id,
                    "contract_id": contract.id,
                    "due_date": contract.crm_notice_deadline,
                    "automatic": True,
                    "event_key": f"renewal_notice:{contract.id}:{contract.date_end}",
                }
                for contract in renewing
            ]
        return vals_list

    @api.model
    def _cron_generate(self):
        """The nightly job covers every company, not only those of the cron's user."""
        companies = self.env["res.company"].sudo().search([("active", "=", True)])
        self.with_context(
            allowed_company_ids=companies.ids, mail_notify_force_send=False
        ).generate_automatic()

    @api.model
    def get_stats(self, domain=None):
        """Reminder statistics (the seed's /relances/stats): totals by status, channel
        and type, over the reminders the user may read. One grouped query per axis."""
        domain = domain or []
        stats = {"total": self.search_count(domain)}
        for field in ("state", "channel", "reminder_type"):
            stats[f"by_{field}"] = dict(self._read_group(domain, [field], ["__count"]))
        return stats
