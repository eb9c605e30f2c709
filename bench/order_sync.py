"""Benchmark of the order_sync API against the naive way (one execute_kw call per step).

Starts its own Odoo server (odoo-bin --workers=0, a database of its own with order_sync only,
dropped at the end), then pushes the same kind of orders (N lines each, products by external id)
three ways, one client, sequentially:

- single: POST /order_sync/v1/orders, one order per request (the client's push_order);
- batch: POST /order_sync/v1/orders/batch, 500 orders per request (push_orders, the maximum);
- naive: what a script would do over Odoo's external API (/jsonrpc, execute_kw): the products'
  ids looked up once, then per order find the customer and create the sale.order with its lines
  (2 calls per order; no idempotency, no status, no log).

Then the whole life of an order, delivered -> invoiced -> paid, the same three ways: single (push,
then the status "delivered" with a card payment: 2 requests), batch (orders pushed delivered and
paid, 500 per request) and naive execute_kw (create, confirm, invoicing wizard, post, payment
wizard: 9 calls per order).

    .venv/bin/python bench/order_sync.py                 # 1,000 orders of 3 lines each way
    .venv/bin/python bench/order_sync.py --orders 200    # quicker
    .venv/bin/python bench/order_sync.py --life-orders 500   # longer whole-life runs
"""

import argparse
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

from order_sync_harness import NAMESPACE, OdooServer, load_client


def make_orders(prefix, count, lines, product_ids):
    return [
        {
            "external_id": f"{prefix}-{number:05d}",
            "type": ("sur_place", "emporter", "livraison")[number % 3],
            "status": "pending",
            "lines": [
                {
                    "product_id": product_ids[(number * lines + line) % len(product_ids)],
                    "quantity": 1 + line,
                    "unit_price": 10.0 + line,
                }
                for line in range(lines)
            ],
        }
        for number in range(count)
    ]


def push_single(client, orders):
    for order in orders:
        result = client.push_order(order)
        assert result["outcome"] == "created", result


def push_batch(client, orders, batch_size, durations=None):
    """push_orders(), one request per ``batch_size`` orders; ``durations`` gets the time of
    each request (the largest batch must stay well within Odoo's request time limits)."""
    results = []
    for start in range(0, len(orders), batch_size):
        chunk = orders[start : start + batch_size]
        started = time.perf_counter()
        results.extend(client.push_orders(chunk))
        if durations is not None:
            durations.append((len(chunk), time.perf_counter() - started))
    assert all(result["ok"] and result["outcome"] == "created" for result in results)


def naive_product_ids(server, orders):
    """The naive integrator's lookup of the products' ids, once for all the orders."""
    names = {f"product_{line['product_id']}" for order in orders for line in order["lines"]}
    rows = server.execute_kw(
        "ir.model.data",
        "search_read",
        [[("module", "=", NAMESPACE), ("name", "in", sorted(names))]],
        {"fields": ["name", "res_id"]},
    )
    return {row["name"]: row["res_id"] for row in rows}


def naive_create_order(server, order, product_by_name):
    """Find the customer, create the sale.order with its lines: 2 calls over /jsonrpc."""
    partner = server.execute_kw(
        "res.partner", "search", [[("name", "=", "Counter customer")]], {"limit": 1}
    )
    return server.execute_kw(
        "sale.order",
        "create",
        [
            {
                "partner_id": partner[0],
                "client_order_ref": order["external_id"],
                "order_line": [
                    (
                        0,
                        0,
                        {
                            "product_id": product_by_name[f"product_{line['product_id']}"],
                            "product_uom_qty": line["quantity"],
                            "price_unit": line["unit_price"],
                        },
                    )
                    for line in order["lines"]
                ],
            }
        ],
    )


def push_naive(server, orders):
    """The way without the addon, over /jsonrpc as the admin: the products' ids looked up once,
    then for each order: find the customer, create the sale.order with its lines (2 calls)."""
    product_by_name = naive_product_ids(server, orders)
    for order in orders:
        naive_create_order(server, order, product_by_name)


def order_total(order):
    # the bench's products are untaxed: the app's total is the sum of its lines
    return round(sum(line["quantity"] * line["unit_price"] for line in order["lines"]), 2)


def card(order):
    return {"method": "card", "amount": order_total(order), "reference": order["external_id"]}


def life_single(client, orders):
    """The app's whole life of an order, one request per step: pushed (pending), then
    delivered with its card payment (Odoo invoices, posts, registers the payment)."""
    for order in orders:
        assert client.push_order(order)["outcome"] == "created"
        result = client.update_status(order["external_id"], "delivered", payment=card(order))
        assert result["outcome"] == "updated", result


def life_batch(client, orders, batch_size):
    """Orders pushed already delivered and paid, ``batch_size`` per request (an app catching
    up, or pushing its orders once done): one invoicing run per request."""
    delivered = [dict(order, status="delivered", payment=card(order)) for order in orders]
    results = client.push_orders(delivered, batch_size)
    assert all(result["ok"] for result in results), [r for r in results if not r["ok"]][:1]


