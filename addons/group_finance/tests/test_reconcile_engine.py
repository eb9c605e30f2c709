from datetime import date, timedelta

from odoo.tests import BaseCase, tagged

from ..lib import reconcile_engine as engine

D = date(2026, 11, 10)


def item(id_, amount, refs=(), kind="customer_invoice", partner=None, company=1, days=10):
    return engine.Item(
        id=id_,
        company_id=company,
        amount=amount,
        date=D - timedelta(days=days),
        due_date=D,
        kind=kind,
        partner_id=partner,
        refs=tuple(refs),
    )


def line(id_, amount, label, iban=None, company=1):
    return engine.Line(id=id_, company_id=company, date=D, amount=amount, label=label, iban=iban)


@tagged("post_install", "-at_install")
class TestReconcileEngine(BaseCase):
    def test_expense_report_ndf(self):
        run = engine.Engine([item(1, -156.8, ["EXP/2026/0004"], kind="expense", partner=7)])
        (proposal,) = run.run([line(10, -156.8, "VIR NDF EXP/2026/0004 LUCAS MARTIN")])
        self.assertEqual(
            (proposal.reason, proposal.certain, proposal.item_ids), (engine.NDF, True, [1])
        )

    def test_ndf_marker_without_number_needs_a_unique_expense_of_that_amount(self):
        items = [
            item(1, -80.0, kind="expense", partner=7),
            item(2, -80.0, kind="supplier_bill", partner=8),
        ]
        (proposal,) = engine.Engine(items).run([line(10, -80.0, "VIREMENT NDF OCTOBRE")])
        self.assertEqual(
            (proposal.reason, proposal.certain, proposal.item_ids), (engine.NDF, True, [1])
        )
        items.append(item(3, -80.0, kind="expense", partner=9))
        proposals = engine.Engine(items).run([line(10, -80.0, "VIREMENT NDF OCTOBRE")])
        self.assertFalse([p for p in proposals if p.certain])

    def test_current_account_cc(self):
        run = engine.Engine([item(1, 15000.0, kind="current_account", partner=3)])
        (proposal,) = run.run([line(10, 15000.0, "VIR RECU GELY CC AVANCE COMPTE COURANT")])
        self.assertEqual((proposal.reason, proposal.certain), (engine.CC, True))

    def test_short_or_numeric_tokens_are_not_references(self):
        run = engine.Engine([item(1, 10.0, ["2026"]), item(2, 11.0, ["A1"])])
        self.assertEqual(run.by_ref, {})

    def test_no_partial_token_match(self):
        run = engine.Engine([item(1, 10.0, ["FA/2026/0001"])])
        (proposal,) = run.run([line(10, 10.0, "FACTURE FA/2026/00012")])
        # only the amount is left: proposed, never certain
        self.assertEqual((proposal.reason, proposal.certain), (engine.AMOUNT, False))

    def test_iban_subset_is_only_proposed(self):
        items = [item(1, 100.0, partner=5), item(2, 200.0, partner=5), item(3, 400.0, partner=5)]
        run = engine.Engine(items, {"FR76 3000 4001": 5})
        (proposal,) = run.run([line(10, 300.0, "VIR", iban="FR7630004001")])
        self.assertFalse(proposal.certain)
        self.assertEqual(sorted(proposal.item_ids), [1, 2])

    def test_item_of_certain_match_removed_from_uncertain_proposals(self):
        items = [item(1, 50.0, ["FA/2026/0099"])]
        proposals = engine.Engine(items).run(
            [line(10, 50.0, "VIR FA/2026/0099"), line(11, 50.0, "VIREMENT")]
        )
        self.assertEqual([(p.line_id, p.certain) for p in proposals], [(10, True)])

    def test_amount_outside_the_date_window_is_not_proposed(self):
        old = item(1, 75.0, days=300)
        old.due_date = D - timedelta(days=290)
        self.assertEqual(engine.Engine([old]).run([line(10, 75.0, "VIREMENT")]), [])
