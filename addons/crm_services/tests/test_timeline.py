from datetime import date

from freezegun import freeze_time

from odoo.exceptions import AccessError
from odoo.tests import Form, TransactionCase, tagged

from .common import CrmServicesMixin


@tagged("post_install", "-at_install")
class TestTimeline(CrmServicesMixin, TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.setUpCrmServices()
        cls.prospect.email = "compta@provence-froid.example.fr"
        with freeze_time("2026-02-10"):
            cls.quote = cls._quote(partner=cls.contact)
            cls.quote.date_order = "2026-02-10 10:00:00"
            cls.accepted = cls._quote()
            cls.accepted.action_confirm()
            cls.accepted.date_order = "2026-02-12 10:00:00"
            cls.refused = cls._quote()
            cls.refused._crm_refuse(cls.env["crm.lost.reason"].create({"name": "Trop cher"}))
            cls.contact.activity_schedule(
                "mail.mail_activity_data_call",
                summary="Appel de suivi",
                date_deadline=date(2026, 2, 20),
            )
            cls.prospect.activity_schedule(
                "mail.mail_activity_data_meeting", summary="Réunion annuelle"
            ).action_feedback("Réunion faite")
            cls.contract = cls.env["contract.contract"].browse(
                cls.accepted.action_crm_create_contract()["res_id"]
            )
        cls.invoice = cls.env["account.move"].create(
            {
                "move_type": "out_invoice",
                "partner_id": cls.prospect.id,
                "invoice_date": "2026-03-01",
                "invoice_date_due": "2026-03-31",
                "invoice_line_ids": [
                    (0, 0, {"name": "Conseil", "quantity": 1, "price_unit": 1000.0, "tax_ids": []})
                ],
            }
        )
        cls.invoice.action_post()
        cls.env["account.payment.register"].with_context(
            active_model="account.move", active_ids=cls.invoice.ids
        ).create({"payment_date": "2026-03-21"})._create_payments()
        cls.reminder = cls.env["crm.reminder"].create(
            {
                "name": "Relance téléphonique",
                "partner_id": cls.prospect.id,
                "channel": "phone",
                "date": "2026-04-02",
            }
        )
        cls.Timeline = cls.env["crm.timeline"]

    def test_merges_every_source_newest_first(self):
        data = self.Timeline.get_timeline(self.contact.id)
        self.assertEqual(data["partner"]["id"], self.prospect.id, "the whole company")
        types = {e["type"] for e in data["events"]}
        self.assertTrue(
            {"activity", "quote", "order", "contract", "invoice", "payment", "reminder"} <= types,
            types,
        )
        dates = [e["date"] for e in data["events"]]
        self.assertEqual(dates, sorted(dates, reverse=True))
        self.assertEqual(data["events"][0]["title"], "Relance téléphonique")
        titles = " ".join(e["title"] for e in data["events"])
        self.assertIn(self.quote.crm_quote_number, titles)
        self.assertIn(self.invoice.name, titles)

    def test_filters_by_type_and_period(self):
        data = self.Timeline.get_timeline(self.prospect.id, types=["quote"])
        self.assertEqual({e["type"] for e in data["events"]}, {"quote"})
        self.assertEqual(len(data["events"]), 2, "the open and the refused quotes")
        data = self.Timeline.get_timeline(
            self.prospect.id, date_from="2026-03-01", date_to="2026-03-31"
        )
        self.assertEqual({e["type"] for e in data["events"]}, {"invoice", "payment"})
        with self.assertRaises(ValueError):
            self.Timeline.get_timeline(self.prospect.id, types=["nonsense"])

    def test_engagement_figures(self):
        with freeze_time("2026-04-15"):
            stats = self.Timeline.get_timeline(self.prospect.id)["stats"]
        self.assertEqual(stats["quotes_won"], 1)
        self.assertEqual(stats["quotes_lost"], 1)
        self.assertEqual(stats["quotes_open"], 1)
        self.assertEqual(stats["revenue"], 1000.0)
        self.assertEqual(stats["average_payment_delay"], 20.0)
        self.assertEqual(stats["activities_per_month"], {"2026-02": 1})

    def test_other_company_user_cannot_read_the_customer(self):
        self.prospect.company_id = self.company
        with self.assertRaises(AccessError):
            self.Timeline.with_user(self.salesperson_b).get_timeline(self.prospect.id)

    def test_manager_sees_the_page(self):
        action = self.prospect.with_user(self.manager).action_crm_open_timeline()
        wizard = self.env["crm.timeline.wizard"].with_user(self.manager).browse(action["res_id"])
        self.assertIn(self.quote.crm_quote_number, wizard.timeline_html)
        form = Form(wizard)
        form.event_type = "invoice"
        self.assertNotIn(self.quote.crm_quote_number, form.timeline_html)

    def test_salesperson_sees_only_own_documents(self):
        """Record rules apply: a salesperson limited to own documents does not see
        the quotes of another salesperson in the timeline."""
        mine = self._quote(user=self.salesperson)
        titles = " ".join(
            e["title"]
            for e in self.Timeline.with_user(self.salesperson).get_timeline(self.prospect.id)[
                "events"
            ]
        )
        self.assertIn(mine.crm_quote_number, titles)
        self.assertNotIn(self.quote.crm_quote_number, titles)

    def test_query_count_does_not_grow_with_the_records(self):
        """10 then 1,000 more records of each kind: the same number of queries."""

        def add(count):
            self.env["sale.order"].create(
                [
                    {
                        "partner_id": self.prospect.id,
                        "order_line": [(0, 0, {"product_id": self.product.id, "price_unit": 10})],
                    }
                    for _i in range(count)
                ]
            )
            self.env["crm.reminder"].create(
                [{"name": f"R{i}", "partner_id": self.prospect.id} for i in range(count)]
            )
            self.env["mail.message"].create(
                [
                    {
                        "model": "res.partner",
                        "res_id": self.prospect.id,
                        "mail_activity_type_id": self.env.ref("mail.mail_activity_data_call").id,
                        "body": f"Appel {i}",
                        "message_type": "notification",
                    }
                    for i in range(count)
                ]
            )

        add(10)
        self.env.invalidate_all()
        # measured: 24 queries for 10 and for 1,000 records of each kind (one or two per source)
        # with crm_services alone, 25 with the six addons installed as make test installs them
        # (it_park's rules add one); the budget is the same at both sizes.
        with self.assertQueryCount(25):
            self.Timeline.get_timeline(self.prospect.id, limit=50)
        add(990)
        self.env.invalidate_all()
        with self.assertQueryCount(25):
            self.Timeline.get_timeline(self.prospect.id, limit=50)
