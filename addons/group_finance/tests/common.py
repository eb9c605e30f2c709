# Copyright 2026 The suite's authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import base64

from odoo import Command, fields
from odoo.addons.account.tests.common import AccountTestInvoicingCommon
from odoo.tests import new_test_user


class GfVatCommon(AccountTestInvoicingCommon):
    """gf-vat: a French company on the l10n_fr chart, its taxes, and quick invoices."""

    @classmethod
    def get_default_groups(cls):
        # the test user (AccountTestInvoicingCommon's "accountman") is a co-manager
        return super().get_default_groups() | cls.env.ref("group_finance.group_manager")

    @classmethod
    @AccountTestInvoicingCommon.setup_country("fr")
    def setUpClass(cls):
        super().setUpClass()
        cls.company = cls.env.company
        cls.company.vat = "FR50820504421"
        cls.chart = cls.env["account.chart.template"]
        cls.tax_s20 = cls.chart.ref("tva_normale")
        cls.tax_s10 = cls.chart.ref("tva_intermediaire")
        cls.tax_s55 = cls.chart.ref("tva_reduite")
        cls.tax_p20 = cls.chart.ref("tva_acq_normale")
        cls.tax_p10 = cls.chart.ref("tva_acq_intermediaire")
        (cls.tax_s10 | cls.tax_s55 | cls.tax_p10).active = True
        cls.acc_collected = cls.chart.ref("pcg_44571")
        cls.acc_payable_vat = cls.chart.ref("pcg_44551")
        cls.acc_vat_credit = cls.chart.ref("pcg_44567")
        cls.acc_revenue = cls.company_data["default_account_revenue"]
        cls.acc_expense = cls.company_data["default_account_expense"]
        cls.customer = cls.env["res.partner"].create({"name": "Client Énergie"})
        cls.supplier = cls.env["res.partner"].create({"name": "Fournisseur Produits"})

    @classmethod
    def _gf_invoice(
        cls, move_type, date, lines, partner=None, post=True, company=None, account=None, **extra
    ):
        """lines: [(price_unit, tax)]; extra: more values of the move"""
        partner = partner or (
            cls.customer if move_type in ("out_invoice", "out_refund") else cls.supplier
        )
        account = account or (cls.acc_revenue if move_type.startswith("out") else cls.acc_expense)
        move = (
            cls.env["account.move"]
            .with_company(company or cls.company)
            .create(
                {
                    "move_type": move_type,
                    "partner_id": partner.id,
                    "invoice_date": fields.Date.to_date(date),
                    "date": fields.Date.to_date(date),
                    "invoice_line_ids": [
                        Command.create(
                            {
                                "name": "Prestation",
                                "quantity": 1,
                                "price_unit": price,
                                "account_id": account.id,
                                "tax_ids": [Command.set(tax.ids)],
                            }
                        )
                        for price, tax in lines
                    ],
                    **extra,
                }
            )
        )
        if post:
            move.action_post()
        return move


PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg=="
)


class GroupFinanceDocumentsMixin:
    """gf-ged: users, records with their documents folder, documents."""

    @classmethod
    def _gf_documents_setup(cls):
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True))
        cls.company = cls.env.company
        cls.manager = new_test_user(
            cls.env, "gf_doc_manager", groups="group_finance.group_manager", name="Co-gérant"
        )
        cls.operator = new_test_user(
            cls.env, "gf_doc_operator", groups="group_finance.group_user", name="Opérateur"
        )
        cls.operator2 = new_test_user(
            cls.env, "gf_doc_operator2", groups="group_finance.group_user", name="Opérateur 2"
        )
        cls.hr_officer = new_test_user(
            cls.env, "gf_doc_hr", groups="group_finance.group_user,hr.group_hr_user", name="RH"
        )
        Employee = cls.env["hr.employee"]
        cls.employee_boss = Employee.create({"name": "Chef", "user_id": cls.manager.id})
        cls.employee = Employee.create(
            {"name": "Lucas", "user_id": cls.operator.id, "parent_id": cls.employee_boss.id}
        )
        cls.employee2 = Employee.create({"name": "Mehdi", "user_id": cls.operator2.id})
        cls.customer = cls.env["res.partner"].create(
            {"name": "Client EDF", "is_company": True, "user_id": cls.manager.id}
        )
        cls.other_customer = cls.env["res.partner"].create(
            {"name": "Client ENGIE", "is_company": True}
        )
        Template = cls.env["dms.field.template"]
        cls.dir_customer = Template._gf_directory(cls.customer)
        cls.dir_other_customer = Template._gf_directory(cls.other_customer)
        cls.dir_employee = Template._gf_directory(cls.employee)
        cls.dir_employee2 = Template._gf_directory(cls.employee2)

    @classmethod
    def _gf_file(cls, directory, name="doc.pdf", content=PDF, **vals):
        return cls.env["dms.file"].create(
            dict(
                {
                    "name": name,
                    "directory_id": directory.id,
                    "content": base64.b64encode(content),
                },
                **vals,
            )
        )


