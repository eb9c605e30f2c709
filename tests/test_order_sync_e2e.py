"""End to end: a real Odoo server (odoo-bin, threaded, its own database with order_sync only)
and the Python client of the app developers, over real HTTP."""

import hashlib
import hmac
import http.client
import json
import os
import shutil
import threading
import time
import urllib.parse
from concurrent.futures import ThreadPoolExecutor
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest
from order_sync_harness import OdooServer, free_port, load_client

client_module = load_client()


@pytest.fixture(scope="module")
def server():
    started = time.monotonic()
    with OdooServer(f"e2e_order_sync_{os.getpid()}") as odoo:
        info = odoo.setup(products=10)
        odoo.start()
        odoo.info = info
        odoo.client = client_module.OrderSyncClient(odoo.url, info["api_key"], retries=0)
        print(f"\ne2e server ready in {time.monotonic() - started:.0f} s")
        yield odoo
    print(f"\ne2e total {time.monotonic() - started:.0f} s")


def order(external_id, status="pending", products=("p0000", "p0001"), **values):
    payload = {
        "external_id": external_id,
        "type": "livraison",
        "status": status,
        "lines": [{"product_id": product, "quantity": 2} for product in products],
    }
    payload.update(values)
    return payload


def count_orders(server, external_id):
    return server.execute_kw(
        "sale.order", "search_count", [[("order_sync_external_id", "=", external_id)]]
    )


def test_push_and_follow_the_statuses(server):
    client = server.client
    assert client.ping()["source"] == "delivery_app"
    created = client.push_order(order("E2E-1", reference="CMD-1"))
    assert (created["outcome"], created["state"]) == ("created", "draft")
    assert client.push_order(order("E2E-1", reference="CMD-1"))["outcome"] == "unchanged"
    assert client.update_status("E2E-1", "accepted")["state"] == "sale"
    assert client.update_status("E2E-1", "ready")["state"] == "sale"
    delivered = client.update_status("E2E-1", "delivered")
    assert (delivered["state"], delivered["locked"]) == ("sale", True)
    (record,) = server.execute_kw(
        "sale.order",
        "read",
        [[created["order_id"]], ["state", "locked", "order_sync_status", "client_order_ref"]],
    )
    assert (record["state"], record["locked"], record["order_sync_status"]) == (
        "sale",
        True,
        "delivered",
    )
    assert record["client_order_ref"] == "CMD-1"
    with pytest.raises(client_module.OrderSyncError) as caught:
        client.update_status("E2E-1", "cancelled")
    assert (caught.value.code, caught.value.http_status) == ("invalid_transition", 409)


def test_200_orders_their_statuses_and_the_day_reconciled(server):
    client = server.client
    day = "2026-01-15"
    orders = [
        order(f"E2E-B{i:03d}", date=f"{day}T11:00:00Z", status_at=f"{day}T11:00:00Z")
        for i in range(200)
    ]
    orders[42]["lines"][0]["product_id"] = "missing"
    results = client.push_orders(orders)
    assert len(results) == 200
    assert [r["external_id"] for r in results if not r["ok"]] == ["E2E-B042"]
    assert results[42]["error"]["code"] == "unknown_product"
    assert {r["outcome"] for r in results if r["ok"]} == {"created"}
    # duplicates: the whole backlog again changes nothing
    again = client.push_orders(orders)
    assert {r["outcome"] for r in again if r["ok"]} == {"unchanged"}
    # status changes, then a late retry of an older one: acknowledged, ignored
    for number in range(20):
        updated = client.update_status(f"E2E-B{number + 100:03d}", "ready", f"{day}T11:10:00Z")
        assert (updated["outcome"], updated["state"]) == ("updated", "sale")
    late = client.update_status("E2E-B100", "accepted", f"{day}T11:05:00Z")
    assert (late["outcome"], late["status"], late["state"]) == ("stale", "ready", "sale")
    read = client.get_order("E2E-B100")
    assert (read["state"], read["status"]) == ("sale", "ready")
    written = server.execute_kw(
        "sale.order", "search_count", [[("order_sync_external_id", "=like", "E2E-B%")]]
    )
    assert written == 199
    amount = {r["external_id"]: r["amount_total"] for r in results if r["ok"]}
    ready_ids = [f"E2E-B{number:03d}" for number in range(100, 120)]
    pending = sum(amount.values()) - sum(amount[i] for i in ready_ids)
    answer = client.reconcile(
        day,
        {
            "pending": {"count": 180, "amount": pending},  # the app counts the refused one too
            "ready": {"count": 20, "amount": sum(amount[i] for i in ready_ids)},
        },
    )
    assert not answer["ok"]
    (difference,) = answer["differences"]
    assert (difference["status"], difference["app"]["count"], difference["odoo"]["count"]) == (
        "pending",
        180,
        179,
    )
    assert "E2E-B042" not in difference["odoo_external_ids"]


