# Copyright 2026 The suite's authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import base64
import binascii
import functools
import io
import os
import zipfile
from collections import defaultdict
from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.osv import expression

# Files the group never stores: programs and scripts (by extension, and by their first bytes
# whatever their name, so a renamed program is refused too).
EXECUTABLE_EXTENSIONS = {
    "exe", "msi", "bat", "cmd", "com", "scr", "pif", "cpl", "dll", "sys", "vbs", "vbe", "js",
    "jse", "wsf", "wsh", "ps1", "psm1", "sh", "bash", "run", "bin", "elf", "jar", "apk", "app",
    "dmg", "deb", "rpm", "reg", "hta", "lnk",
}  # fmt: skip
EXECUTABLE_SIGNATURES = (b"MZ", b"\x7fELF", b"#!", b"\xca\xfe\xba\xbe", b"\xcf\xfa\xed\xfe")

DOCUMENT_CATEGORIES = [
    ("contract", "Contract"),
    ("insurance", "Insurance"),
    ("legal", "Legal"),
    ("technical", "Technical"),
    ("invoicing", "Invoicing"),
    ("hr", "HR"),
    ("certification", "Certification"),
    ("other", "Other"),
]


def check_rules_in_sql(records, operation):
    """``_check_access`` with the record rules evaluated by a SQL search. OCA dms makes
    ``dms.file.filtered_domain`` return every record in sudo (its permission fields can only be
    searched), so Odoo's in-memory rule check lets every document through ``check_access``
    (used by /web/content, /web/image, mail's thread routes, attachments of the document).
    Returns None or (forbidden records, error factory), as ``_check_access``."""
    if records.env.su or not any(records._ids):
        return None
    Rule = records.env["ir.rule"]
    domain = Rule._compute_domain(records._name, operation)
    if not domain:
        return None
    ids = [record_id for record_id in records._ids if record_id]
    allowed = set(
        records.sudo().with_context(active_test=False)._search([("id", "in", ids), *domain])
    )
    forbidden = records.browse([record_id for record_id in ids if record_id not in allowed])
    if forbidden:
        return forbidden, functools.partial(Rule._make_access_error, operation, forbidden)
    return None