class GfSpendCommon:
    """gf-spend's fixtures: a French company with its chart of accounts (PCG), a supplier with a
    SIRET, and the users of the four roles (employee, team manager, accountant, co-manager)."""

    @classmethod
    def _gf_spend_setup(cls):
        cls.gf_company = cls.env["res.company"].create(
            {
                "name": "SAS Solaire Test",
                "country_id": cls.env.ref("base.fr").id,
                "currency_id": cls.env.ref("base.EUR").id,
            }
        )
        cls.env["account.chart.template"].try_loading("fr", cls.gf_company, install_demo=False)
        cls.env.user.write(
            {"company_ids": [Command.link(cls.gf_company.id)], "company_id": cls.gf_company.id}
        )
        cls.env = cls.env(context=dict(cls.env.context, allowed_company_ids=[cls.gf_company.id]))
        cls.gf_supplier = cls.env["res.partner"].create(
            {
                "name": "Foncière du Midi",
                "is_company": True,
                "siren": "791334527",
                "nic": "00011",
            }
        )
        cls.gf_tax_20 = cls.env.ref(f"account.{cls.gf_company.id}_tva_acq_normale")
        cls.gf_rent_type = cls.env["group.finance.charge.type"].create(
            {"name": "Loyer", "code": "gf_test_rent", "company_id": False}
        )

    @classmethod
    def _gf_account(cls, code, company=None):
        company = company or cls.gf_company
        return (
            cls.env["account.account"]
            .with_company(company)
            .search(
                [("company_ids", "in", company.ids), ("code", "=like", f"{code}%")],
                order="code",
                limit=1,
            )
        )


class GfExpenseCommon(GfSpendCommon):
    """Expense reports: an employee of the French company, his manager (team approver), the
    accountant and a co-manager; the company's two-level approval on."""

    @classmethod
    def _gf_expense_setup(cls):
        cls._gf_spend_setup()
        cls.gf_company.write(
            {
                "gf_expense_two_level_approval": True,
                "gf_expense_receipt_required": True,
                "gf_expense_receipt_threshold": 0.0,
            }
        )
        company = {"company_id": cls.gf_company.id, "company_ids": [cls.gf_company.id]}
        cls.user_employee = new_test_user(
            cls.env, "gf_lucas", groups="group_finance.group_user", **company
        )
        cls.user_employee2 = new_test_user(
            cls.env, "gf_mehdi", groups="group_finance.group_user", **company
        )
        cls.user_team_manager = new_test_user(
            cls.env,
            "gf_team_manager",
            groups="group_finance.group_user,hr_expense.group_hr_expense_team_approver",
            **company,
        )
        cls.user_accountant = new_test_user(
            cls.env, "gf_accountant", groups="group_finance.group_accountant", **company
        )
        cls.user_co_manager = new_test_user(
            cls.env, "gf_co_manager", groups="group_finance.group_manager", **company
        )
        Employee = cls.env["hr.employee"].with_company(cls.gf_company)
        cls.employee = Employee.create(
            {
                "name": "Lucas Martin",
                "user_id": cls.user_employee.id,
                "company_id": cls.gf_company.id,
                "expense_manager_id": cls.user_team_manager.id,
                "work_email": "lucas@example.com",
            }
        )
        cls.employee2 = Employee.create(
            {
                "name": "Mehdi Benali",
                "user_id": cls.user_employee2.id,
                "company_id": cls.gf_company.id,
                "expense_manager_id": cls.user_co_manager.id,
                "work_email": "mehdi@example.com",
            }
        )
        cls.product_fuel = cls.env.ref("group_finance.product_expense_fuel")
        cls.product_meal = cls.env.ref("group_finance.product_expense_meal")
        cls.product_lodging = cls.env.ref("group_finance.product_expense_lodging")
        cls.product_mileage = cls.env.ref("group_finance.product_expense_mileage")

    def _gf_expense(self, user=None, product=None, amount=75.50, receipt=True, **vals):
        user = user or self.user_employee
        product = product or self.product_fuel
        values = {
            "name": vals.pop("name", f"{product.name} {amount}"),
            "product_id": product.id,
            "total_amount_currency": amount,
            "date": vals.pop("date", "2026-11-12"),
            "payment_mode": "own_account",
        }
        if product == self.product_fuel:
            values.update({"fuel_liter": 45.0, "gf_vehicle_kind": "passenger"})
        values.update(vals)
        expense = self.env["hr.expense"].with_user(user).create(values)
        if receipt:
            self.env["ir.attachment"].with_user(user).create(
                {
                    "name": "ticket.jpg",
                    "raw": b"\xff\xd8\xff\xe0 receipt",
                    "mimetype": "image/jpeg",
                    "res_model": "hr.expense",
                    "res_id": expense.id,
                }
            )
        return expense

    def _gf_submit(self, expenses, user=None):
        user = user or self.user_employee
        expenses = expenses.with_user(user)
        action = expenses.action_submit_expenses()
        sheet = self.env["hr.expense.sheet"].with_user(user).browse(action["res_id"])
        sheet.action_submit_sheet()
        return sheet

    def _gf_review(self, sheet, user, decision="validate", comment=None):
        """Validate or reject as ``user`` through the comment wizard, as the form does."""
        sheet = sheet.with_user(user)
        action = getattr(sheet, f"{decision}_tier")()
        if isinstance(action, dict) and action.get("res_model") == "comment.wizard":
            context = action["context"]
            wizard = (
                self.env["comment.wizard"]
                .with_user(user)
                .with_context(**context)
                .create({"comment": comment or context.get("default_comment") or "OK"})
            )
            wizard.add_comment()
        sheet.invalidate_recordset()
        return sheet


