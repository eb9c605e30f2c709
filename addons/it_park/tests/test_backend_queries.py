from datetime import date

from odoo.tests import TransactionCase, tagged

from .common import ItParkServiceCommon


@tagged("post_install", "-at_install")
class TestBackendQueries(ItParkServiceCommon, TransactionCase):
    """The recurring invoicing works in batches: its queries per invoice stay flat."""

    def _queries(self, count):
        contracts = self.env["contract.contract"].browse(
            [self._contract(name=f"Contrat {n}", it_asset_ids=False).id for n in range(count)]
        )
        self.env.flush_all()
        self.env.invalidate_all()
        start = self.env.cr.sql_log_count
        moves = contracts._it_invoice_chunk(date(2026, 3, 2))
        self.env.flush_all()
        self.assertEqual(len(moves), count)
        return self.env.cr.sql_log_count - start

    def test_queries_per_invoice_flat(self):
        small = self._queries(3)
        large = self._queries(12)
        per_invoice = (large - small) / 9
        # Creating and posting one invoice costs Odoo's accounting most of these queries; the
        # per-contract work of the invoicing must not add much on top.
        self.assertLess(per_invoice, QUERIES_PER_INVOICE, f"{small} for 3, {large} for 12")
        self.assertLess(small, 3 * QUERIES_PER_INVOICE + FIXED_QUERIES)


QUERIES_PER_INVOICE = 27  # measured: 24 (with OCA's "created by contract" message on each)
# measured: 188 - 3 x 24 = 116; 213 for 3 with the six addons (group_finance's posting hooks)
FIXED_QUERIES = 145
