"""Benchmark of the order_sync API against the naive way (one execute_kw call per step).

Starts its own Odoo server (odoo-bin --workers=0, a database of its own with order_sync only,
dropped at the end), then pushes the same kind of orders (N lines each, products by external id)
three ways, one client, sequentially:

- single: POST /order_sync/v1/orders, one order per request (the client's push_order);
- batch: POST /order_sync/v1/orders/batch, 500 orders per request (push_orders, the maximum);
- naive: what a script would do over Odoo's external API (/jsonrpc, execute_kw): the products'
  ids looked up once, then per order find the customer and create the sale.order with its lines
  (2 calls per order; no idempotency, no status, no log).

    .venv/bin/python bench/order_sync.py                 # 1,000 orders of 3 lines each way
    .venv/bin/python bench/order_sync.py --orders 200    # quicker
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


def push_naive(server, orders):
    """The way without the addon, over /jsonrpc as the admin: the products' ids looked up once,
    then for each order: find the customer, create the sale.order with its lines (2 calls)."""
    names = {f"product_{line['product_id']}" for order in orders for line in order["lines"]}
    rows = server.execute_kw(
        "ir.model.data",
        "search_read",
        [[("module", "=", NAMESPACE), ("name", "in", sorted(names))]],
        {"fields": ["name", "res_id"]},
    )
    product_by_name = {row["name"]: row["res_id"] for row in rows}
    for order in orders:
        partner = server.execute_kw(
            "res.partner", "search", [[("name", "=", "Counter customer")]], {"limit": 1}
        )
        server.execute_kw(
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
    print(f"total {time.perf_counter() - started:.0f} s")


if __name__ == "__main__":
    main()