class GroupFinanceBankMixin:
    """gf-bank: two French companies of one group with a chart of accounts, a bank journal
    each, users of each profile."""

    @classmethod
    def _gf_make_company(cls, name, siren, holding=False):
        company = cls.env["res.company"].create(
            {
                "name": name,
                "country_id": cls.env.ref("base.fr").id,
                "currency_id": cls.env.ref("base.EUR").id,
                "gf_holding_id": holding and holding.id,
            }
        )
        cls.env["account.chart.template"].try_loading("fr", company, install_demo=False)
        return company

    @classmethod
    def _gf_make_bank_journal(cls, company, code, iban):
        partner_bank = cls.env["res.partner.bank"].create(
            {"acc_number": iban, "partner_id": company.partner_id.id, "company_id": company.id}
        )
        return cls.env["account.journal"].create(
            {
                "name": f"Banque {code}",
                "code": code,
                "type": "bank",
                "company_id": company.id,
                "bank_account_id": partner_bank.id,
            }
        )

    @classmethod
    def _gf_setup_bank(cls):
        cls.holding = cls._gf_make_company("GF Holding", "812345676")
        cls.company_a = cls._gf_make_company("GF Opérations", "820504421", cls.holding)
        cls.company_b = cls._gf_make_company("GF Immo", "799876545", cls.holding)
        cls.journal_a = cls._gf_make_bank_journal(
            cls.company_a, "GFA", "FR7630004001230001234560180"
        )
        cls.journal_b = cls._gf_make_bank_journal(
            cls.company_b, "GFB", "FR7611306000309876543210197"
        )
        companies = cls.holding | cls.company_a | cls.company_b
        cls.gf_manager = new_test_user(
            cls.env,
            "gf_bank_manager",
            groups="group_finance.group_manager",
            company_id=cls.holding.id,
            company_ids=[Command.set(companies.ids)],
        )
        cls.gf_accountant = new_test_user(
            cls.env,
            "gf_bank_accountant",
            groups="group_finance.group_accountant",
            company_id=cls.company_a.id,
            company_ids=[Command.set(companies.ids)],
        )
        cls.gf_user_a = new_test_user(
            cls.env,
            "gf_bank_user_a",
            groups="group_finance.group_user,account.group_account_invoice",
            company_id=cls.company_a.id,
            company_ids=[Command.set(cls.company_a.ids)],
        )

    # -- documents and statement lines ---------------------------------------------------
    @classmethod
    def _gf_invoice(cls, company, partner, amount, move_type="out_invoice", ref=None, days_ago=10):
        from datetime import timedelta

        from odoo import fields

        date = fields.Date.today() - timedelta(days=days_ago)
        move = (
            cls.env["account.move"]
            .with_company(company)
            .create(
                {
                    "move_type": move_type,
                    "partner_id": partner.id,
                    "invoice_date": date,
                    "date": date,
                    "ref": ref,
                    "company_id": company.id,
                    "invoice_line_ids": [
                        Command.create(
                            {
                                "name": "Nettoyage centrale",
                                "quantity": 1,
                                "price_unit": amount,
                                "tax_ids": [],
                            }
                        )
                    ],
                }
            )
        )
        move.action_post()
        return move

    @classmethod
    def _gf_statement_line(cls, journal, amount, label, iban=None, days_ago=2):
        from datetime import timedelta

        from odoo import fields

        return (
            cls.env["account.bank.statement.line"]
            .with_company(journal.company_id)
            .create(
                {
                    "journal_id": journal.id,
                    "date": fields.Date.today() - timedelta(days=days_ago),
                    "amount": amount,
                    "payment_ref": label,
                    "account_number": iban,
                }
            )
        )