def test_50_concurrent_identical_pushes_make_one_order(server):
    payload = order("E2E-SAME", status="ready", customer={"external_id": "c-same", "name": "Léa"})

    def push(_):
        client = client_module.OrderSyncClient(server.url, server.info["api_key"], retries=0)
        return client.push_order(payload)

    with ThreadPoolExecutor(max_workers=50) as pool:
        results = list(pool.map(push, range(50)))
    assert {r["order_id"] for r in results} == {results[0]["order_id"]}
    assert sorted(r["outcome"] for r in results) == ["created"] + ["unchanged"] * 49
    assert count_orders(server, "E2E-SAME") == 1
    events = server.execute_kw(
        "order.sync.event", "search_count", [[("external_id", "=", "E2E-SAME")]]
    )
    assert events == 50, "one event per push: the retried ones are not logged twice"
    partners = server.execute_kw("res.partner", "search_count", [[("name", "=", "Léa")]])
    assert partners == 1


def test_concurrent_identical_batches_make_each_order_once(server):
    """The new orders of a batch are created together; when a concurrent request made them
    first, the request falls back to one order at a time and is retried: each caller gets the
    ids of the same orders."""
    orders = [
        order(f"E2E-CB{number:02d}", status=("pending", "ready")[number % 2])
        for number in range(20)
    ]

    def push(_):
        client = client_module.OrderSyncClient(server.url, server.info["api_key"], retries=0)
        return client.push_orders(orders)

    with ThreadPoolExecutor(max_workers=6) as pool:
        answers = list(pool.map(push, range(6)))
    for number in range(20):
        results = [answer[number] for answer in answers]
        assert all(result["ok"] for result in results), results
        assert len({result["order_id"] for result in results}) == 1, results
        assert sorted(result["outcome"] for result in results) == ["created"] + ["unchanged"] * 5
    written = server.execute_kw(
        "sale.order", "search_count", [[("order_sync_external_id", "=like", "E2E-CB%")]]
    )
    assert written == 20


def test_largest_batch_in_one_request(server):
    """500 orders of 3 lines, the documented maximum, in one request: well within Odoo's
    default request limits (60 s CPU, 120 s real time); one more is refused."""
    products = ("p0002", "p0003", "p0004")
    orders = [order(f"E2E-L{number:03d}", products=products) for number in range(500)]
    # the client waits as long as Odoo's real-time limit (120 s): on a loaded machine the answer
    # may take more than the client's default 30 s, the bound asserted below is what counts
    client = client_module.OrderSyncClient(
        server.url, server.info["api_key"], timeout=120, retries=0
    )
    started = time.monotonic()
    answer = client.call("orders/batch", {"orders": orders})
    elapsed = time.monotonic() - started
    print(f"\n500-order batch: {elapsed:.1f} s")
    assert answer["summary"]["created"] == 500
    assert elapsed < 60
    with pytest.raises(client_module.OrderSyncError) as caught:
        server.client.call("orders/batch", {"orders": [*orders, order("E2E-L500")]})
    assert (caught.value.code, caught.value.http_status) == ("batch_too_large", 413)


def test_concurrent_orders_of_one_new_customer(server):
    customer = {"external_id": "c-shared", "name": "Customer of many orders"}

    def push(number):
        client = client_module.OrderSyncClient(server.url, server.info["api_key"], retries=0)
        return client.push_order(order(f"E2E-C{number}", customer=customer))

    with ThreadPoolExecutor(max_workers=20) as pool:
        results = list(pool.map(push, range(20)))
    assert all(r["outcome"] == "created" for r in results)
    partners = server.execute_kw(
        "res.partner", "search_count", [[("name", "=", "Customer of many orders")]]
    )
    assert partners == 1


