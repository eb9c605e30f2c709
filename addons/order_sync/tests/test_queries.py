from odoo.tests import TransactionCase, tagged

from .common import OrderSyncCommon

#: Queries one more order of 3 lines may cost in a batch, measured on Odoo 18 with the new orders
#: of a batch created together: with sale_management only, 8 for a quotation and 8 for a
#: confirmed order (6 of them are Odoo's analytic distribution lookups, 2 per line, and 2 its
#: order number); with the whole suite (sale_stock: the confirmation makes a picking, and posts
#: on it), 9 and 36. Before the grouped creation: 19 and 26, 22 and 66. The budgets catch a query
#: per order or per line creeping in; the linearity check catches anything growing with the batch.
PER_ORDER_BUDGET = {"pending": 12, "ready": 40}


@tagged("post_install", "-at_install")
class TestQueries(OrderSyncCommon, TransactionCase):
    """The number of queries per order does not grow with the batch size."""

    def batch(self, prefix, size, status="pending"):
        return [
            self.order_payload(
                f"{prefix}-{i}",
                status=status,
                lines=[
                    {"product_id": "burger", "quantity": 2, "unit_price": 11.0},
                    {"product_id": "fries", "quantity": 1},
                    {"product_id": "soda", "quantity": 3},
                ],
            )
            for i in range(size)
        ]

    def count_queries(self, payloads):
        self.env.invalidate_all()
        self.env.flush_all()
        before = self.env.cr.sql_log_count
        results = self.source._sync_as_user("push", payloads)
        self.env.flush_all()
        count = self.env.cr.sql_log_count - before
        self.assertTrue(all(result["ok"] for result in results), results)
        return count

    def assert_linear(self, status):
        self.count_queries(self.batch(f"warmup-{status}", 2, status))  # caches, sequences...
        small = self.count_queries(self.batch(f"n-{status}", 5, status))
        double = self.count_queries(self.batch(f"2n-{status}", 10, status))
        quadruple = self.count_queries(self.batch(f"4n-{status}", 20, status))
        per_order = (double - small) / 5
        # 10 more orders cost exactly twice what 5 more orders cost: nothing grows with the batch
        self.assertEqual(quadruple - double, 2 * (double - small), (small, double, quadruple))
        self.assertLessEqual(per_order, PER_ORDER_BUDGET[status], (small, double, quadruple))
        return small, double, quadruple

    def test_new_orders(self):
        self.assert_linear("pending")

    def test_new_confirmed_orders(self):
        self.assert_linear("ready")

    def test_replayed_batch_costs_a_few_queries_per_order(self):
        payloads = self.batch("again", 10)
        self.count_queries(payloads)
        again_10 = self.count_queries(payloads)
        payloads_20 = self.batch("again20", 20)
        self.count_queries(payloads_20)
        again_20 = self.count_queries(payloads_20)
        # an unchanged order costs its event only: the events of a batch are one INSERT
        self.assertLessEqual(again_20 - again_10, 10, (again_10, again_20))

    def test_products_of_a_batch_are_found_in_one_query(self):
        source = self.source.with_user(self.integration)
        self.env.invalidate_all()
        self.env.flush_all()
        source.xmlid_module, source.env.company.id  # noqa: B018 - per request, not per product
        with self.assertQueryCount(1):
            found = source._resolve_products({"burger", "fries", "soda", "menu", "pizza", "nope"})
        self.assertEqual(found["burger"], self.burger)
        self.assertEqual(found["menu"], self.menu_template.product_variant_id)
        self.assertEqual((found["pizza"], found["nope"]), ("ambiguous_product", "unknown_product"))
