from collections import defaultdict

from odoo import api, fields, models
from odoo.exceptions import ValidationError

LEGAL_FORMS = [
    ("ei", "EI (sole proprietorship)"),
    ("eurl", "EURL"),
    ("sarl", "SARL"),
    ("sas", "SAS"),
    ("sasu", "SASU"),
    ("sa", "SA"),
    ("snc", "SNC"),
    ("sci", "SCI"),
    ("scop", "SCOP"),
    ("association", "Association"),
    ("public", "Public body"),
    ("foreign", "Foreign company"),
    ("other", "Other"),
]


class ResPartner(models.Model):
    _inherit = "res.partner"

    crm_category = fields.Selection(
        [
            ("prospect", "Prospect"),
            ("customer", "Customer"),
            ("supplier", "Supplier"),
            ("partner", "Partner"),
        ],
        string="CRM Category",
        index=True,
        tracking=True,
        help="A prospect becomes a customer when its first quote is accepted.",
    )
    crm_legal_form = fields.Selection(LEGAL_FORMS, string="Legal Form")
    crm_annual_revenue = fields.Monetary(string="Yearly Revenue", currency_field="crm_currency_id")
    crm_currency_id = fields.Many2one(
        "res.currency", compute="_compute_crm_currency_id", string="CRM Currency"
    )
    crm_headcount = fields.Integer(string="Headcount")
    crm_first_contact_date = fields.Date(
        string="First Contact", default=fields.Date.context_today, copy=False
    )
    crm_last_activity_date = fields.Date(
        string="Last Customer Activity",
        readonly=True,
        copy=False,
        index=True,
        help="Set by the activities themselves: an activity done, a quote sent or "
        "accepted, a reminder sent.",
    )
    crm_main_contact_id = fields.Many2one(
        "res.partner",
        string="Main Contact",
        domain="[('parent_id', '=', id), ('type', '=', 'contact')]",
    )
    crm_quote_count = fields.Integer(
        string="Quotes", compute="_compute_crm_counters", compute_sudo=False
    )
    crm_contract_count = fields.Integer(
        string="Service Contracts", compute="_compute_crm_counters", compute_sudo=False
    )
    crm_activity_count = fields.Integer(
        string="Activity Count", compute="_compute_crm_counters", compute_sudo=False
    )

    def _compute_crm_currency_id(self):
        for partner in self:
            partner.crm_currency_id = (partner.company_id or self.env.company).currency_id

    def _compute_crm_counters(self):
        """Quotes, contracts and activities of each commercial entity, its contacts
        included: one grouped query per kind, whatever the number of partners."""
        commercials = self.commercial_partner_id
        quotes = self._crm_count_by_commercial(
            "sale.order", [("partner_id", "child_of", commercials.ids)], "partner_id"
        )
        contracts = self._crm_count_by_commercial(
            "contract.contract",
            [("commercial_partner_id", "in", commercials.ids)],
            "commercial_partner_id",
        )
        all_ids = self.with_context(active_test=False).search([("id", "child_of", commercials.ids)])
        activities = self._crm_count_by_commercial(
            "mail.activity",
            [("res_model", "=", "res.partner"), ("res_id", "in", all_ids.ids)],
            "res_id",
        )
        done = self._crm_count_by_commercial(
            "mail.message",
            [
                ("model", "=", "res.partner"),
                ("res_id", "in", all_ids.ids),
                ("mail_activity_type_id", "!=", False),
            ],
            "res_id",
        )
        for partner in self:
            key = partner.commercial_partner_id.id
            partner.crm_quote_count = quotes[key]
            partner.crm_contract_count = contracts[key]
            partner.crm_activity_count = activities[key] + done[key]

    def _crm_count_by_commercial(self, model, domain, groupby):
        """{commercial partner id: count} of the records of ``model`` the user may read."""
        counts = defaultdict(int)
        Model = self.env[model]
        if not self or not Model.has_access("read"):
            return counts
        groups = Model._read_group(domain, [groupby], ["__count"])
        field = Model._fields[groupby]
        ids = [
            (partner.id if field.type == "many2one" else partner, count)
            for partner, count in groups
        ]
        partners = self.browse([pid for pid, _count in ids])
        commercial = {p.id: p.commercial_partner_id.id for p in partners}
        for pid, count in ids:
            counts[commercial.get(pid)] += count
        return counts

    @api.constrains("crm_main_contact_id")
    def _check_crm_main_contact_id(self):
        for partner in self:
            if partner.crm_main_contact_id and partner.crm_main_contact_id.parent_id != partner:
                raise ValidationError(
                    self.env._(
                        "The main contact of %(partner)s must be one of its contacts.",
                        partner=partner.display_name,
                    )
                )

    @api.model
    def _commercial_fields(self):
        return [
            *super()._commercial_fields(),
            "crm_category",
            "crm_legal_form",
            "crm_annual_revenue",
            "crm_headcount",
        ]

    def _crm_touch(self, date=None):
        """Record an interaction with these partners' commercial entities: their last
        activity date moves forward, never back."""
        date = date or fields.Date.context_today(self)
        commercials = self.commercial_partner_id.sudo().filtered(
            lambda p: not p.crm_last_activity_date or p.crm_last_activity_date < date
        )
        if commercials:
            commercials.write({"crm_last_activity_date": date})

    def _crm_mark_customer(self):
        """A prospect (or a partner with no category) becomes a customer."""
        commercials = self.commercial_partner_id.sudo().filtered(
            lambda p: p.crm_category in (False, "prospect")
        )
        if commercials:
            commercials.write({"crm_category": "customer"})

    def action_crm_open_quotes(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "sale.action_quotations_with_onboarding"
        )
        action["domain"] = [("partner_id", "child_of", self.commercial_partner_id.ids)]
        action["context"] = {"default_partner_id": self.id}
        return action

    def action_crm_open_contracts(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("contract.action_customer_contract")
        action["domain"] = [("commercial_partner_id", "=", self.commercial_partner_id.id)]
        action["context"] = {
            "default_partner_id": self.id,
            "default_contract_type": "sale",
        }
        return action

    def action_crm_open_timeline(self):
        """The 360° timeline page of the customer."""
        self.ensure_one()
        wizard = self.env["crm.timeline.wizard"].create(
            {"partner_id": self.commercial_partner_id.id}
        )
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("360° Timeline"),
            "res_model": "crm.timeline.wizard",
            "res_id": wizard.id,
            "view_mode": "form",
            "target": "current",
        }

    def action_crm_open_reminders(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("crm_services.crm_reminder_action")
        action["domain"] = [("partner_id", "child_of", self.commercial_partner_id.ids)]
        action["context"] = {"default_partner_id": self.commercial_partner_id.id}
        return action

    def action_crm_open_activities(self):
        self.ensure_one()
        partners = self.with_context(active_test=False).search(
            [("id", "child_of", self.commercial_partner_id.ids)]
        )
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Activities"),
            "res_model": "mail.activity",
            "view_mode": "list,form",
            "domain": [("res_model", "=", "res.partner"), ("res_id", "in", partners.ids)],
            "context": {
                "default_res_model": "res.partner",
                "default_res_id": self.id,
            },
        }
