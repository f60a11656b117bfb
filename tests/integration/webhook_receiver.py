# SPDX-License-Identifier: MIT
"""A webhook receiver on 127.0.0.1 that records every POST (headers, raw body, the status it
answered) and can be told to fail the next N requests with HTTP 500. Thread-safe."""
import hashlib
import hmac
import http.server
import json
import threading
import time
from dataclasses import dataclass

from loopback_server import LoopbackServer


@dataclass
class Delivery:
    path: str
    headers: dict  # lower-cased names
    body: bytes
    status: int  # what the receiver answered
    at: float  # time.monotonic()

    def json(self):
        return json.loads(self.body.decode("utf-8"))

    @property
    def ok(self) -> bool:
        return 200 <= self.status < 300

    def signature_valid(self, secret: str) -> bool:
        got = self.headers.get("x-newswatch-signature", "")
        want = "sha256=" + hmac.new(secret.encode("utf-8"), self.body, hashlib.sha256).hexdigest()
        return hmac.compare_digest(got, want)


class WebhookReceiver(LoopbackServer):
    def __init__(self):
        # Re-entrant: wait_for's predicate may call deliveries()/accepted() while it holds the lock.
        self._lock = threading.RLock()
        self._cond = threading.Condition(self._lock)
        self._deliveries = []
        self._fail_next = 0
        receiver = self

        class Handler(http.server.BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args):
                pass

            def do_POST(self):
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else b""
                status = receiver._record(self.path, self.headers, body)
                answer = b'{"ok":true}' if status < 300 else b'{"error":"told to fail"}'
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(answer)))
                self.end_headers()
                self.wfile.write(answer)

        self._serve(Handler)

    def url(self, path: str = "/hook") -> str:
        return super().url(path)

    def fail_next(self, count: int):
        """The next `count` POSTs are answered with 500."""
        with self._lock:
            self._fail_next = count

    def _record(self, path, headers, body) -> int:
        with self._cond:
            if self._fail_next > 0:
                self._fail_next -= 1
                status = 500
            else:
                status = 200
            self._deliveries.append(
                Delivery(path, {k.lower(): v for k, v in headers.items()}, body, status,
                         time.monotonic()))
            self._cond.notify_all()
            return status

    def deliveries(self):
        with self._lock:
            return list(self._deliveries)

    def accepted(self):
        """The POSTs answered with 2xx."""
        return [d for d in self.deliveries() if d.ok]

    def wait_for(self, predicate, timeout: float, what: str = "a condition"):
        """Waits until predicate(deliveries) is true; returns the deliveries or raises
        AssertionError naming `what` and listing what did arrive."""
        deadline = time.monotonic() + timeout
        with self._cond:
            while True:
                if predicate(list(self._deliveries)):
                    return list(self._deliveries)
                left = deadline - time.monotonic()
                if left <= 0:
                    break
                self._cond.wait(min(left, 0.5))
            summary = describe(self._deliveries)
        raise AssertionError(f"timed out after {timeout:.0f}s waiting for {what}; "
                             f"webhook received: {summary}")


def item_key(payload) -> str:
    """The feed item an alert is about: the last path segment of its link, which the test feed
    server sets to the item's guid (the daemon's item.id may be its own stable id, not the guid)."""
    item = payload.get("item") or {}
    link = item.get("link") or ""
    return link.rstrip("/").rsplit("/", 1)[-1] if link else str(item.get("id", ""))


def describe(deliveries) -> str:
    if not deliveries:
        return "nothing"
    out = []
    for d in deliveries:
        try:
            p = d.json()
            what = f"{p.get('type')} rule={p.get('rule', {}).get('id')} item={item_key(p)}"
        except (ValueError, AttributeError):
            what = f"non-JSON body {d.body[:80]!r}"
        out.append(f"[{d.status}] {what}")
    return "; ".join(out)