def raw_post(server, body, headers):
    """A request the client would never send, over a raw HTTP connection."""
    url = urllib.parse.urlsplit(server.url)
    connection = http.client.HTTPConnection(url.hostname, url.port, timeout=30)
    try:
        if isinstance(body, list):  # chunked, no Content-Length
            connection.putrequest("POST", "/order_sync/v1/orders")
            for name, value in headers.items():
                connection.putheader(name, value)
            connection.putheader("Transfer-Encoding", "chunked")
            connection.endheaders()
            for chunk in body:
                connection.send(b"%x\r\n%s\r\n" % (len(chunk), chunk))
            connection.send(b"0\r\n\r\n")
        else:
            connection.request("POST", "/order_sync/v1/orders", body=body, headers=headers)
        response = connection.getresponse()
        return response.status, response.getheader("Content-Type"), json.loads(response.read())
    finally:
        connection.close()


def test_transport_errors_answer_json(server):
    auth = {"Authorization": f"Bearer {server.info['api_key']}"}
    json_type = {"Content-Type": "application/json"}
    cases = [
        (b"not json", {**auth, **json_type}, 400, "invalid_json"),
        (b"[1, 2]", {**auth, **json_type}, 400, "invalid_request"),
        (b"{}", {**auth, "Content-Type": "text/plain"}, 415, "unsupported_media_type"),
        (b"x" * (1024 * 1024 + 1), {**auth, **json_type}, 413, "payload_too_large"),
        ([b'{"jsonrpc": "2.0", ', b'"params": {}}'], {**auth, **json_type}, 411, "length_required"),
        (b"{}", json_type, 401, "unauthorized"),
    ]
    for body, headers, status, code in cases:
        answer = raw_post(server, body, headers)
        assert answer[:2] == (status, "application/json; charset=utf-8"), (code, answer)
        assert answer[2]["error"]["data"]["code"] == code


def test_replay_from_the_backend(server):
    with pytest.raises(client_module.OrderSyncError) as caught:
        server.client.push_order(order("E2E-R", products=("later",)))
    event_id = caught.value.event_id
    product_id = server.execute_kw("product.product", "create", [{"name": "Late dish"}])
    server.execute_kw(
        "ir.model.data",
        "create",
        [
            {
                "module": "delivery_app",
                "name": "product_later",
                "model": "product.product",
                "res_id": product_id,
            }
        ],  # fmt: skip
    )
    server.execute_kw("order.sync.event", "action_replay", [[event_id]])
    (replay,) = server.execute_kw(
        "order.sync.event", "search_read", [[("replay_of_id", "=", event_id)], ["outcome"]]
    )
    assert replay["outcome"] == "created"
    assert count_orders(server, "E2E-R") == 1


class AppWebhook(BaseHTTPRequestHandler):
    """The app's webhook endpoint on localhost: keeps what it receives, answers the planned
    HTTP statuses (200 once they are used up)."""

    received = []
    statuses = []

    def do_POST(self):
        body = self.rfile.read(int(self.headers["Content-Length"]))
        self.received.append((dict(self.headers), body))
        status = self.statuses.pop(0) if self.statuses else 200
        self.send_response(status)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args):
        pass