def life_naive(server, orders, journal_id):
    """What an integrator writes over /jsonrpc (execute_kw) for the same life: create the
    order, confirm it, invoice it through the invoicing wizard, post the invoice, register the
    payment through the payment wizard (9 calls per order, nothing idempotent)."""
    product_by_name = naive_product_ids(server, orders)
    for order in orders:
        order_id = naive_create_order(server, order, product_by_name)
        server.execute_kw("sale.order", "action_confirm", [[order_id]])
        context = {"active_model": "sale.order", "active_ids": [order_id], "active_id": order_id}
        wizard = server.execute_kw(
            "sale.advance.payment.inv",
            "create",
            [{"advance_payment_method": "delivered"}],
            {"context": context},
        )
        server.execute_kw(
            "sale.advance.payment.inv", "create_invoices", [[wizard]], {"context": context}
        )
        (read,) = server.execute_kw("sale.order", "read", [[order_id], ["invoice_ids"]])
        server.execute_kw("account.move", "action_post", [read["invoice_ids"]])
        context = {"active_model": "account.move", "active_ids": read["invoice_ids"]}
        register = server.execute_kw(
            "account.payment.register",
            "create",
            [{"journal_id": journal_id, "communication": order["external_id"]}],
            {"context": context},
        )
        server.execute_kw(
            "account.payment.register",
            "action_create_payments",
            [[register]],
            {"context": context},
        )


def setup_invoicing(server, source_id):
    """Invoicing at delivery on the bench's source, card payments on a bank journal, untaxed
    products (the app's totals are then the sums of its lines)."""
    journal_id = server.execute_kw(
        "account.journal", "create", [{"name": "Carte (bench)", "code": "CBB", "type": "bank"}]
    )
    server.execute_kw(
        "order.sync.source",
        "write",
        [[source_id], {"invoicing": "delivery", "card_journal_id": journal_id}],
    )
    products = server.execute_kw("product.product", "search", [[("name", "=like", "Dish %")]])
    server.execute_kw("product.product", "write", [products, {"taxes_id": [(5, 0, 0)]}])
    return journal_id


def paid_invoices(server):
    """Orders whose invoice is posted and paid (a batch of the counter's orders is invoiced
    together: Odoo's ``_create_invoices`` groups the orders of one customer)."""
    return server.execute_kw(
        "sale.order",
        "search_count",
        [[("invoice_ids.payment_state", "in", ["paid", "in_payment"])]],
    )


def measure(label, function, count):
    started = time.perf_counter()
    function()
    elapsed = time.perf_counter() - started
    rate = count / elapsed
    print(f"  {label:<8} {count:>6} orders in {elapsed:7.2f} s = {rate:8.1f} orders/s", flush=True)
    return rate


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--orders", type=int, default=1000)
    parser.add_argument("--lines", type=int, default=3)
    parser.add_argument("--products", type=int, default=50)
    parser.add_argument(
        "--life-orders",
        type=int,
        default=200,
        help="orders taken through the whole life (delivered, invoiced, paid) each way",
    )
    args = parser.parse_args()

    client_module = load_client()
    started = time.perf_counter()
    with OdooServer(f"bench_order_sync_{os.getpid()}") as server:
        info = server.setup(products=args.products)
        server.start()
        print(f"server ready in {time.perf_counter() - started:.0f} s ({server.url})")
        client = client_module.OrderSyncClient(server.url, info["api_key"], retries=0)
        products = info["product_ids"]

        # warm-up: registry caches, sequences, the admin's password check of /jsonrpc
        push_single(client, make_orders("warm-s", 20, args.lines, products))
        push_batch(client, make_orders("warm-b", 100, args.lines, products), 100)
        push_naive(server, make_orders("warm-n", 20, args.lines, products))
        server.sql("VACUUM ANALYZE")

        count = args.orders
        batch_size = client_module.MAX_BATCH
        print(f"{count} orders of {args.lines} lines, sequential client, Odoo --workers=0:")
        single = measure(
            "single",
            lambda: push_single(client, make_orders("s", count, args.lines, products)),
            count,
        )
        durations = []
        batch = measure(
            "batch",
            lambda: push_batch(
                client, make_orders("b", count, args.lines, products), batch_size, durations
            ),
            count,
        )
        size, slowest = max(durations, key=lambda row: row[1])
        print(f"  slowest batch request: {size} orders in {slowest:.2f} s", flush=True)
        naive = measure(
            "naive",
            lambda: push_naive(server, make_orders("n", count, args.lines, products)),
            count,
        )
        print(
            f"ratios: batch/single {batch / single:.1f}x, batch/naive {batch / naive:.1f}x, "
            f"single/naive {single / naive:.1f}x"
        )
        created = server.execute_kw(
            "sale.order", "search_count", [[("order_sync_source_id", "!=", False)]]
        )
        print(f"orders written through the API: {created} (expected {2 * count + 120})")

        # the whole life: delivered -> invoiced -> paid
        journal_id = setup_invoicing(server, info["source_id"])
        life_single(client, make_orders("warm-ls", 10, args.lines, products))
        life_batch(client, make_orders("warm-lb", 20, args.lines, products), 20)
        life_naive(server, make_orders("warm-ln", 10, args.lines, products), journal_id)
        server.sql("VACUUM ANALYZE")
        before = paid_invoices(server)
        life = args.life_orders
        print(f"whole life (delivered -> invoiced -> paid by card), {life} orders each way:")
        l_single = measure(
            "single",
            lambda: life_single(client, make_orders("ls", life, args.lines, products)),
            life,
        )
        l_batch = measure(
            "batch",
            lambda: life_batch(client, make_orders("lb", life, args.lines, products), batch_size),
            life,
        )
        l_naive = measure(
            "naive",
            lambda: life_naive(server, make_orders("ln", life, args.lines, products), journal_id),
            life,
        )
        print(
            f"ratios (whole life): batch/single {l_batch / l_single:.1f}x, "
            f"batch/naive {l_batch / l_naive:.1f}x, single/naive {l_single / l_naive:.1f}x"
        )
        paid = paid_invoices(server) - before
        print(f"orders invoiced and paid in the measured runs: {paid} (expected {3 * life})")
    print(f"total {time.perf_counter() - started:.0f} s")


if __name__ == "__main__":
    main()
