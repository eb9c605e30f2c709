from datetime import date

from odoo import Command, api, models


class BtpDemo(models.AbstractModel):
    """The demo story (demo data only): a quote taken to a job site, invoiced by situations."""

    _name = "btp.demo"
    _description = "Construction demo story"

    @api.model
    def _load_story(self, company_xmlid):
        company = self.env.ref(company_xmlid)
        if self.env["sale.order"].search_count(
            [("company_id", "=", company.id), ("btp_is_construction", "=", True)], limit=1
        ):
            return False  # the story is already there (module update)
        env = (
            self.with_company(company)
            .with_context(tracking_disable=True, mail_notrack=True, allowed_company_ids=company.ids)
            .env
        )
        ref = self.env.ref
        tax = env["account.chart.template"].with_company(company).ref("tva_normale")
        products = env["product.product"].create(
            [
                {
                    "name": name,
                    "type": "service",
                    "invoice_policy": "delivery",
                    "list_price": price,
                    "company_id": company.id,
                    "taxes_id": [Command.set(tax.ids)],
                    "uom_id": ref(uom).id,
                    "uom_po_id": ref(uom).id,
                }
                for name, price, uom in (
                    ("Gros œuvre - forfait", 42000.0, "uom.product_uom_unit"),
                    ("Ravalement de façade (m²)", 48.0, "uom.product_uom_unit"),
                    ("Menuiseries extérieures PVC (u)", 780.0, "uom.product_uom_unit"),
                )
            ]
        )
        lot, facade, windows = products
        conducteur = ref("btp_light.user_conducteur")
        ouvrier = ref("btp_light.user_ouvrier")
        bureau = ref("btp_light.user_bureau")
        terrasses = ref("btp_light.partner_terrasses")
        meylan = ref("btp_light.partner_meylan")
        belledonne = ref("btp_light.partner_belledonne")
        Order = env["sale.order"]

        def quote(partner, site_name, lines, day, shipping=None):
            return Order.create(
                {
                    "partner_id": partner.id,
                    "partner_shipping_id": (shipping or partner).id,
                    "company_id": company.id,
                    "user_id": bureau.id,
                    "btp_is_construction": True,
                    "btp_site_name": site_name,
                    "date_order": day,
                    "order_line": [
                        Command.create({"product_id": p.id, "product_uom_qty": q, "price_unit": u})
                        for p, q, u in lines
                    ],
                }
            )

        # 1. the story: Résidence Les Terrasses, accepted, three situations
        terrasses_order = quote(
            terrasses,
            "Réhabilitation Résidence Les Terrasses",
            [(lot, 1, 42000.0), (facade, 850, 48.0), (windows, 36, 780.0)],
            date(2026, 8, 10),
            shipping=ref("btp_light.partner_terrasses_site"),
        )
        terrasses_order.action_quotation_sent()
        terrasses_order.action_confirm()
        site = terrasses_order.btp_site_id
        site.write(
            {
                "date_start": date(2026, 9, 1),
                "date": date(2026, 12, 18),
                "user_id": conducteur.id,
                "btp_team_user_ids": [Command.set(ouvrier.ids)],
                "btp_site_state": "in_progress",
                "allow_milestones": True,
            }
        )
        env["project.milestone"].create(
            [
                {
                    "name": "Fin du gros œuvre",
                    "project_id": site.id,
                    "deadline": date(2026, 10, 15),
                    "is_reached": True,
                },
                {
                    "name": "Pose des menuiseries",
                    "project_id": site.id,
                    "deadline": date(2026, 11, 27),
                },
                {
                    "name": "Réception des travaux",
                    "project_id": site.id,
                    "deadline": date(2026, 12, 18),
                },
            ]
        )
        deposit_wizard = (
            env["sale.advance.payment.inv"]
            .with_context(active_model="sale.order", active_ids=terrasses_order.ids)
            .create({"advance_payment_method": "percentage", "amount": 10})
        )
        deposit_wizard.create_invoices()
        invoices = [terrasses_order.invoice_ids]
        for _day, progress in (
            (date(2026, 9, 30), (35, 20, 0)),
            (date(2026, 10, 30), (70, 55, 25)),
            (date(2026, 11, 20), (95, 80, 60)),
        ):
            for line, value in zip(
                terrasses_order.order_line.filtered(lambda line: not line.is_downpayment),
                progress,
                strict=True,
            ):
                line.btp_progress = value
            action = terrasses_order.action_btp_situation()
            invoices.append(env["account.move"].browse(action["res_id"]))
        for invoice, day in zip(
            invoices,
            (date(2026, 8, 25), date(2026, 9, 30), date(2026, 10, 30), date(2026, 11, 20)),
            strict=True,
        ):
            invoice.invoice_date = day
            invoice.action_post()
        deposit, first, second, _third = invoices
        for invoice, day, amount in (
            (deposit, date(2026, 9, 8), None),
            (first, date(2026, 10, 20), None),
            (second, date(2026, 11, 18), 15000.0),
        ):
            wizard = (
                env["account.payment.register"]
                .with_context(active_model="account.move", active_ids=invoice.ids)
                .create({"payment_date": day, **({"amount": amount} if amount else {})})
            )
            wizard._create_payments()

        # 2. a second site for the same team: the planning warns of the overlap
        school = quote(
            meylan,
            "Extension école Jules Ferry",
            [(lot, 1, 65000.0), (windows, 12, 780.0)],
            date(2026, 10, 5),
        )
        school.action_confirm()
        school.btp_site_id.write(
            {
                "date_start": date(2026, 12, 7),
                "date": date(2027, 3, 26),
                "user_id": conducteur.id,
                "btp_team_user_ids": [Command.set(ouvrier.ids)],
            }
        )
        # 3. a quote pending and a refused one
        pending = quote(
            meylan, "Gymnase des Buclos - toiture", [(lot, 1, 28500.0)], date(2026, 11, 12)
        )
        pending.action_quotation_sent()
        refused = quote(
            belledonne, "Résidence Belledonne - façades", [(facade, 1200, 52.0)], date(2026, 9, 14)
        )
        refused.action_quotation_sent()
        refused.action_btp_refuse()

        # 4. October exported for JD Edwards
        export = (
            env["btp.jde.export"]
            .with_user(ref("btp_light.user_compta_btp"))
            .create(
                {
                    "date_from": date(2026, 10, 1),
                    "date_to": date(2026, 10, 31),
                    "company_id": company.id,
                }
            )
        )
        export.action_export()
        return True
