from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import TransactionCase, tagged

from .common import GfExpenseCommon


@tagged("post_install", "-at_install")
class TestExpenseTypesAndVat(GfExpenseCommon, TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._gf_expense_setup()

    def _tax(self, xmlid):
        return self.env.ref(f"account.{self.gf_company.id}_{xmlid}")

    def test_fuel_of_a_passenger_car_recovers_80_percent(self):
        expense = self._gf_expense()
        self.assertEqual(expense.gf_expense_type, "fuel")
        self.assertEqual(expense.gf_vat_rate, "20")
        self.assertAlmostEqual(expense.gf_vat_amount, 12.58)
        self.assertAlmostEqual(expense.gf_amount_untaxed, 62.92)
        self.assertEqual(expense.gf_vat_recovery_rate, 80.0)
        self.assertAlmostEqual(expense.gf_vat_recoverable_amount, 10.06)
        self.assertEqual(expense.tax_ids, self._tax("tva_purchase_good_fuel"))
        self.assertTrue(expense.account_id.code.startswith("6061"))

    def test_fuel_of_a_utility_vehicle_recovers_all(self):
        expense = self._gf_expense(gf_vehicle_kind="utility")
        self.assertEqual(expense.gf_vat_recovery_rate, 100.0)
        self.assertAlmostEqual(expense.gf_vat_recoverable_amount, 12.58)
        self.assertEqual(expense.tax_ids.amount, 20.0)
        deductible = expense.tax_ids.invoice_repartition_line_ids.filtered(
            lambda line: line.repartition_type == "tax"
        )
        self.assertEqual(sum(deductible.mapped("factor_percent")), 100.0)

    def test_lodging_vat_is_not_recovered(self):
        expense = self._gf_expense(
            product=self.product_lodging, amount=110.0, gf_nights=1, gf_city="Lyon"
        )
        self.assertEqual(expense.gf_vat_rate, "10")
        self.assertAlmostEqual(expense.gf_vat_amount, 10.0)
        self.assertEqual(expense.gf_vat_recoverable_amount, 0.0)
        self.assertFalse(expense.tax_ids, "the VAT stays in the expense")
        self.assertAlmostEqual(expense.tax_amount, 0.0)

    def test_meal_at_10_percent(self):
        expense = self._gf_expense(product=self.product_meal, amount=44.0, gf_guest_count=2)
        self.assertEqual(expense.tax_ids, self._tax("tva_acq_intermediaire"))
        self.assertAlmostEqual(expense.tax_amount, 4.0)
        self.assertAlmostEqual(expense.gf_vat_recoverable_amount, 4.0)

    def test_rate_changed_by_the_user(self):
        expense = self._gf_expense(product=self.product_meal, amount=55.0, gf_guest_count=1)
        expense.gf_vat_rate = "5.5"
        self.assertAlmostEqual(expense.gf_vat_amount, 2.87)
        self.assertEqual(expense.tax_ids.amount, 5.5)
        expense.gf_vat_rate = "0"
        self.assertFalse(expense.tax_ids)
        self.assertEqual(expense.gf_vat_amount, 0.0)

    def test_rules_table_is_editable_per_company(self):
        self.env["group.finance.vat.recovery.rule"].create(
            {
                "expense_type": "meal",
                "recovery_rate": 0.0,
                "company_id": self.gf_company.id,
            }
        )
        expense = self._gf_expense(product=self.product_meal, amount=44.0, gf_guest_count=2)
        self.assertEqual(expense.gf_vat_recovery_rate, 0.0)
        self.assertFalse(expense.tax_ids)
        with self.assertRaises(ValidationError):
            self.env["group.finance.vat.recovery.rule"].create(
                {"expense_type": "meal", "recovery_rate": 120.0}
            )

    def test_submission_needs_the_details_and_a_receipt(self):
        cases = [
            ({"receipt": False}, "receipt"),
            ({"fuel_liter": 0.0}, "litres"),
            ({"product": self.product_meal, "gf_guest_count": 0}, "people"),
            ({"product": self.product_lodging, "gf_nights": 2}, "city"),
        ]
        for vals, word in cases:
            with self.subTest(word=word):
                expense = self._gf_expense(**vals)
                with self.assertRaisesRegex(UserError, word):
                    self._gf_submit(expense)
                self.assertEqual(expense.sheet_id.approval_state, False)
                self.assertFalse(expense.sheet_id.review_ids)

    def test_form_asks_vehicle_and_litres_once(self):
        """fleet_stock shares the two fields: with both addons installed (as make test runs),
        the expense form still shows each once."""
        arch = self.env["hr.expense"].get_view(view_type="form")["arch"]
        for name in ("fleet_vehicle_id", "fuel_liter"):
            with self.subTest(field=name):
                self.assertEqual(arch.count(f'name="{name}"'), 1, arch)

    def test_receipts_not_required_when_the_company_does_not_ask(self):
        self.gf_company.gf_expense_receipt_required = False
        sheet = self._gf_submit(self._gf_expense(amount=500.0, receipt=False))
        self.assertEqual(sheet.approval_state, "submit")

    def test_receipt_threshold(self):
        self.gf_company.gf_expense_receipt_threshold = 100.0
        cheap = self._gf_expense(amount=20.0, receipt=False)
        sheet = self._gf_submit(cheap)
        self.assertEqual(sheet.approval_state, "submit")
        expensive = self._gf_expense(amount=150.0, receipt=False)
        action = expensive.with_user(self.user_employee).action_submit_expenses()
        sheet = self.env["hr.expense.sheet"].with_user(self.user_employee).browse(action["res_id"])
        with self.assertRaises(UserError):
            sheet.action_submit_sheet()
        self.assertEqual(sheet.state, "draft")
        # a receipt that is neither an image nor a PDF does not count
        self.env["ir.attachment"].with_user(self.user_employee).create(
            {
                "name": "notes.txt",
                "raw": b"no receipt",
                "mimetype": "text/plain",
                "res_model": "hr.expense",
                "res_id": expensive.id,
            }
        )
        with self.assertRaises(UserError):
            sheet.action_submit_sheet()
        self.env["ir.attachment"].with_user(self.user_employee).create(
            {
                "name": "facture.pdf",
                "raw": b"%PDF-1.4 receipt",
                "mimetype": "application/pdf",
                "res_model": "hr.expense",
                "res_id": expensive.id,
            }
        )
        sheet.action_submit_sheet()
        self.assertEqual(sheet.approval_state, "submit")


@tagged("post_install", "-at_install")
class TestMileageAllowance(GfExpenseCommon, TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._gf_expense_setup()

    def _trip(self, distance, day, hp=5, **vals):
        return self._gf_expense(
            product=self.product_mileage,
            amount=0.0,
            receipt=False,
            date=day,
            gf_trip_from="Aix-en-Provence",
            gf_trip_to="Marseille",
            gf_distance_km=distance,
            gf_fiscal_hp=hp,
            **vals,
        )

    def test_allowance_of_the_official_scale(self):
        trip = self._trip(4000, "2025-03-10")
        # 5 hp, up to 5,000 km: d x 0.636
        self.assertAlmostEqual(trip.gf_mileage_allowance, 2544.0)
        self.assertAlmostEqual(trip.total_amount_currency, 2544.0)
        self.assertFalse(trip.tax_ids)
        self.assertEqual(trip.gf_vat_amount, 0.0)

    def test_allowance_cumulated_over_the_year(self):
        first = self._trip(4000, "2025-03-10")
        second = self._trip(2000, "2025-06-10")
        # the year's total is 6,000 km: (6000 x 0.357 + 1395) - 4000 x 0.636
        self.assertEqual(second.gf_mileage_distance_before, 4000.0)
        self.assertAlmostEqual(second.gf_mileage_allowance, 3537.0 - 2544.0)
        self.assertAlmostEqual(first.gf_mileage_allowance + second.gf_mileage_allowance, 3537.0)
        # another employee, another year: their own count
        other = self._trip(2000, "2025-06-10", user=self.user_employee2)
        self.assertEqual(other.gf_mileage_distance_before, 0.0)
        next_year = self._trip(2000, "2026-01-15")
        self.assertEqual(next_year.gf_mileage_distance_before, 0.0)
        self.assertAlmostEqual(next_year.gf_mileage_allowance, 1272.0)

    def test_distance_changed_recomputes(self):
        trip = self._trip(100, "2025-03-10")
        trip.with_user(self.user_employee).gf_distance_km = 200
        self.assertAlmostEqual(trip.total_amount_currency, 127.2)

    def test_scale_is_editable_and_per_year(self):
        self.env["group.finance.mileage.scale"].create(
            {"year": 2026, "hp_min": 0, "hp_max": 0, "distance_min": 0, "rate": 1.0}
        )
        trip = self._trip(100, "2026-05-01")
        self.assertAlmostEqual(trip.gf_mileage_allowance, 100.0)
        with self.assertRaises(ValidationError):
            self._trip(100, "2019-05-01")

    def test_scale_rows_are_checked(self):
        with self.assertRaises(ValidationError):
            self.env["group.finance.mileage.scale"].create(
                {"year": 2026, "hp_min": 5, "hp_max": 3, "distance_min": 0, "rate": 0.5}
            )
        self.assertEqual(
            self.env["group.finance.mileage.scale"]._gf_allowance(2025, 7, 0, 25000),
            round(25000 * 0.470, 2),
        )


@tagged("post_install", "-at_install")
class TestTwoLevelApproval(GfExpenseCommon, TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._gf_expense_setup()

    def _employee_messages(self, sheet):
        partner = self.user_employee.partner_id
        return sheet.message_ids.filtered(lambda m: partner in m.partner_ids)

    def test_fuel_expense_through_two_approvals_to_payment(self):
        expense = self._gf_expense()
        sheet = self._gf_submit(expense)
        self.assertEqual(sheet.approval_state, "submit")
        reviews = sheet.review_ids.sorted("sequence")
        self.assertEqual(len(reviews), 2)
        self.assertEqual(reviews[0].reviewer_ids, self.user_team_manager)
        self.assertIn(self.user_accountant, reviews[1].reviewer_ids)
        self.assertNotIn(self.user_team_manager, reviews[1].reviewer_ids)
        # the accountant cannot approve before the manager
        self._gf_review(sheet, self.user_accountant)
        self.assertFalse(sheet.review_ids.filtered(lambda r: r.status == "approved"))
        # the employee cannot approve his own report
        with self.assertRaises(AccessError):
            self._gf_review(sheet, self.user_employee)
        self.assertFalse(sheet.review_ids.filtered(lambda r: r.status == "approved"))
        # nobody skips the approvals
        with self.assertRaises(ValidationError):
            sheet.with_user(self.user_accountant).action_approve_expense_sheets()
        # 1. the manager
        self._gf_review(sheet, self.user_team_manager)
        self.assertEqual(reviews[0].status, "approved")
        self.assertEqual(sheet.approval_state, "submit")
        self.assertEqual(len(self._employee_messages(sheet)), 1)
        # 2. the accountant: the report is approved, to be posted and paid
        self._gf_review(sheet, self.user_accountant, comment="TVA 80 % vérifiée")
        self.assertEqual(reviews[1].status, "approved")
        self.assertTrue(sheet.validated)
        self.assertEqual(sheet.approval_state, "approve")
        self.assertEqual(len(self._employee_messages(sheet)), 2)
        self.assertIn("TVA", reviews[1].comment)
        accountant_sheet = sheet.with_user(self.user_accountant)
        accountant_sheet.action_sheet_move_post()
        self.assertEqual(sheet.state, "post")
        move = sheet.account_move_ids
        self.assertEqual(move.state, "posted")
        deductible = move.line_ids.filtered(lambda line: line.account_id.code.startswith("44566"))
        self.assertAlmostEqual(sum(deductible.mapped("balance")), 10.06, places=2)
        fuel = move.line_ids.filtered(lambda line: line.account_id.code.startswith("6061"))
        self.assertAlmostEqual(
            sum(fuel.mapped("balance")),
            75.50 - 10.06,
            places=2,
            msg="the fuel and its non-recoverable VAT (20 %) are the expense",
        )
        payment_action = accountant_sheet.action_register_payment()
        wizard = (
            self.env["account.payment.register"]
            .with_user(self.user_accountant)
            .with_context(**payment_action["context"])
            .create({})
        )
        wizard.action_create_payments()
        self.assertIn(sheet.payment_state, ("paid", "in_payment"))

    def test_refusal_with_reason_at_the_first_level(self):
        sheet = self._gf_submit(self._gf_expense())
        self._gf_review(sheet, self.user_team_manager, "reject", "Ticket illisible")
        self.assertEqual(sheet.state, "cancel")
        self.assertEqual(sheet.gf_refusal_reason, "Ticket illisible")
        message = self._employee_messages(sheet)
        self.assertEqual(len(message), 1)
        self.assertIn("Ticket illisible", message.body)
        self.assertIn("refused", message.body)
        self.assertFalse(sheet.sudo().account_move_ids)

    def test_refusal_with_reason_at_the_second_level_then_resubmission(self):
        sheet = self._gf_submit(self._gf_expense())
        self._gf_review(sheet, self.user_team_manager)
        self._gf_review(sheet, self.user_accountant, "reject", "Véhicule non déclaré")
        self.assertEqual(sheet.state, "cancel")
        self.assertEqual(sheet.gf_refusal_reason, "Véhicule non déclaré")
        messages = self._employee_messages(sheet)
        self.assertEqual(len(messages), 2, "the manager's approval, then the refusal")
        self.assertIn("Véhicule non déclaré", messages.sorted("id")[-1].body)
        # the employee corrects and submits again: new reviews, reason cleared
        sheet.with_user(self.user_employee).action_reset_expense_sheets()
        self.assertFalse(sheet.review_ids)
        sheet.with_user(self.user_employee).action_submit_sheet()
        self.assertEqual(len(sheet.review_ids), 2)
        self.assertFalse(sheet.gf_refusal_reason)

    def test_company_without_two_level_approval_keeps_odoo_approval(self):
        self.gf_company.gf_expense_two_level_approval = False
        sheet = self._gf_submit(self._gf_expense())
        self.assertFalse(sheet.review_ids)
        sheet.with_user(self.user_team_manager).action_approve_expense_sheets()
        self.assertEqual(sheet.approval_state, "approve")

    def test_employee_without_manager_goes_to_the_co_managers(self):
        self.employee.expense_manager_id = False
        sheet = self._gf_submit(self._gf_expense())
        first = sheet.review_ids.sorted("sequence")[0]
        self.assertIn(self.user_co_manager, first.reviewer_ids)
        self.assertNotIn(self.user_accountant, first.reviewer_ids)


@tagged("post_install", "-at_install")
class TestExpenseRights(GfExpenseCommon, TransactionCase):
    """Employees see only their own expenses, managers approve their team's, the accountant
    approves and pays."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._gf_expense_setup()

    def test_employee_sees_only_his_own_expenses(self):
        mine = self._gf_expense()
        other = self._gf_expense(user=self.user_employee2)
        seen = self.env["hr.expense"].with_user(self.user_employee).search([])
        self.assertIn(mine, seen)
        self.assertNotIn(other, seen)
        with self.assertRaises(AccessError):
            other.with_user(self.user_employee).read(["name"])
        with self.assertRaises(AccessError):
            other.with_user(self.user_employee).write({"name": "changed"})

    def test_manager_approves_his_team_only_and_does_not_pay(self):
        team_sheet = self._gf_submit(self._gf_expense())
        other_sheet = self._gf_submit(
            self._gf_expense(user=self.user_employee2), user=self.user_employee2
        )
        Sheet = self.env["hr.expense.sheet"].with_user(self.user_team_manager)
        seen = Sheet.search([])
        self.assertIn(team_sheet, seen)
        self.assertNotIn(other_sheet, seen)
        with self.assertRaises(AccessError):
            other_sheet.with_user(self.user_team_manager).read(["name"])
        # not a reviewer of the other team's report
        first = other_sheet.review_ids.sorted("sequence")[0]
        self.assertNotIn(self.user_team_manager, first.reviewer_ids)
        self._gf_review(team_sheet, self.user_team_manager)
        self._gf_review(team_sheet, self.user_accountant)
        self.assertEqual(team_sheet.approval_state, "approve")
        with self.assertRaises(AccessError):
            team_sheet.with_user(self.user_team_manager).action_sheet_move_post()
        team_sheet.with_user(self.user_accountant).action_sheet_move_post()
        self.assertEqual(team_sheet.account_move_ids.state, "posted")

    def test_co_manager_approves_first_level_for_his_reports(self):
        sheet = self._gf_submit(
            self._gf_expense(user=self.user_employee2), user=self.user_employee2
        )
        self._gf_review(sheet, self.user_co_manager)
        reviews = sheet.review_ids.sorted("sequence")
        self.assertEqual(reviews.mapped("status"), ["approved", "pending"])
        # he is also among the accountants, but the second level is someone else's
        self.assertIn(self.user_co_manager, reviews[1].reviewer_ids)
        with self.assertRaises(UserError):
            self._gf_review(sheet, self.user_co_manager)
        self.assertEqual(reviews[1].status, "pending")
        self._gf_review(sheet, self.user_accountant)
        self.assertEqual(sheet.approval_state, "approve")
