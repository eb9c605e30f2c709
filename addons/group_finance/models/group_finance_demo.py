# Copyright 2026 The suite's authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Demo data of the declarations, dunning and dashboard (called from demo/*.xml only).

Dates are relative to the day the demo is installed: the last complete quarter has invoices and
bills of SAS Solaire Nettoyage to declare, two customers are being dunned (one at the last
notice, one blocked), and every company has revenue and cash for the dashboard.
"""

from dateutil.relativedelta import relativedelta

from odoo import Command, api, fields, models


class GroupFinanceDemo(models.AbstractModel):
    _name = "group.finance.demo"
    _description = "Group Finance demo data"

    @api.model
    def _gf_vat_demo_load(self):
        today = fields.Date.context_today(self)
        quarter_start = today.replace(day=1, month=((today.month - 1) // 3) * 3 + 1)
        last_quarter = quarter_start - relativedelta(months=3)
        solaire = self.env.ref("group_finance.company_solaire")
        Partner = self.env["res.partner"]
        customers = Partner.create(
            [
                {"name": "Énergie Soleil Provence", "is_company": True,
                 "email": "comptabilite@energie-soleil-provence.example.fr"},
                {"name": "Parc Photovoltaïque du Luberon", "is_company": True,
                 "email": "factures@pv-luberon.example.fr"},
                {"name": "Centrale Solaire de la Crau", "is_company": True,
                 "email": "compta@centrale-crau.example.fr"},
            ]
        )  # fmt: skip
        supplier = Partner.create({"name": "Brosses & Perches du Sud", "is_company": True})
        energie, luberon, crau = customers

        def invoice(company, move_type, partner, date, lines, due=None):
            chart = self.env["account.chart.template"].with_company(company)
            account = chart.ref("pcg_706" if move_type.startswith("out") else "pcg_6061")
            for __, __, __, tax in lines:
                chart.ref(tax).active = True  # the 10 % rates come archived
            move = (
                self.env["account.move"]
                .with_company(company)
                .create(
                    {
                        "move_type": move_type,
                        "partner_id": partner.id,
                        "invoice_date": date,
                        "invoice_date_due": due or date + relativedelta(days=30),
                        "invoice_line_ids": [
                            Command.create(
                                {
                                    "name": label,
                                    "quantity": qty,
                                    "price_unit": price,
                                    "account_id": account.id,
                                    "tax_ids": [Command.set(chart.ref(tax).ids)],
                                }
                            )  # fmt: skip
                            for label, qty, price, tax in lines
                        ],
                    }
                )
            )
            move.action_post()
            return move

        # the quarter to declare (Solaire): services at 20%, a credit note, bills at 20% and 10%
        q = last_quarter
        paid = invoice(
            solaire,
            "out_invoice",
            energie,
            q + relativedelta(days=9),
            [("Nettoyage centrale 12 MWc - campagne de printemps", 1, 18500.0, "tva_normale")],
        )
        paid |= invoice(
            solaire,
            "out_invoice",
            luberon,
            q + relativedelta(months=1, days=4),
            [
                ("Nettoyage de 420 panneaux", 420, 6.5, "tva_normale"),
                ("Déplacement nacelle", 1, 350.0, "tva_normale"),
            ],
        )
        invoice(
            solaire,
            "out_refund",
            energie,
            q + relativedelta(months=1, days=20),
            [("Avoir : zone non nettoyée (orage)", 1, 1200.0, "tva_normale")],
        )
        invoice(
            solaire,
            "in_invoice",
            supplier,
            q + relativedelta(days=14),
            [("Perches télescopiques carbone", 4, 890.0, "tva_acq_normale")],
        )
        invoice(
            solaire,
            "in_invoice",
            supplier,
            q + relativedelta(months=2, days=3),
            [("Eau osmosée (livraison)", 1, 640.0, "tva_acq_intermediaire")],
        )
        for move in paid:  # the quarter's customers paid on time
            self.env["account.payment.register"].with_company(solaire).with_context(
                active_model="account.move", active_ids=move.ids
            ).create({"payment_date": move.invoice_date_due})._create_payments()
        journal = self.env["account.journal"].search(
            [*self.env["account.journal"]._check_company_domain(solaire),
             ("type", "=", "general")], limit=1,
        )  # fmt: skip
        vat = self.env["group.finance.vat.return"].create(
            {"company_id": solaire.id, "regime": "quarterly", "date_from": last_quarter,
             "journal_id": journal.id}
        )  # fmt: skip
        vat.action_compute()

        # dunning: Luberon at the last notice (J+52), La Crau blocked by today's run (J+68)
        late = invoice(solaire, "out_invoice", luberon, today - relativedelta(days=82),
                       [("Nettoyage trimestriel - parc de 3 MWc", 1, 7400.0, "tva_normale")],
                       due=today - relativedelta(days=52))  # fmt: skip
        blocked = invoice(solaire, "out_invoice", crau, today - relativedelta(days=98),
                          [("Nettoyage annuel - 2 200 panneaux", 2200, 5.2, "tva_normale")],
                          due=today - relativedelta(days=68))  # fmt: skip
        history = []
        for inv in late | blocked:
            for level in (1, 2, 3):
                days = {1: 15, 2: 30, 3: 45}[level]
                history.append(
                    {"commercial_partner_id": inv.commercial_partner_id.id,
                     "partner_id": inv.partner_id.id, "company_id": solaire.id,
                     "date": inv.invoice_date_due + relativedelta(days=days),
                     "reminder_type": "mail",
                     "result_notes": f"Relance de niveau {level} envoyée par e-mail.",
                     "reminder_ids": [Command.create({"invoice_id": inv.id, "counter": level})]}
                )  # fmt: skip
        self.env["overdue.reminder.action"].create(history)
        self.env["account.move"].with_company(solaire)._gf_dunning_run(solaire)

        # the other companies: revenue and cash for the dashboard
        for xmlid, label, amount in (
            ("group_finance.company_lexa", "Prestation de conseil", 15000.0),
            ("group_finance.company_lexa2", "Prestation de conseil", 9000.0),
            ("group_finance.company_sci", "Loyer du bâtiment d'Aix", 4200.0),
            ("group_finance.company_holding", "Management fees", 6000.0),
        ):
            company = self.env.ref(xmlid)
            invoice(company, "out_invoice", energie, today - relativedelta(days=20),
                    [(label, 1, amount, "tva_normale")])  # fmt: skip
        for company in (
            self.env.ref("group_finance.company_holding")
            | solaire
            | self.env.ref("group_finance.company_lexa")
            | self.env.ref("group_finance.company_lexa2")
            | self.env.ref("group_finance.company_sci")
        ):
            chart = self.env["account.chart.template"].with_company(company)
            bank = self.env["account.journal"].search(
                [*self.env["account.journal"]._check_company_domain(company),
                 ("type", "=", "bank")], limit=1,
            )  # fmt: skip
            if not bank:
                continue
            opening = self.env["account.move"].with_company(company).create(
                {
                    "journal_id": bank.id,
                    "date": today.replace(month=1, day=2),
                    "ref": "Apport en capital",
                    "line_ids": [
                        Command.create({"account_id": bank.default_account_id.id,
                                        "debit": 50000.0, "name": "Apport en capital"}),
                        Command.create({"account_id": chart.ref("pcg_1013").id,
                                        "credit": 50000.0, "name": "Apport en capital"}),
                    ],
                }
            )  # fmt: skip
            opening.action_post()
        return True
