from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import UserError


class HrExpenseSheet(models.Model):
    """Expense reports in two approvals (OCA hr_expense_tier_validation): the reviews are
    requested on submission; the employee is told of each approval and refusal (with its
    reason); a refusal at either level refuses the report; the last approval approves it,
    which is then to be posted and paid."""

    _inherit = "hr.expense.sheet"

    gf_manager_reviewer_ids = fields.Many2many(
        "res.users",
        compute="_compute_gf_manager_reviewer_ids",
        string="Manager Reviewers",
        help="Who approves first: the employee's expense manager (or manager); without one, "
        "the co-managers of the company.",
    )
    gf_refusal_reason = fields.Char(string="Refusal Reason", readonly=True, copy=False)
    gf_vat_recoverable_amount = fields.Monetary(
        string="Recoverable VAT",
        compute="_compute_gf_vat_recoverable_amount",
        currency_field="currency_id",
    )

    @api.depends("user_id", "employee_id.parent_id.user_id", "company_id")
    def _compute_gf_manager_reviewer_ids(self):
        co_managers = self.env.ref("group_finance.group_manager").sudo().users
        for sheet in self:
            reviewers = sheet.user_id or sheet.employee_id.parent_id.user_id
            if not reviewers:
                reviewers = co_managers.filtered(lambda u, s=sheet: s.company_id in u.company_ids)
            sheet.gf_manager_reviewer_ids = reviewers

    @api.depends("expense_line_ids.gf_vat_recoverable_amount")
    def _compute_gf_vat_recoverable_amount(self):
        for sheet in self:
            sheet.gf_vat_recoverable_amount = sum(
                sheet.expense_line_ids.mapped("gf_vat_recoverable_amount")
            )

    @api.model
    def _get_under_validation_exceptions(self):
        # the refusal's reason is written on a report under validation
        return [*super()._get_under_validation_exceptions(), "gf_refusal_reason"]

    def action_submit_sheet(self):
        self.expense_line_ids._gf_check_submittable()
        self.filtered("gf_refusal_reason").write({"gf_refusal_reason": False})
        res = super().action_submit_sheet()
        to_review = self.filtered(lambda s: s.need_validation and not s.review_ids)
        if to_review:
            # the employee submitted (checked above as himself) but may no longer write his
            # report once submitted: the reviews are requested as superuser, in his name
            to_review.sudo().request_validation()
        return res

    def _gf_two_level_reviews(self):
        definitions = self.env.ref(
            "group_finance.tier_definition_expense_manager", raise_if_not_found=False
        ) | self.env.ref(
            "group_finance.tier_definition_expense_accountant", raise_if_not_found=False
        )
        return self.review_ids.filtered(lambda r: r.definition_id in definitions)

    def _validate_tier(self, tiers=False):
        """One level per approval, and two people for the two levels: a co-manager who is the
        employee's manager is also among the accountants, but approves one level only."""
        self.ensure_one()
        if self._gf_two_level_reviews():
            if self.review_ids.filtered(
                lambda r: r.status == "approved" and r.done_by == self.env.user
            ):
                raise UserError(
                    self.env._(
                        "You already approved this expense report at the other level: this "
                        "level is someone else's."
                    )
                )
            open_reviews = (tiers or self.review_ids).filtered(
                lambda r: r.status in ("waiting", "pending")
            )
            tiers = open_reviews.sorted("sequence")[:1]
        approved_before = self.review_ids.filtered(lambda r: r.status == "approved")
        res = super()._validate_tier(tiers=tiers)
        approved = self.review_ids.filtered(lambda r: r.status == "approved") - approved_before
        if approved:
            self._gf_notify_employee(approved, refused=False)
            if self.validated and self.approval_state == "submit":
                # the last tier approves the report: it is then to be posted and paid
                self._do_approve()
        return res

    def _rejected_tier(self, tiers=False):
        rejected_before = self.review_ids.filtered(lambda r: r.status == "rejected")
        res = super()._rejected_tier(tiers=tiers)
        rejected = self.review_ids.filtered(lambda r: r.status == "rejected") - rejected_before
        if rejected:
            reason = rejected[:1].comment or ""
            self._gf_notify_employee(rejected, refused=True)
            # the report is refused (Odoo's state, with its message): the employee resets it to
            # draft, corrects it and submits it again for two new approvals. The reviewer may
            # not write the report himself: the reason is his review's comment.
            self.sudo().gf_refusal_reason = reason or False
            self.sudo()._do_refuse(reason)
        return res

    def _gf_notify_employee(self, reviews, refused):
        """A message to the employee (notified in the inbox or by email) at each step."""
        self.ensure_one()
        partner = self.employee_id.user_id.partner_id or self.employee_id.work_contact_id
        if not partner:
            return
        for review in reviews:
            if refused:
                body = self.env._(
                    "Your expense report %(name)s was refused (%(step)s) by %(user)s: %(reason)s",
                    name=self.name,
                    step=review.name,
                    user=self.env.user.name,
                    reason=review.comment or "",
                )
            else:
                body = self.env._(
                    "Your expense report %(name)s was approved (%(step)s) by %(user)s.",
                    name=self.name,
                    step=review.name,
                    user=self.env.user.name,
                )
            self.sudo().message_post(
                body=Markup("<p>%s</p>") % body,
                partner_ids=partner.ids,
                message_type="comment",
                subtype_xmlid="mail.mt_note",
            )

    @api.model
    def _gf_forecast_items(self, companies, date_from, date_to):
        """Expense reports approved and posted, still to pay to the employee (out)."""
        sheets = self.search_fetch(
            [
                ("company_id", "in", companies.ids),
                ("state", "=", "post"),
                ("payment_mode", "=", "own_account"),
                ("payment_state", "in", ("not_paid", "partial")),
            ],
            ["name", "employee_id", "amount_residual", "company_id", "accounting_date"],
        )
        today = fields.Date.context_today(self)
        return [
            {
                "date": max(sheet.accounting_date or today, date_from),
                "amount": -sheet.amount_residual,
                "label": f"{sheet.name} {sheet.employee_id.name or ''}".strip(),
                "res_model": "hr.expense.sheet",
                "res_id": sheet.id,
                "company_id": sheet.company_id.id,
                "source": "expense_report",
            }
            for sheet in sheets
            if sheet.amount_residual
        ]
