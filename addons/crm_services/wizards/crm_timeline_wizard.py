from odoo import api, fields, models

from ..models.crm_timeline import EVENT_TYPES

ICONS = {
    "activity": "fa-comments",
    "quote": "fa-file-text-o",
    "order": "fa-shopping-cart",
    "contract": "fa-handshake-o",
    "delivery": "fa-truck",
    "invoice": "fa-file-o",
    "payment": "fa-money",
    "reminder": "fa-bell",
}


class CrmTimelineWizard(models.TransientModel):
    """The page of the 360° timeline: filters on top, the merged history below."""

    _name = "crm.timeline.wizard"
    _description = "Customer 360° Timeline Page"

    partner_id = fields.Many2one("res.partner", string="Customer", required=True)
    event_type = fields.Selection(EVENT_TYPES, string="Type", help="Empty: every type.")
    date_from = fields.Date(string="From")
    date_to = fields.Date(string="To")
    timeline_html = fields.Html(string="Timeline", compute="_compute_timeline_html", sanitize=False)

    @api.depends("partner_id", "event_type", "date_from", "date_to")
    def _compute_timeline_html(self):
        labels = dict(EVENT_TYPES)
        for wizard in self:
            if not wizard.partner_id:
                wizard.timeline_html = False
                continue
            data = self.env["crm.timeline"].get_timeline(
                wizard.partner_id.id,
                types=[wizard.event_type] if wizard.event_type else None,
                date_from=wizard.date_from,
                date_to=wizard.date_to,
            )
            months = []
            for event in data["events"]:
                month = (event["date"] or "")[:7]
                if not months or months[-1][0] != month:
                    months.append((month, []))
                months[-1][1].append(event)
            wizard.timeline_html = self.env["ir.qweb"]._render(
                "crm_services.crm_timeline_page",
                {
                    "data": data,
                    "months": months,
                    "labels": labels,
                    "icons": ICONS,
                    "currency": self.env.company.currency_id,
                },
            )
