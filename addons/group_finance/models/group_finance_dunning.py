# Copyright 2026 The suite's authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Automatic dunning of unpaid customer invoices, on OCA account_invoice_overdue_reminder.

The OCA addon keeps the history (``overdue.reminder.action`` with one
``account.invoice.overdue.reminder`` per invoice and its counter), the pauses
(``no_overdue_reminder`` on the invoice and, per company, on the customer) and the manual
wizard. We add the levels (J+15 courteous, J+30 firm, J+45 last notice + the co-managers told,
J+60 blocked customer) and a daily job that sends each invoice the highest level it has reached
and not yet received: the OCA counter of an invoice is the level it reached, so the job never
sends a level twice, even when it runs twice (the invoices are locked for the run, and a unique
index on (invoice, counter) backs this against two concurrent runs).

Blocking uses core sale's partner warning set to "Blocking Message": sale refuses a quotation for
that customer and every addon can read it without depending on this one. The block is lifted when
the customer has no overdue invoice of the blocking level left, or by a co-manager.
"""

import logging

from markupsafe import Markup

from odoo import Command, api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import SQL

_logger = logging.getLogger(__name__)


class GroupFinanceDunningLevel(models.Model):
    _name = "group.finance.dunning.level"
    _description = "Dunning Level"
    _order = "level"

    name = fields.Char(required=True, translate=True)
    level = fields.Integer(required=True, help="The overdue reminder counter this level sets.")
    days = fields.Integer(
        "Days after due date", required=True, help="Sent when the invoice is this many days late."
    )
    mail_template_id = fields.Many2one(
        "mail.template",
        "E-mail template",
        domain=[("model", "=", "account.move")],
        help="Editable; it renders the invoice (number, amount due, due date, customer).",
    )
    notify_managers = fields.Boolean("Notify the co-managers")
    block_customer = fields.Boolean(help="The customer gets core sale's blocking warning.")
    active = fields.Boolean(default=True)

    _sql_constraints = [
        ("level_unique", "unique(level)", "There is already a dunning level with this number."),
        ("level_positive", "CHECK(level > 0 AND days >= 0)", "Levels and days are positive."),
    ]


class AccountInvoiceOverdueReminder(models.Model):
    _inherit = "account.invoice.overdue.reminder"

    def init(self):
        res = super().init()
        # one reminder per level and invoice: two runs of the job cannot send a level twice
        self.env.cr.execute(
            SQL(
                "CREATE UNIQUE INDEX IF NOT EXISTS account_invoice_overdue_reminder_gf_level_uniq "
                "ON account_invoice_overdue_reminder (invoice_id, counter) WHERE counter > 0"
            )
        )
        return res


class ResPartner(models.Model):
    _inherit = "res.partner"

    gf_dunning_blocked = fields.Boolean(
        "Blocked for unpaid invoices",
        readonly=True,
        copy=False,
        help="Set by the dunning at its blocking level; lifted when paid or by a co-manager.",
    )
    gf_dunning_blocked_date = fields.Date("Blocked on", readonly=True, copy=False)

    def _gf_dunning_block(self, invoices):
        for partner in self:
            late = invoices.filtered(lambda inv, p=partner: inv.commercial_partner_id == p)
            message = self.env._(
                "Customer blocked for unpaid invoices: %(invoices)s. Contact the co-managers.",
                invoices=", ".join(late.mapped("name")),
            )
            partner.sudo().write(
                {
                    "gf_dunning_blocked": True,
                    "gf_dunning_blocked_date": fields.Date.context_today(self),
                    "sale_warn": "block",
                    "sale_warn_msg": message,
                }
            )
            partner.sudo().message_post(body=message)

    def _gf_dunning_unblock(self, reason):
        blocked = self.filtered("gf_dunning_blocked")
        blocked.sudo().write(
            {
                "gf_dunning_blocked": False,
                "gf_dunning_blocked_date": False,
                "sale_warn": "no-message",
                "sale_warn_msg": False,
            }
        )
        for partner in blocked:
            partner.sudo().message_post(body=reason)
        return blocked

    def action_gf_dunning_unblock(self):
        """A co-manager lifts the block by hand."""
        if not self.env.user.has_group("group_finance.group_manager"):
            raise AccessError(self.env._("Only a co-manager can unblock a customer."))
        self._gf_dunning_unblock(
            self.env._("Customer unblocked by %(user)s.", user=self.env.user.name)
        )
        return True

    def _gf_dunning_unblock_paid(self):
        """Unblocks the customers that have no overdue invoice at the blocking level left."""
        blocked = self.filtered("gf_dunning_blocked")
        if not blocked:
            return self.browse()
        block_level = (
            self.env["group.finance.dunning.level"]
            .sudo()
            .search([("block_customer", "=", True)], order="level", limit=1)
        )
        still_late = (
            self.env["account.move"]
            .sudo()
            ._read_group(
                [
                    ("commercial_partner_id", "in", blocked.ids),
                    ("move_type", "=", "out_invoice"),
                    ("state", "=", "posted"),
                    ("payment_state", "not in", ("paid", "in_payment", "reversed")),
                    ("overdue_reminder_counter", ">=", block_level.level or 1),
                ],
                ["commercial_partner_id"],
            )
        )
        late_partners = self.browse([partner.id for (partner,) in still_late])
        return (blocked - late_partners)._gf_dunning_unblock(
            self.env._("Customer unblocked: the unpaid invoices are settled.")
        )


class AccountPartialReconcile(models.Model):
    _inherit = "account.partial.reconcile"

    @api.model_create_multi
    def create(self, vals_list):
        partials = super().create(vals_list)
        moves = (partials.debit_move_id | partials.credit_move_id).move_id
        partners = moves.filtered(
            lambda move: move.move_type == "out_invoice"
        ).commercial_partner_id.filtered("gf_dunning_blocked")
        if partners:
            partners._gf_dunning_unblock_paid()
        return partials


# The invoice side of dunning stays with the rest of dunning (its levels, the partner's block):
# this file is the topic; account_move.py holds the supplier-bill side.
class AccountMove(models.Model):
    _inherit = "account.move"  # pylint: disable=consider-merging-classes-inherited

    gf_days_overdue = fields.Integer("Days overdue", compute="_compute_gf_days_overdue")

    @api.depends("invoice_date_due")
    @api.depends_context("date")
    def _compute_gf_days_overdue(self):
        today = fields.Date.context_today(self)
        for move in self:
            due = move.invoice_date_due
            move.gf_days_overdue = (today - due).days if due and move.overdue else 0

    @api.model
    def _gf_dunning_domain(self, company):
        # OCA's own domain: posted customer invoices of the company, not paid, not paused
        return [
            ("company_id", "=", company.id),
            ("move_type", "=", "out_invoice"),
            ("state", "=", "posted"),
            ("payment_state", "not in", ("paid", "reversed", "in_payment")),
            ("no_overdue_reminder", "=", False),
            ("invoice_date_due", "!=", False),
        ]

    @api.model
    def _gf_dunning_cron(self):
        for company in self.env["res.company"].search([("chart_template", "!=", False)]):
            self.with_company(company)._gf_dunning_run(company)

    @api.model
    def _gf_dunning_run(self, company=None):
        """Sends each overdue invoice of the company the highest level reached and not yet sent.

        Returns the overdue.reminder.action records created."""
        company = company or self.env.company
        levels = self.env["group.finance.dunning.level"].search([("active", "=", True)])
        if not levels:
            return self.env["overdue.reminder.action"]
        today = fields.Date.context_today(self)
        first = min(levels.mapped("days"))
        invoices = self.search(
            [
                *self._gf_dunning_domain(company),
                ("invoice_date_due", "<=", fields.Date.subtract(today, days=first)),
            ],
            order="invoice_date_due, id",
        )
        # pause per customer: OCA's (company-dependent) "Disable Overdue Invoice Reminder"
        invoices = invoices.filtered(
            lambda inv: not inv.commercial_partner_id.with_company(company).no_overdue_reminder
        )
        if not invoices:
            return self.env["overdue.reminder.action"]
        # lock the invoices for this run: a second run waits, then finds the level sent
        self.env.cr.execute(
            SQL("SELECT id FROM account_move WHERE id IN %s FOR UPDATE", tuple(invoices.ids))
        )
        invoices.invalidate_recordset(["overdue_reminder_counter"])
        actions_vals = []
        to_block = self.browse()
        to_notify = self.browse()
        for invoice in invoices:
            late = (today - invoice.invoice_date_due).days
            reached = levels.filtered(lambda lv, late=late: lv.days <= late)
            level = reached[-1:] if reached else levels.browse()
            if not level or level.level <= invoice.overdue_reminder_counter:
                continue
            vals = invoice._gf_dunning_send(level)
            actions_vals.append(vals)
            if level.notify_managers:
                to_notify |= invoice
            if level.block_customer:
                to_block |= invoice
        actions = self.env["overdue.reminder.action"].sudo().create(actions_vals)
        if to_notify:
            to_notify._gf_dunning_notify_managers()
        partners = to_block.commercial_partner_id.filtered(lambda p: not p.gf_dunning_blocked)
        partners._gf_dunning_block(to_block)
        return actions

    def _gf_dunning_send(self, level):
        """Mails one level to the invoice's customer; returns the OCA action's values."""
        self.ensure_one()
        partner = self.partner_id
        mail = self.env["mail.mail"]
        if level.mail_template_id and partner.email:
            mail = mail.browse(level.mail_template_id.send_mail(self.id))
            reminder_type = "mail"
            note = self.env._("Dunning level %(level)s (%(name)s) e-mailed.", level=level.level,
                     name=level.name)  # fmt: skip
        else:
            reminder_type = "post"
            note = self.env._(
                "Dunning level %(level)s (%(name)s) reached: no e-mail address, send a letter.",
                level=level.level, name=level.name,
            )  # fmt: skip
        self.message_post(body=Markup("<strong>%s</strong>") % note)
        return {
            "commercial_partner_id": self.commercial_partner_id.id,
            "partner_id": partner.id,
            "company_id": self.company_id.id,
            "user_id": self.env.user.id,
            "reminder_type": reminder_type,
            "mail_id": mail.id,
            "result_notes": note,
            "reminder_ids": [Command.create({"invoice_id": self.id, "counter": level.level})],
        }

    def _gf_dunning_notify_managers(self):
        group = self.env.ref("group_finance.group_manager")
        activity_type = self.env.ref("mail.mail_activity_data_todo")
        vals = []
        for invoice in self:
            managers = group.users.filtered(
                lambda user, inv=invoice: inv.company_id in user.company_ids and not user.share
            )
            vals += [
                {
                    "res_model_id": self.env["ir.model"]._get_id("account.move"),
                    "res_id": invoice.id,
                    "activity_type_id": activity_type.id,
                    "user_id": manager.id,
                    "summary": self.env._(
                        "Last notice sent: %(customer)s, %(amount)s due",
                        customer=invoice.commercial_partner_id.name,
                        amount=invoice.amount_residual,
                    ),  # fmt: skip
                }
                for manager in managers
            ]
        self.env["mail.activity"].sudo().create(vals)

    def action_gf_dunning_run(self):
        """Button "Run the dunning now" (co-managers and accountants)."""
        if not self.env.user.has_group("group_finance.group_accountant"):
            raise AccessError(self.env._("Only the accountants and co-managers run the dunning."))
        actions = self._gf_dunning_run(self.env.company)
        if not actions:
            raise UserError(self.env._("No invoice has reached a new dunning level today."))
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "type": "success",
                "message": self.env._("%s reminders sent.", len(actions)),
                "next": {"type": "ir.actions.act_window_close"},
            },
        }