def test_orders_cancelled_in_odoo_reach_the_app_signed_in_order_with_retries(server):
    """The office cancels two app orders in Odoo (over Odoo's own RPC, as the web client
    would); the notifications leave the real server for a receiver on localhost, signed with
    the source's secret, in the order of the changes; the one the app answers 500 is sent again
    after its back-off."""
    receiver = HTTPServer(("127.0.0.1", 0), AppWebhook)
    threading.Thread(target=receiver.serve_forever, daemon=True).start()
    source_id = server.info["source_id"]
    secret = "e2e-webhook-secret"
    AppWebhook.received.clear()
    AppWebhook.statuses[:] = [500]
    try:
        server.execute_kw(
            "order.sync.source",
            "write",
            [
                [source_id],
                {
                    "webhook_url": f"http://127.0.0.1:{receiver.server_port}/odoo-hook",
                    "webhook_secret": secret,
                },
            ],
        )
        ids = []
        for external_id in ("E2E-HOOK-1", "E2E-HOOK-2"):
            ids.append(server.client.push_order(order(external_id, status="accepted"))["order_id"])
        for order_id in ids:
            server.execute_kw(
                "sale.order",
                "action_cancel",
                [[order_id]],
                {"context": {"disable_cancel_warning": True}},
            )
        (cron,) = server.execute_kw(
            "ir.model.data",
            "search_read",
            [[("module", "=", "order_sync"), ("name", "=", "ir_cron_send_webhooks")]],
            {"fields": ["res_id"]},
        )

        def run_sender():
            server.execute_kw("ir.cron", "method_direct_trigger", [[cron["res_id"]]])

        def webhooks():
            return server.execute_kw(
                "order.sync.webhook",
                "search_read",
                [[("external_id", "in", ["E2E-HOOK-1", "E2E-HOOK-2"])]],
                {"fields": ["external_id", "state", "attempts", "response_status"], "order": "id"},
            )

        run_sender()
        first, second = webhooks()
        assert (first["state"], first["attempts"], first["response_status"]) == ("pending", 1, 500)
        assert (second["state"], second["attempts"]) == ("sent", 1)
        run_sender()
        assert webhooks()[0]["attempts"] == 1, "not before its back-off"
        server.sql(
            "UPDATE order_sync_webhook SET next_attempt_at = next_attempt_at - interval '1 hour'"
            f" WHERE id = {int(first['id'])}"
        )
        run_sender()
        assert [(w["state"], w["attempts"]) for w in webhooks()] == [("sent", 2), ("sent", 1)]

        bodies = [json.loads(body) for _headers, body in AppWebhook.received]
        assert [b["external_id"] for b in bodies] == ["E2E-HOOK-1", "E2E-HOOK-2", "E2E-HOOK-1"]
        assert {b["event"] for b in bodies} == {"order.cancelled"}
        for headers, body in AppWebhook.received:
            expected = "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()
            assert headers["X-Order-Sync-Signature"] == expected
        assert AppWebhook.received[0][1] == AppWebhook.received[2][1], "the same body again"
        assert AppWebhook.received[0][0]["X-Order-Sync-Delivery"] == str(first["id"])
    finally:
        server.execute_kw("order.sync.source", "write", [[source_id], {"webhook_url": False}])
        receiver.shutdown()


def test_production_mode_with_two_workers(server):
    """Production runs Odoo multi-process (--workers=N): a second server on the same database in
    prefork mode takes concurrent duplicate pushes and status changes in different processes;
    each order is still created once, with one contact, and changes its status once."""
    prefork = OdooServer(server.dbname)  # its own configuration; the database is the same
    try:
        prefork.start(
            extra_args=("--workers=2", f"--gevent-port={free_port()}", "--max-cron-threads=0")
        )
        customer = {"external_id": "c-prefork", "name": "Client multi-processus"}
        payload = order("E2E-PREFORK", status="ready", customer=customer)

        def push(_):
            client = client_module.OrderSyncClient(
                prefork.url, server.info["api_key"], timeout=120, retries=0
            )
            return client.push_order(payload)

        with ThreadPoolExecutor(max_workers=12) as pool:
            results = list(pool.map(push, range(12)))
        assert sorted(r["outcome"] for r in results) == ["created"] + ["unchanged"] * 11
        assert count_orders(server, "E2E-PREFORK") == 1
        partners = server.execute_kw(
            "res.partner", "search_count", [[("name", "=", "Client multi-processus")]]
        )
        assert partners == 1

        def deliver(_):
            client = client_module.OrderSyncClient(
                prefork.url, server.info["api_key"], timeout=120, retries=0
            )
            return client.update_status(
                "E2E-PREFORK", "delivered", status_at="2026-01-15T12:30:00Z"
            )

        with ThreadPoolExecutor(max_workers=6) as pool:
            outcomes = sorted(r["outcome"] for r in pool.map(deliver, range(6)))
        assert outcomes == ["unchanged"] * 5 + ["updated"]
    finally:
        prefork.stop()
        shutil.rmtree(prefork.workdir, ignore_errors=True)
