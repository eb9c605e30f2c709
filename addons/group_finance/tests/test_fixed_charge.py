import threading
from datetime import date
from unittest.mock import patch

import psycopg2

from odoo import SUPERUSER_ID, api
from odoo.exceptions import ValidationError
from odoo.tests import TransactionCase, tagged
from odoo.tools import mute_logger

from .common import GfSpendCommon


@tagged("post_install", "-at_install")
class TestFixedCharge(GfSpendCommon, TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._gf_spend_setup()
        cls.rent_account = cls._gf_account("6132")
        cls.rent = cls.env["group.finance.fixed.charge"].create(
            {
                "name": "Loyer entrepôt Aix",
                "charge_type_id": cls.gf_rent_type.id,
                "partner_id": cls.gf_supplier.id,
                "account_id": cls.rent_account.id,
                "tax_id": cls.gf_tax_20.id,
                "amount_untaxed": 1500.0,
                "frequency": "monthly",
                "debit_day": 5,
                "date_start": date(2026, 9, 1),
            }
        )

    def _bills(self, charge=None):
        return self.env["account.move"].search(
            [("gf_fixed_charge_id", "=", (charge or self.rent).id)], order="gf_period_start"
        )

    def test_amounts_excl_vat_vat_incl_vat(self):
        self.assertAlmostEqual(self.rent.amount_tax, 300.0)
        self.assertAlmostEqual(self.rent.amount_total, 1800.0)

    def test_cron_creates_each_due_period_once(self):
        created = self.rent._gf_generate_bills(date(2026, 11, 22))
        self.assertEqual(len(created), 3)
        bills = self._bills()
        self.assertEqual(bills, created)
        self.assertEqual(
            bills.mapped("gf_period_start"),
            [date(2026, 9, 1), date(2026, 10, 1), date(2026, 11, 1)],
        )
        self.assertEqual(
            bills.mapped("invoice_date"), [date(2026, 9, 5), date(2026, 10, 5), date(2026, 11, 5)]
        )
        bill = bills[0]
        self.assertEqual(bill.move_type, "in_invoice")
        self.assertEqual(bill.state, "draft")
        self.assertEqual(bill.partner_id, self.gf_supplier)
        self.assertEqual(bill.company_id, self.gf_company)
        self.assertAlmostEqual(bill.amount_untaxed, 1500.0)
        self.assertAlmostEqual(bill.amount_total, 1800.0)
        self.assertEqual(bill.invoice_line_ids.account_id, self.rent_account)
        self.assertEqual(bill.invoice_line_ids.tax_ids, self.gf_tax_20)
        # the second run (the next day, or twice the same day) bills nothing again
        self.assertFalse(self.rent._gf_generate_bills(date(2026, 11, 22)))
        self.assertFalse(self.rent._gf_generate_bills(date(2026, 11, 30)))
        self.assertEqual(len(self._bills()), 3)
        # the next month's run bills the next period only
        self.assertEqual(len(self.rent._gf_generate_bills(date(2026, 12, 5))), 1)
        self.assertEqual(self.rent.move_count, 4)
        self.assertEqual(self.rent.last_period_start, date(2026, 12, 1))

    def test_scheduled_action_runs_the_generation(self):
        cron = self.env.ref("group_finance.ir_cron_fixed_charge_bills")
        self.assertEqual(cron.model_id.model, "group.finance.fixed.charge")
        with patch("odoo.fields.Date.context_today", return_value=date(2026, 10, 10)):
            self.env["group.finance.fixed.charge"]._cron_generate_bills()
        self.assertEqual(len(self._bills()), 2)

    def test_database_refuses_a_second_bill_of_a_period(self):
        self.rent._gf_generate_bills(date(2026, 9, 30))
        bill = self._bills()
        with mute_logger("odoo.sql_db"), self.assertRaises(psycopg2.errors.UniqueViolation):
            with self.env.cr.savepoint():
                self.env["account.move"].create(
                    {
                        "move_type": "in_invoice",
                        "partner_id": self.gf_supplier.id,
                        "gf_fixed_charge_id": self.rent.id,
                        "gf_period_start": bill.gf_period_start,
                    }
                )

    def test_concurrent_run_that_billed_first_is_skipped(self):
        """A run that read the billed periods before another run committed its bills: the
        unique index refuses its bills and the charge is skipped, without error."""
        self.rent._gf_generate_bills(date(2026, 10, 31))
        Move = type(self.env["account.move"])
        real_read_group = Move._read_group

        def blind_read_group(model, domain, groupby=(), aggregates=(), *args, **kwargs):
            if groupby and groupby[0] == "gf_fixed_charge_id" and not aggregates:
                return []  # what a snapshot taken before the other run's commit saw
            return real_read_group(model, domain, groupby, aggregates, *args, **kwargs)

        with patch.object(Move, "_read_group", blind_read_group), mute_logger("odoo.sql_db"):
            created = self.rent._gf_generate_bills(date(2026, 10, 31))
        self.assertFalse(created)
        self.assertEqual(len(self._bills()), 2)

    def test_debit_day_of_short_months_and_quarters(self):
        charge = self.rent.copy(
            {
                "name": "Assurance flotte",
                "frequency": "quarterly",
                "debit_day": 31,
                "date_start": date(2026, 2, 1),
                "date_end": date(2026, 12, 31),
            }
        )
        charge._gf_generate_bills(date(2027, 6, 30))
        bills = self._bills(charge)
        self.assertEqual(
            bills.mapped("invoice_date"),
            [date(2026, 2, 28), date(2026, 5, 31), date(2026, 8, 31), date(2026, 11, 30)],
            "four quarters until the end date, on the last day of shorter months",
        )

    def test_half_yearly_and_yearly(self):
        half = self.rent.copy({"frequency": "half_yearly", "date_start": date(2025, 1, 1)})
        year = self.rent.copy({"frequency": "yearly", "date_start": date(2024, 3, 1)})
        (half | year)._gf_generate_bills(date(2026, 11, 22))
        self.assertEqual(len(self._bills(half)), 4)
        self.assertEqual(
            self._bills(year).mapped("gf_period_start"),
            [date(2024, 3, 1), date(2025, 3, 1), date(2026, 3, 1)],
        )

    def test_archived_or_future_charge_bills_nothing(self):
        future = self.rent.copy({"date_start": date(2027, 1, 1)})
        self.rent.active = False
        self.assertFalse((self.rent | future)._gf_generate_bills(date(2026, 11, 22)))

    def test_vat_not_deductible_charges_the_whole_amount(self):
        insurance = self.rent.copy(
            {"name": "Assurance RC Pro", "vat_deductible": False, "tax_id": False}
        )
        self.assertAlmostEqual(insurance.amount_total, 1500.0)
        insurance.tax_id = self.gf_tax_20
        insurance._gf_generate_bills(date(2026, 9, 30))
        bill = self._bills(insurance)
        self.assertFalse(bill.invoice_line_ids.tax_ids)
        self.assertAlmostEqual(bill.amount_total, 1800.0)
        self.assertAlmostEqual(bill.amount_tax, 0.0)

    def test_bad_input_is_refused(self):
        for vals in (
            {"amount_untaxed": -10.0},
            {"debit_day": 32},
            {"debit_day": 0},
            {"date_end": date(2026, 8, 1)},
            {"vat_deductible": True, "tax_id": False},
        ):
            with self.subTest(vals=vals), self.assertRaises(ValidationError):
                with self.env.cr.savepoint():
                    self.rent.copy(vals)

    def test_forecast_items_are_the_periods_not_billed_yet(self):
        self.rent._gf_generate_bills(date(2026, 11, 22))
        items = self.env["group.finance.fixed.charge"]._gf_forecast_items(
            self.gf_company, date(2026, 11, 1), date(2027, 1, 31)
        )
        self.assertEqual(
            [(item["date"], item["amount"]) for item in items],
            [(date(2026, 12, 5), -1800.0), (date(2027, 1, 5), -1800.0)],
            "November is billed (an open bill of the forecast): only December and January",
        )
        self.assertEqual(items[0]["res_model"], "group.finance.fixed.charge")
        self.assertEqual(items[0]["res_id"], self.rent.id)
        self.assertEqual(items[0]["company_id"], self.gf_company.id)
        self.assertFalse(
            self.env["group.finance.fixed.charge"]._gf_forecast_items(
                self.env["res.company"].browse(self.env.ref("base.main_company").id),
                date(2026, 11, 1),
                date(2027, 1, 31),
            ),
            "another company's forecast has none of this company's charges",
        )

    def test_button_generates_and_shows_the_bills(self):
        action = self.rent.with_context(tz="Europe/Paris").action_generate_bills()
        self.assertEqual(action["res_model"], "account.move")
        self.assertEqual(self.env["account.move"].search(action["domain"]), self._bills())


@tagged("post_install", "-at_install")
class TestFixedChargeConcurrency(TransactionCase):
    """Two real transactions run the generation at the same time on committed data: one bill per
    period in the end, and no error in either."""

    def test_two_concurrent_runs_make_each_bill_once(self):
        registry = self.registry
        with registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            company = env.ref("base.main_company")
            account = env["account.account"].search(
                [("company_ids", "in", company.ids), ("account_type", "=", "expense")], limit=1
            )
            partner = env["res.partner"].create({"name": "GF concurrency supplier"})
            charge_type = env["group.finance.charge.type"].create(
                {"name": "GF concurrency", "code": "gf_concurrency"}
            )
            charge = env["group.finance.fixed.charge"].create(
                {
                    "name": "GF concurrency charge",
                    "company_id": company.id,
                    "charge_type_id": charge_type.id,
                    "partner_id": partner.id,
                    "account_id": account.id,
                    "vat_deductible": False,
                    "amount_untaxed": 100.0,
                    "date_start": date(2026, 1, 1),
                }
            )
            # the other transactions must see the charge: committed, and removed at the end
            cr.commit()  # pylint: disable=invalid-commit
            ids = {"charge": charge.id, "partner": partner.id, "type": charge_type.id}
        barrier = threading.Barrier(2, timeout=60)
        results, errors = [], []

        def run():
            try:
                with registry.cursor() as cr:
                    env = api.Environment(cr, SUPERUSER_ID, {})
                    charge = env["group.finance.fixed.charge"].browse(ids["charge"])
                    charge.move_count  # noqa: B018 (read before the other run commits)
                    barrier.wait()
                    results.append(len(charge._gf_generate_bills(date(2026, 6, 30))))
            except Exception as error:
                errors.append(error)

        try:
            with mute_logger("odoo.sql_db", "odoo.addons.group_finance.models"):
                threads = [threading.Thread(target=run) for _i in range(2)]
                for thread in threads:
                    thread.start()
                for thread in threads:
                    thread.join(120)
            self.assertFalse(errors)
            self.assertEqual(sum(results), 6, results)
            with registry.cursor() as cr:
                env = api.Environment(cr, SUPERUSER_ID, {})
                bills = env["account.move"].search([("gf_fixed_charge_id", "=", ids["charge"])])
                self.assertEqual(len(bills), 6)
                self.assertEqual(len(set(bills.mapped("gf_period_start"))), 6)
        finally:
            with registry.cursor() as cr:
                env = api.Environment(cr, SUPERUSER_ID, {})
                env["account.move"].search([("gf_fixed_charge_id", "=", ids["charge"])]).unlink()
                env["group.finance.fixed.charge"].browse(ids["charge"]).unlink()
                env["group.finance.charge.type"].browse(ids["type"]).unlink()
                env["res.partner"].browse(ids["partner"]).unlink()
                cr.commit()  # pylint: disable=invalid-commit