class DmsFile(models.Model):
    """A document of the group (GED): OCA's dms.file with the group's category, expiry date,
    version history, confidentiality, and the record's customer for the portal."""

    _inherit = "dms.file"

    gf_category = fields.Selection(
        DOCUMENT_CATEGORIES, string="Document Category", default="other", index=True, tracking=True
    )
    gf_description = fields.Text(string="Document Description")
    gf_version = fields.Integer(string="Version", default=1, readonly=True, copy=False)
    gf_version_user_id = fields.Many2one(
        "res.users",
        string="Version Uploaded By",
        default=lambda self: self.env.user,
        readonly=True,
        copy=False,
    )
    gf_version_date = fields.Datetime(
        string="Version Uploaded On", default=fields.Datetime.now, readonly=True, copy=False
    )
    gf_version_ids = fields.One2many(
        "group.finance.document.version", "file_id", string="Previous Versions", readonly=True
    )
    gf_expiry_date = fields.Date(string="Expiry Date", index=True, tracking=True)
    gf_expiry_state = fields.Selection(
        [("valid", "Valid"), ("expiring", "Expiring"), ("expired", "Expired")],
        string="Expiry Status",
        compute="_compute_gf_expiry_state",
        search="_search_gf_expiry_state",
    )
    gf_alert_ids = fields.One2many(
        "group.finance.document.alert", "file_id", string="Expiry Alerts", readonly=True
    )
    gf_confidential = fields.Boolean(
        string="Confidential",
        index=True,
        tracking=True,
        help="Readable only by the users named on the document and the co-managers.",
    )
    gf_allowed_user_ids = fields.Many2many(
        "res.users",
        "group_finance_dms_file_allowed_user_rel",
        "file_id",
        "user_id",
        string="Named Users",
        help="Users who may read this confidential document (besides the co-managers).",
    )
    gf_employee_id = fields.Many2one(
        "hr.employee",
        string="Employee Concerned",
        compute="_compute_gf_links",
        store=True,
        index=True,
    )
    gf_is_hr = fields.Boolean(
        string="HR Document",
        compute="_compute_gf_links",
        store=True,
        index=True,
        help="HR documents (HR category, or filed on an employee) are readable only by HR "
        "officers, the co-managers and the employee concerned.",
    )
    gf_partner_id = fields.Many2one(
        "res.partner",
        string="Customer",
        compute="_compute_gf_links",
        store=True,
        index=True,
        help="The commercial partner of the record the document is filed on: the only "
        "portal users who may ever see it are this customer's.",
    )

    gf_company_id = fields.Many2one(
        "res.company",
        string="Record's Company",
        compute="_compute_gf_links",
        store=True,
        index=True,
        help="The company of the record the document is filed on: only its users see it.",
    )

    gf_record_name = fields.Char(
        string="Filed on",
        compute="_compute_gf_record_name",
        help="The record the document is filed on (customer, employee, vehicle...).",
    )

    @api.depends("res_model", "res_id")
    def _compute_gf_record_name(self):
        """Names of the records, read in one batch per model (dms's ``record_ref`` costs two
        queries per row in a list)."""
        by_model = defaultdict(set)
        for file in self:
            if file.res_model and file.res_id and file.res_model in self.env:
                by_model[file.res_model].add(file.res_id)
        names = {}
        for model, ids in by_model.items():
            records = self.env[model].sudo().browse(ids).exists()
            description = self.env["ir.model"]._get(model).name
            for record in records:
                names[(model, record.id)] = f"{description}: {record.display_name}"
        for file in self:
            file.gf_record_name = names.get((file.res_model, file.res_id), False)

    @api.depends("res_model", "res_id", "gf_category")
    def _compute_gf_links(self):
        by_model = defaultdict(set)
        for file in self:
            if file.res_model and file.res_id:
                by_model[file.res_model].add(file.res_id)
        partners = {}
        employees = {}
        companies = {}
        for model, ids in by_model.items():
            if model not in self.env:
                continue
            records = self.env[model].sudo().browse(ids).exists()
            for record in records:
                if model == "hr.employee":
                    employees[(model, record.id)] = record
                if "company_id" in record._fields and record._fields["company_id"].type == (
                    "many2one"
                ):
                    companies[(model, record.id)] = record.company_id
                partner = self._gf_record_partner(record)
                if partner:
                    partners[(model, record.id)] = partner.commercial_partner_id
        for file in self:
            key = (file.res_model, file.res_id)
            file.gf_employee_id = employees.get(key, False)
            file.gf_partner_id = partners.get(key, False)
            file.gf_company_id = companies.get(key, False)
            file.gf_is_hr = file.gf_category == "hr" or bool(file.gf_employee_id)

    @api.model
    def _gf_record_partner(self, record):
        """The partner a record's documents belong to, for the portal (customers, their sites,
        invoices, interventions)."""
        if record._name == "res.partner":
            return record
        if record._name == "hr.employee":
            return self.env["res.partner"]
        if "partner_id" in record._fields and record._fields["partner_id"].comodel_name == (
            "res.partner"
        ):
            return record.partner_id
        return self.env["res.partner"]

    @api.depends("gf_expiry_date")
    @api.depends_context("gf_alert_days")
    def _compute_gf_expiry_state(self):
        today = fields.Date.context_today(self)
        horizon = today + timedelta(days=self._gf_alert_days_max())
        for file in self:
            if not file.gf_expiry_date:
                file.gf_expiry_state = False
            elif file.gf_expiry_date < today:
                file.gf_expiry_state = "expired"
            elif file.gf_expiry_date <= horizon:
                file.gf_expiry_state = "expiring"
            else:
                file.gf_expiry_state = "valid"

    def _search_gf_expiry_state(self, operator, value):
        if operator not in ("=", "!=", "in", "not in"):
            raise ValidationError(self.env._("Unsupported search on the expiry status."))
        values = [value] if isinstance(value, str | bool) else list(value)
        today = fields.Date.context_today(self)
        horizon = today + timedelta(days=self._gf_alert_days_max())
        domains = {
            "expired": [("gf_expiry_date", "<", today)],
            "expiring": [("gf_expiry_date", ">=", today), ("gf_expiry_date", "<=", horizon)],
            "valid": [("gf_expiry_date", ">", horizon)],
            False: [("gf_expiry_date", "=", False)],
        }
        domain = []
        for val in values:
            part = domains.get(val, [("id", "=", False)])
            domain = expression.OR([domain, part]) if domain else part
        if operator in ("!=", "not in"):
            domain = ["!", *expression.normalize_domain(domain)]
        return domain

    def _check_access(self, operation):
        return super()._check_access(operation) or check_rules_in_sql(self, operation)

    # Alert thresholds --------------------------------------------------------------------
    @api.model
    def _gf_alert_days(self):
        """The configured thresholds, in days before expiry (e.g. "30,15": an alert 30 days
        before, another 15 days before)."""
        raw = (
            self.env["ir.config_parameter"]
            .sudo()
            .get_param("group_finance.document_alert_days", "30,15")
        )
        days = set()
        for part in (raw or "").replace(";", ",").split(","):
            part = part.strip()
            if part.isdigit():
                days.add(int(part))
        return sorted(days, reverse=True) or [30]

    @api.model
    def _gf_alert_days_max(self):
        return max(self._gf_alert_days())

    # Limits: size and type, checked before anything is decoded or stored -------------------
    @api.model
    def _gf_check_upload(self, name, content):
        """Refuse a file over the size limit (dms.binary_max_size, MB) or a program, from the
        base64 value itself: nothing is decoded in full, nothing is written."""
        if not content:
            return
        if isinstance(content, str):
            content = content.encode()
        max_mb = self._get_binary_max_size()
        size = len(content) * 3 // 4 - content[-2:].count(b"=")
        if size > max_mb * 1024 * 1024:
            raise ValidationError(
                self.env._(
                    "The file %(name)s is too large (%(size).1f MB): the limit is %(max)s MB.",
                    name=name or "",
                    size=size / 1024 / 1024,
                    max=max_mb,
                )
            )
        extension = os.path.splitext(name or "")[1].lstrip(".").lower()
        try:
            head = base64.b64decode(content[:16])
        except (binascii.Error, ValueError) as error:
            raise ValidationError(
                self.env._("The file %s could not be read.", name or "")
            ) from error
        if extension in EXECUTABLE_EXTENSIONS or head.startswith(EXECUTABLE_SIGNATURES):
            raise ValidationError(
                self.env._(
                    "The file %s is a program or a script: such files cannot be stored in "
                    "the documents.",
                    name or "",
                )
            )

    # CRUD ----------------------------------------------------------------------------------
    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            self._gf_check_upload(vals.get("name"), vals.get("content"))
        return super().create(vals_list)

    def write(self, vals):
        if not vals.get("content"):
            return super().write(vals)
        self._gf_check_upload(vals.get("name") or self[:1].name, vals["content"])
        checksum = self._get_checksum(base64.b64decode(vals["content"]))
        changed = self.filtered(lambda f: f.checksum and f.checksum != checksum)
        changed._gf_archive_versions()
        result = super(DmsFile, self - changed).write(vals) if self - changed else True
        now = fields.Datetime.now()
        for file in changed:
            # each file has its own version number: one write per replaced file
            super(DmsFile, file).write(
                dict(
                    vals,
                    gf_version=file.gf_version + 1,
                    gf_version_user_id=self.env.uid,
                    gf_version_date=now,
                )
            )
        return result

    def _gf_archive_versions(self):
        """Keep the current content of each file as a previous version (who and when it was
        uploaded, who replaced it), before the new content is written."""
        vals_list = []
        for file in self.filtered("checksum"):
            vals_list.append(
                {
                    "file_id": file.id,
                    "version": file.gf_version,
                    "name": file.name,
                    "datas": file.with_context(bin_size=False).content,
                    "mimetype": file.mimetype,
                    "size": file.size,
                    "checksum": file.checksum,
                    "uploaded_by_id": file.gf_version_user_id.id or file.create_uid.id,
                    "uploaded_on": file.gf_version_date or file.create_date,
                    "replaced_by_id": self.env.uid,
                }
            )
        if vals_list:
            self.env["group.finance.document.version"].sudo().create(vals_list)

    # Expiry alerts -----------------------------------------------------------------------
    def _gf_alert_responsible(self, records):
        """The user who must act on an expiring document of each record: the employee's
        manager (else the employee), the vehicle's fleet manager (else its driver's user), the
        task's first assignee, the invoice's salesperson, the customer's salesperson; else the
        one who filed it. ``records`` maps (model, id) to the record, read in batch."""
        self.ensure_one()
        record = records.get((self.res_model, self.res_id))
        user = self.env["res.users"]
        if record is not None:
            if record._name == "hr.employee":
                user = record.parent_id.user_id or record.user_id
            elif record._name == "fleet.vehicle":
                user = record.manager_id
            elif record._name == "project.task":
                user = record.user_ids[:1] or record.project_id.user_id
            elif record._name == "account.move":
                user = record.invoice_user_id
            elif record._name == "res.partner":
                user = record.user_id or record.commercial_partner_id.user_id
        user = user.filtered(lambda u: u.active and not u.share)
        return user or self.create_uid

    @api.model
    def _cron_gf_expiry_alerts(self):
        """Activities for documents that expire within each configured threshold, once per
        document and threshold. A constant number of queries per threshold and model, whatever
        the number of documents: one search, the linked records read in batch, one create of
        the activities and one of the alert marks."""
        today = fields.Date.context_today(self)
        activity_type = self.env.ref(
            "group_finance.mail_activity_type_document_expiry", raise_if_not_found=False
        ) or self.env.ref("mail.mail_activity_data_todo")
        model_id = self.env["ir.model"]._get_id("dms.file")
        Alert = self.env["group.finance.document.alert"].sudo()
        created = Alert
        # smallest threshold first: a document that crosses several thresholds at once (filed
        # late) gets one activity, for the nearest; the larger ones are only marked as raised
        for days in sorted(self._gf_alert_days()):
            files = self.sudo().search(
                [
                    ("gf_expiry_date", "!=", False),
                    ("gf_expiry_date", ">=", today),
                    ("gf_expiry_date", "<=", today + timedelta(days=days)),
                    ("gf_alert_ids", "not any", [("threshold", "=", days)]),
                ]
            )
            if not files:
                continue
            already = files.filtered(
                lambda f, days=days: any(a.threshold < days for a in f.gf_alert_ids)
            )
            to_alert = files - already
            by_model = defaultdict(set)
            for file in to_alert:
                if file.res_model and file.res_id and file.res_model in self.env:
                    by_model[file.res_model].add(file.res_id)
            records = {}
            for model, ids in by_model.items():
                for record in self.env[model].sudo().browse(ids).exists():
                    records[(model, record.id)] = record
            activity_vals = []
            for file in to_alert:
                activity_vals.append(
                    {
                        "res_model_id": model_id,
                        "res_id": file.id,
                        "activity_type_id": activity_type.id,
                        "user_id": file._gf_alert_responsible(records).id,
                        "date_deadline": file.gf_expiry_date,
                        "summary": self.env._(
                            "%(name)s expires on %(date)s",
                            name=file.name,
                            date=file.gf_expiry_date,
                        ),
                    }
                )
            activities = (
                self.env["mail.activity"]
                .sudo()
                .with_context(mail_activity_quick_update=True)
                .create(activity_vals)
            )
            activity_of = dict(zip(to_alert.ids, activities.ids, strict=True))
            created |= Alert.create(
                [
                    {
                        "file_id": file.id,
                        "threshold": days,
                        "activity_id": activity_of.get(file.id, False),
                    }
                    for file in files
                ]
            )
        return created

    # ZIP export ----------------------------------------------------------------------------
    @api.model
    def _gf_zip_documents(self, record):
        """One ZIP of the documents of ``record`` the current user may read, in one folder per
        category. Returns (bytes, file name)."""
        record.check_access("read")
        files = self.search(
            [("res_model", "=", record._name), ("res_id", "=", record.id)], order="name"
        )
        labels = dict(self._fields["gf_category"]._description_selection(self.env))
        buffer = io.BytesIO()
        used = set()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            for file in files:
                folder = labels.get(file.gf_category or "other", "Other")
                path = f"{folder}/{file.name}"
                counter = 2
                while path in used:
                    base, ext = os.path.splitext(file.name)
                    path = f"{folder}/{base} ({counter}){ext}"
                    counter += 1
                used.add(path)
                archive.writestr(path, base64.b64decode(file.with_context(bin_size=False).content))
        name = (record.display_name or record._name).replace("/", "-")
        return buffer.getvalue(), f"{name} - {self.env._('Documents')}.zip"

    def _gf_token_allowed(self):
        """May a dms share token (or a portal user) open these files? Never a confidential or HR
        document, and for a portal user only documents of their own customer."""
        user = self.env.user
        for file in self.sudo():
            if file.gf_confidential or file.gf_is_hr:
                return False
            if user.share and not user._is_public():
                if file.gf_partner_id and file.gf_partner_id != user.commercial_partner_id:
                    return False
        return True
