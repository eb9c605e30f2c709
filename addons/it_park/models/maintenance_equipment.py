import ipaddress
import re

from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import ValidationError

from ..lib import glpi

MAC_RE = re.compile(r"^[0-9A-Fa-f]{2}([:-])(?:[0-9A-Fa-f]{2}\1){4}[0-9A-Fa-f]{2}$")
HOSTNAME_LABEL_RE = re.compile(r"^(?!-)[A-Za-z0-9-]{1,63}(?<!-)$")

WARRANTY_STATES = [("valid", "Valid"), ("expiring", "Expiring"), ("expired", "Expired")]


def is_valid_hostname(hostname):
    """RFC 1123 host name: dot-separated labels of letters, digits and inner hyphens."""
    if len(hostname) > 253:
        return False
    labels = hostname.rstrip(".").split(".")
    return all(HOSTNAME_LABEL_RE.match(label) for label in labels)


class MaintenanceEquipment(models.Model):
    """An IT asset of a customer is a maintenance equipment with ``is_it_asset`` set.

    Plain maintenance equipment keeps its behaviour: the IT fields stay empty and the IT views
    and rules only look at records flagged as IT assets.
    """

    _name = "maintenance.equipment"
    _inherit = ["maintenance.equipment", "it.park.company.mixin"]

    is_it_asset = fields.Boolean(string="IT Asset", index=True, copy=True)
    customer_id = fields.Many2one(
        "res.partner",
        index=True,
        tracking=True,
        check_company=True,
        domain="[('is_company', '=', True)]",
    )
    site_id = fields.Many2one(
        "res.partner",
        tracking=True,
        domain="[('parent_id', '=', customer_id), ('type', 'in', ('other', 'delivery'))]",
        help="Address of the customer where the asset is installed.",
    )
    end_user_id = fields.Many2one(
        "res.partner",
        tracking=True,
        domain="[('parent_id', '=', customer_id), ('type', '=', 'contact')]",
        help="Contact of the customer who uses the asset.",
    )
    it_category_id = fields.Many2one(
        "it.asset.category", string="IT Category", index=True, tracking=True, check_company=True
    )
    asset_model_id = fields.Many2one(
        "it.asset.model", string="Hardware Model", check_company=True, tracking=True
    )
    brand = fields.Char(tracking=True)
    inventory_tag = fields.Char(copy=False, tracking=True, index=True)
    hostname = fields.Char(tracking=True)
    ip_address = fields.Char(string="IP Address", tracking=True, groups="base.group_user")
    mac_address = fields.Char(string="MAC Address", tracking=True, groups="base.group_user")
    operating_system = fields.Char(tracking=True)
    purchase_date = fields.Date()
    warranty_start_date = fields.Date(string="Warranty Start")
    warranty_duration = fields.Integer(string="Warranty (months)")
    warranty_date = fields.Date(
        string="Warranty End",
        compute="_compute_warranty_date",
        store=True,
        readonly=False,
        tracking=True,
    )
    warranty_state = fields.Selection(
        WARRANTY_STATES,
        string="Warranty Status",
        compute="_compute_warranty_state",
        store=True,
        index=True,
        help="Recomputed every day by the IT park alerts job: 'Expiring' within the company's "
        "first reminder delay.",
    )
    it_state = fields.Selection(
        [
            ("stock", "In Stock"),
            ("deployed", "Deployed"),
            ("repair", "In Repair"),
            ("retired", "Retired"),
        ],
        string="Lifecycle State",
        default="stock",
        tracking=True,
        index=True,
    )
    # it_ prefixed: OCA maintenance_equipment_hierarchy adds parent_id/child_ids to the same
    # model (an asset's components are it_park's own notion, kept apart from it)
    it_parent_id = fields.Many2one(
        "maintenance.equipment",
        string="Parent Asset",
        index=True,
        check_company=True,
        tracking=True,
        ondelete="set null",
    )
    it_child_ids = fields.One2many("maintenance.equipment", "it_parent_id", string="Components")
    license_assignment_ids = fields.One2many(
        "it.license.assignment", "asset_id", string="Licence Seats"
    )
    compatible_consumable_ids = fields.Many2many(
        related="asset_model_id.consumable_product_ids", string="Compatible Consumables"
    )
    it_ticket_ids = fields.Many2many(
        "helpdesk.ticket",
        "helpdesk_ticket_it_asset_rel",
        "asset_id",
        "ticket_id",
        string="Tickets",
    )
    it_covering_contract_ids = fields.Many2many(
        "contract.contract",
        "contract_contract_it_asset_rel",
        "asset_id",
        "contract_id",
        string="Contracts",
    )
    it_contract_id = fields.Many2one(
        "contract.contract",
        string="Covering Contract",
        compute="_compute_it_contract_id",
        store=True,
        index="btree_not_null",
        help="The active customer contract covering this asset.",
    )
    it_software_ids = fields.Many2many(
        "it.software",
        "maintenance_equipment_it_software_rel",
        "asset_id",
        "software_id",
        string="Installed Software",
        check_company=True,
        help="Software installed on the asset; a licence seat given to the asset adds its "
        "software.",
    )
    # the asset's counters (smart buttons) and financial summary, as GLPI and Snipe-IT show
    # them; computed in a constant number of queries for any number of assets
    it_ticket_count = fields.Integer(string="Ticket Count", compute="_compute_it_counters")
    it_license_count = fields.Integer(string="Licence Count", compute="_compute_it_counters")
    it_contract_count = fields.Integer(string="Contract Count", compute="_compute_it_counters")
    it_attachment_count = fields.Integer(string="Asset Attachments", compute="_compute_it_counters")
    it_currency_id = fields.Many2one(
        "res.currency", string="Currency", compute="_compute_it_financials"
    )
    it_parts_cost = fields.Monetary(
        string="Parts Cost",
        currency_field="it_currency_id",
        compute="_compute_it_financials",
        groups="base.group_user",
        help="Cost of the spare parts used on the asset's tickets and interventions.",
    )
    it_hours_spent = fields.Float(
        string="Hours Spent",
        compute="_compute_it_financials",
        groups="base.group_user",
        help="Time logged on the asset's tickets and interventions.",
    )
    it_labour_cost = fields.Monetary(
        string="Labour Cost",
        currency_field="it_currency_id",
        compute="_compute_it_financials",
        groups="base.group_user",
        help="Cost of the time logged on the asset's tickets and interventions.",
    )
    it_contract_amount = fields.Monetary(
        string="Contract Amount",
        currency_field="it_currency_id",
        compute="_compute_it_financials",
        groups="base.group_user",
        help="Amount invoiced per period by the contract covering the asset.",
    )
    it_total_cost = fields.Monetary(
        string="Total Cost",
        currency_field="it_currency_id",
        compute="_compute_it_financials",
        groups="base.group_user",
        help="Purchase cost, parts and labour.",
    )
    # Maintenance's internal data: portal customers read their own assets (record rules) but
    # not these fields, which the portal pages never show (purchase, vendor, staff, notes).
    cost = fields.Float(groups="base.group_user")
    partner_id = fields.Many2one(groups="base.group_user")
    partner_ref = fields.Char(groups="base.group_user")
    technician_user_id = fields.Many2one(groups="base.group_user")
    owner_user_id = fields.Many2one(groups="base.group_user")
    note = fields.Html(groups="base.group_user")

    _sql_constraints = [
        (
            "inventory_tag_company_uniq",
            # A unique index on (inventory_tag, COALESCE(company_id, 0)), so that equipment
            # without a company cannot share a tag either (see it.asset.category).
            "EXCLUDE USING btree (inventory_tag WITH =, (COALESCE(company_id, 0)) WITH =)",
            "The inventory tag must be unique per company.",
        ),
        (
            # maintenance's unique(serial_no) made per customer and manufacturer: two
            # customers may own machines whose manufacturers reuse a serial number.
            "serial_no",
            "EXCLUDE USING btree (serial_no WITH =, (COALESCE(customer_id, 0)) WITH =, "
            "(lower(COALESCE(brand, ''))) WITH =)",
            "Another asset of this customer and manufacturer has this serial number.",
        ),
    ]

    @api.depends(
        "it_covering_contract_ids.active",
        "it_covering_contract_ids.date_end",
        "it_covering_contract_ids.contract_type",
    )
    def _compute_it_contract_id(self):
        today = fields.Date.context_today(self)
        for asset in self:
            contracts = asset.it_covering_contract_ids.filtered(
                lambda c: c.active
                and c.contract_type == "sale"
                and (not c.date_start or c.date_start <= today)
                and (not c.date_end or c.date_end >= today)
            )
            asset.it_contract_id = contracts.sorted("date_start", reverse=True)[:1]

    def _compute_it_counters(self):
        ids = [asset_id for asset_id in self.ids if asset_id]
        tickets = dict(
            self.env["helpdesk.ticket"]._read_group(
                [("it_asset_ids", "in", ids)], ["it_asset_ids"], ["__count"]
            )
        )
        seats = dict(
            self.env["it.license.assignment"]._read_group(
                [("asset_id", "in", ids)], ["asset_id"], ["license_id:count_distinct"]
            )
        )
        contracts = dict(
            self.env["contract.contract"]._read_group(
                [("it_asset_ids", "in", ids)], ["it_asset_ids"], ["__count"]
            )
        )
        attachments = dict(
            self.env["ir.attachment"]._read_group(
                [("res_model", "=", self._name), ("res_id", "in", ids)], ["res_id"], ["__count"]
            )
        )
        for asset in self:
            asset.it_ticket_count = tickets.get(asset._origin, 0)
            asset.it_license_count = seats.get(asset._origin, 0)
            asset.it_contract_count = contracts.get(asset._origin, 0)
            asset.it_attachment_count = attachments.get(asset._origin.id, 0)

    @api.depends_context("company")
    def _compute_it_financials(self):
        """Parts (done moves of the asset's tickets and interventions, at the article's cost),
        time (timesheets of the same), the covering contract's amount per period."""
        ids = [asset_id for asset_id in self.ids if asset_id]
        env = self.env
        tickets_by_asset = {}
        for ticket in env["helpdesk.ticket"].sudo().search([("it_asset_ids", "in", ids)]):
            for asset in ticket.it_asset_ids:
                tickets_by_asset.setdefault(asset.id, set()).add(ticket.id)
        requests = (
            env["maintenance.request"]
            .sudo()
            .search_fetch([("equipment_id", "in", ids)], ["equipment_id"])
        )
        ticket_ids = {tid for tids in tickets_by_asset.values() for tid in tids}
        moves = (
            env["stock.move"]
            .sudo()
            .search_fetch(
                [
                    ("state", "=", "done"),
                    "|",
                    ("it_ticket_id", "in", list(ticket_ids)),
                    ("it_request_id", "in", requests.ids),
                ],
                ["it_ticket_id", "it_request_id", "product_id", "quantity"],
            )
        )
        lines = (
            env["account.analytic.line"]
            .sudo()
            .search_fetch(
                [
                    "|",
                    ("it_ticket_id", "in", list(ticket_ids)),
                    ("it_request_id", "in", requests.ids),
                ],
                ["it_ticket_id", "it_request_id", "unit_amount", "amount"],
            )
        )
        contracts = self.sudo().it_contract_id
        contracts.contract_line_ids.fetch(["price_subtotal"])
        for asset in self:
            own_requests = requests.filtered(lambda r, a=asset: r.equipment_id == a._origin)
            own_tickets = tickets_by_asset.get(asset._origin.id, set())

            def is_own(record, tickets=own_tickets, reqs=own_requests):
                return record.it_request_id in reqs or (
                    not record.it_request_id and record.it_ticket_id.id in tickets
                )

            own_moves = moves.filtered(is_own)
            own_lines = lines.filtered(is_own)
            company = asset.company_id or env.company
            currency = company.currency_id
            asset.it_currency_id = currency
            asset.it_parts_cost = currency.round(
                sum(
                    m.quantity * m.product_id.with_company(company).standard_price
                    for m in own_moves
                )
            )
            asset.it_hours_spent = sum(own_lines.mapped("unit_amount"))
            asset.it_labour_cost = currency.round(-sum(own_lines.mapped("amount")))
            asset.it_contract_amount = sum(
                asset.sudo().it_contract_id.contract_line_ids.mapped("price_subtotal")
            )
            asset.it_total_cost = asset.cost + asset.it_parts_cost + asset.it_labour_cost

    @api.depends("warranty_start_date", "warranty_duration")
    def _compute_warranty_date(self):
        for asset in self:
            if asset.warranty_start_date and asset.warranty_duration:
                asset.warranty_date = asset.warranty_start_date + relativedelta(
                    months=asset.warranty_duration
                )
            else:
                asset.warranty_date = asset.warranty_date

    @api.depends("warranty_date", "company_id.it_park_alert_days_1")
    def _compute_warranty_state(self):
        today = fields.Date.context_today(self)
        for asset in self:
            asset.warranty_state = asset._it_park_warranty_state(today)

    def _it_park_warranty_state(self, today):
        if not self.warranty_date:
            return False
        if self.warranty_date < today:
            return "expired"
        delay = (self.company_id or self.env.company).it_park_alert_days_1
        if self.warranty_date <= today + relativedelta(days=delay):
            return "expiring"
        return "valid"

    @api.constrains("ip_address")
    def _check_ip_address(self):
        for asset in self.filtered("ip_address"):
            try:
                ipaddress.ip_address(asset.ip_address.strip())
            except ValueError as error:
                raise ValidationError(
                    self.env._("%(ip)s is not a valid IPv4 or IPv6 address.", ip=asset.ip_address)
                ) from error

    @api.constrains("mac_address")
    def _check_mac_address(self):
        for asset in self.filtered("mac_address"):
            if not MAC_RE.match(asset.mac_address.strip()):
                raise ValidationError(
                    self.env._(
                        "%(mac)s is not a valid MAC address (expected AA:BB:CC:DD:EE:FF).",
                        mac=asset.mac_address,
                    )
                )

    @api.constrains("hostname")
    def _check_hostname(self):
        for asset in self.filtered("hostname"):
            if not is_valid_hostname(asset.hostname.strip()):
                raise ValidationError(
                    self.env._(
                        "%(name)s is not a valid host name (letters, digits and hyphens, "
                        "dot-separated).",
                        name=asset.hostname,
                    )
                )

    @api.constrains("customer_id", "site_id", "end_user_id")
    def _check_customer_contacts(self):
        for asset in self:
            customer = asset.customer_id.commercial_partner_id
            for contact in (asset.site_id, asset.end_user_id):
                if contact and contact.commercial_partner_id != customer:
                    raise ValidationError(
                        self.env._(
                            "%(contact)s does not belong to the customer of asset %(asset)s.",
                            contact=contact.display_name,
                            asset=asset.display_name,
                        )
                    )

    @api.constrains("it_parent_id")
    def _check_it_parent_id(self):
        if self._has_cycle("it_parent_id"):
            raise ValidationError(self.env._("An asset cannot be a component of itself."))

    @api.constrains("is_it_asset", "company_id")
    def _check_it_asset_company(self):
        if any(asset.is_it_asset and not asset.company_id for asset in self):
            raise ValidationError(self.env._("An IT asset must belong to a company."))

    @api.constrains("it_covering_contract_ids", "customer_id", "company_id")
    def _check_it_covering_contracts(self):
        for asset in self.sudo():
            asset.it_covering_contract_ids._it_park_check_covered_assets(asset)

    @api.onchange("asset_model_id")
    def _onchange_asset_model_id(self):
        if self.asset_model_id:
            self.brand = self.asset_model_id.brand
            self.model = self.asset_model_id.name
            if self.asset_model_id.category_id:
                self.it_category_id = self.asset_model_id.category_id

    @api.onchange("it_category_id")
    def _onchange_it_category_id(self):
        if self.it_category_id.maintenance_category_id:
            self.category_id = self.it_category_id.maintenance_category_id

    @api.onchange("customer_id")
    def _onchange_customer_id(self):
        customer = self.customer_id.commercial_partner_id
        if self.site_id.commercial_partner_id != customer:
            self.site_id = False
        if self.end_user_id.commercial_partner_id != customer:
            self.end_user_id = False

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if vals.get("serial_no"):
                vals["serial_no"] = glpi.serial(vals["serial_no"]) or False
        assets = super().create(vals_list)
        if any("it_covering_contract_ids" in vals for vals in vals_list):
            assets._it_park_check_contract_write(
                {asset: self.env["contract.contract"] for asset in assets}
            )
        return assets

    def write(self, vals):
        if vals.get("serial_no"):
            vals = dict(vals, serial_no=glpi.serial(vals["serial_no"]) or False)
        if "it_covering_contract_ids" not in vals or self.env.su:
            return super().write(vals)
        before = {asset: asset.sudo().it_covering_contract_ids for asset in self}
        res = super().write(vals)
        self._it_park_check_contract_write(before)
        return res

    def _it_park_check_contract_write(self, before):
        """Linking an asset to a contract, or unlinking it, from the asset's side changes the
        contract's coverage: it needs the right to write on the contract, as from the
        contract's side."""
        if self.env.su:
            return
        changed = self.env["contract.contract"]
        for asset in self:
            after = asset.sudo().it_covering_contract_ids
            changed |= (before[asset] | after) - (before[asset] & after)
        changed.with_env(self.env).check_access("write")

    @api.model
    def load(self, fields, data):
        """Imports of IT assets (a customer column) also read GLPI's exports (see
        ``it.glpi.import``); nothing is written when a row is refused."""
        if "customer_id" not in fields:
            return super().load(fields, data)
        savepoint = self.env.cr.savepoint()
        fields, data, messages = self.env["it.glpi.import"]._prepare_assets(fields, data)
        result = super().load(fields, data)
        if messages:
            result = {
                "ids": False,
                "messages": messages + result["messages"],
                "nextrow": 0,
            }
        failed = not result["ids"]
        savepoint.close(rollback=failed)
        if failed:
            self.env.invalidate_all()
        return result

    def _it_park_log_history(self, records, message):
        """Post ``message(asset, record)`` on each asset of ``records`` (tickets, interventions,
        deliveries): the asset's chatter is its history."""
        for record in records:
            assets = self & (
                record.it_asset_ids if "it_asset_ids" in record._fields else record.equipment_id
            )
            for asset in assets:
                asset.sudo().message_post(body=message(asset, record))

    def _it_park_backend_url(self):
        self.ensure_one()
        base_url = self.get_base_url()
        return f"{base_url}/odoo/maintenance.equipment/{self.id}"

    def action_it_new_ticket(self):
        """Open a new helpdesk ticket on this asset, for its customer."""
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("New Ticket"),
            "res_model": "helpdesk.ticket",
            "view_mode": "form",
            "target": "current",
            "context": {
                "default_it_asset_ids": [self.id],
                "default_partner_id": self.end_user_id.id or self.customer_id.id,
                "default_company_id": self.company_id.id,
                "default_name": self.env._("Issue on %(asset)s", asset=self.display_name),
            },
        }

    def _it_action(self, model, name, domain, context=None):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": name,
            "res_model": model,
            "view_mode": "list,form",
            "domain": domain,
            "context": context or {},
        }

    def action_it_view_tickets(self):
        return self._it_action(
            "helpdesk.ticket",
            self.env._("Tickets"),
            [("it_asset_ids", "in", self.ids)],
            {"default_it_asset_ids": self.ids, "default_company_id": self.company_id.id},
        )

    def action_it_view_interventions(self):
        return self._it_action(
            "maintenance.request",
            self.env._("Interventions"),
            [("equipment_id", "=", self.id)],
            {"default_equipment_id": self.id, "default_company_id": self.company_id.id},
        )

    def action_it_view_licenses(self):
        return self._it_action(
            "it.license",
            self.env._("Licences"),
            [("assignment_ids.asset_id", "=", self.id)],
        )

    def action_it_view_contracts(self):
        action = self._it_action(
            "contract.contract",
            self.env._("Contracts"),
            [("it_asset_ids", "in", self.ids)],
        )
        action["views"] = [
            (False, "list"),
            (self.env.ref("contract.contract_contract_customer_form_view").id, "form"),
        ]
        return action

    def action_it_view_attachments(self):
        return self._it_action(
            "ir.attachment",
            self.env._("Attachments"),
            [("res_model", "=", self._name), ("res_id", "=", self.id)],
            {"default_res_model": self._name, "default_res_id": self.id},
        ) | {"view_mode": "kanban,list,form"}

    def action_deliver_consumables(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Deliver Consumables"),
            "res_model": "it.consumable.delivery.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {"default_asset_id": self.id},
        }
