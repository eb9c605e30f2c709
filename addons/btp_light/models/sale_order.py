from odoo import api, fields, models
from odoo.exceptions import UserError

QUOTE_STATUS = [
    ("draft", "Draft"),
    ("sent", "Sent"),
    ("accepted", "Accepted"),
    ("refused", "Refused"),
]


class SaleOrder(models.Model):
    _inherit = "sale.order"

    btp_is_construction = fields.Boolean(
        string="Construction Quote",
        help="Accepting this quote opens a job site; it is invoiced by progress.",
    )
    btp_quote_status = fields.Selection(
        QUOTE_STATUS,
        string="Quote Status",
        compute="_compute_btp_quote_status",
        store=True,
        index=True,
    )
    btp_site_name = fields.Char(
        string="Job Site Name", help="Name of the job site opened when the quote is accepted."
    )
    btp_site_id = fields.Many2one(
        "project.project", string="Job Site", copy=False, readonly=True, check_company=True
    )
    btp_retention_rate = fields.Float(
        string="Retention Guarantee (%)",
        default=lambda self: self.env.company.btp_retention_rate,
        help="Share of each invoice's amount incl. VAT withheld until one year after handover.",
    )
    btp_invoice_count = fields.Integer(compute="_compute_btp_invoice_count")

    _sql_constraints = [
        (
            "btp_retention_rate_range",
            "CHECK(btp_retention_rate >= 0 AND btp_retention_rate <= 100)",
            "The retention guarantee must be between 0 and 100 %.",
        ),
    ]

    @api.depends("state")
    def _compute_btp_quote_status(self):
        mapping = {"draft": "draft", "sent": "sent", "sale": "accepted", "cancel": "refused"}
        for order in self:
            order.btp_quote_status = mapping.get(order.state, "draft")

    @api.depends("invoice_ids")
    def _compute_btp_invoice_count(self):
        for order in self:
            order.btp_invoice_count = len(order.invoice_ids)

    def _action_confirm(self):
        result = super()._action_confirm()
        self.filtered(lambda o: o.btp_is_construction and not o.btp_site_id)._btp_create_sites()
        return result

    def _btp_site_values(self):
        self.ensure_one()
        return {
            "name": self.btp_site_name or self.name,
            "partner_id": self.partner_id.id,
            "btp_site_address_id": self.partner_shipping_id.id,
            "btp_sale_order_id": self.id,
            "company_id": self.company_id.id,
            "btp_is_site": True,
        }

    def _btp_create_sites(self):
        # sudo: the office user accepting the quote may not manage projects outside the sites
        sites = self.env["project.project"].sudo().create([o._btp_site_values() for o in self])
        for order, site in zip(self, sites, strict=True):
            order.btp_site_id = site
            order.message_post(
                body=self.env._("Job site %(site)s opened.", site=site._get_html_link()),
            )
        return sites

    def _prepare_invoice(self):
        values = super()._prepare_invoice()
        if self.btp_is_construction:
            values.update(
                {
                    "btp_site_id": self.btp_site_id.id,
                    "btp_retention_rate": self.btp_retention_rate,
                }
            )
        return values

    def action_btp_refuse(self):
        """The customer refused the quote: it is cancelled (status Refused)."""
        if any(order.state not in ("draft", "sent") for order in self):
            raise UserError(self.env._("Only a draft or sent quote can be refused."))
        return self._action_cancel()

    def action_btp_situation(self):
        """Invoice the progress entered on the lines since the previous situation."""
        return self._btp_invoice(final=False, kind="situation")

    def action_btp_final_invoice(self):
        """Bring every line to 100 %, invoice the rest and deduct the deposits."""
        for order in self:
            order.order_line.filtered(
                lambda line: not line.display_type and not line.is_downpayment
            ).write({"btp_progress": 100.0})
        return self._btp_invoice(final=True, kind="final")

    def _btp_invoice(self, final, kind):
        if any(not order.btp_is_construction or order.state != "sale" for order in self):
            raise UserError(
                self.env._("Only accepted construction quotes are invoiced by progress.")
            )
        invoices = self.env["account.move"]
        for order in self:
            try:
                invoice = order._create_invoices(final=final)
            except UserError as error:
                raise UserError(
                    self.env._(
                        "%(order)s: nothing to invoice. Enter a progress above the previous "
                        "situation on at least one line. (%(detail)s)",
                        order=order.name,
                        detail=error.args[0],
                    )
                ) from error
            invoice.btp_invoice_kind = kind
            invoices |= invoice
        return invoices._get_records_action(name=self.env._("Invoices"))

    def action_btp_deposit(self):
        """The core down payment wizard (percentage of the order) for the deposit invoice."""
        action = self.env["ir.actions.actions"]._for_xml_id(
            "sale.action_view_sale_advance_payment_inv"
        )
        action["context"] = {
            "active_ids": self.ids,
            "active_model": "sale.order",
            "default_advance_payment_method": "percentage",
        }
        return action
