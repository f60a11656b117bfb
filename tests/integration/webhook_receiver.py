# SPDX-License-Identifier: MIT
"""A webhook receiver on 127.0.0.1 that records every POST (headers, raw body, the status it
answered) and can be told to fail the next N requests with HTTP 500. Thread-safe.

For delivery tests it can also answer with any status and headers, hold an answer for a while
(a slow receiver), go away (stop listening and drop open connections) and come back on the same
port, and note whether each answer actually reached the client."""
import hashlib
import hmac
import http.server
import json
import socket
import threading
import time
from dataclasses import dataclass, field
from typing import Callable, Optional

from loopback_server import LoopbackServer


@dataclass
class Delivery:
    path: str
    headers: dict  # lower-cased names
    body: bytes
    status: int  # what the receiver answered
    at: float  # time.monotonic() when the request had been read
    answered_at: Optional[float] = None  # time.monotonic() once the answer was written out
    answer_sent: Optional[bool] = None  # None while the answer is held; False if the client was gone

    def json(self):
        return json.loads(self.body.decode("utf-8"))

    @property
    def ok(self) -> bool:
        return 200 <= self.status < 300

    def signature_valid(self, secret: str) -> bool:
        got = self.headers.get("x-newswatch-signature", "")
        want = "sha256=" + hmac.new(secret.encode("utf-8"), self.body, hashlib.sha256).hexdigest()
        return hmac.compare_digest(got, want)


@dataclass
class Answer:
    """How the receiver answers one POST."""
    status: int = 200
    headers: dict = field(default_factory=dict)  # extra response headers, e.g. {"Retry-After": "8"}
    delay: float = 0.0  # seconds to hold the answer after the request was read
    until_wall: Optional[float] = None  # or hold it until this time.time()


class WebhookReceiver(LoopbackServer):
    def __init__(self):
        # Re-entrant: wait_for's predicate may call deliveries()/accepted() while it holds the lock.
        self._lock = threading.RLock()
        self._cond = threading.Condition(self._lock)
        self._deliveries = []
        self._fail_next = 0
        self._script = []  # Answers for the next POSTs, first first
        self._responder = None  # callable(Delivery) -> Answer or None, asked before the script
        self._connections = set()  # open client sockets, so go_away() can drop them
        self._kept_port = None
        receiver = self

        class Handler(http.server.BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args):
                pass

            def setup(self):
                super().setup()
                with receiver._lock:
                    receiver._connections.add(self.connection)

            def handle(self):
                try:
                    super().handle()
                except (ConnectionResetError, BrokenPipeError):  # the client died (kill -9) or we dropped it
                    pass

            def finish(self):
                try:
                    super().finish()
                except OSError:
                    pass
                with receiver._lock:
                    receiver._connections.discard(self.connection)

            def do_POST(self):
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else b""
                delivery, extra = receiver._record_delivery(self.path, self.headers, body)
                status = delivery.status
                if extra is not None:
                    hold = extra.delay
                    if extra.until_wall is not None:
                        hold = max(hold, extra.until_wall - time.time())
                    if hold > 0:
                        time.sleep(hold)
                answer = b'{"ok":true}' if status < 300 else b'{"error":"told to fail"}'
                sent = False
                try:
                    self.send_response(status)
                    self.send_header("Content-Type", "application/json")
                    self.send_header("Content-Length", str(len(answer)))
                    for name, value in (extra.headers.items() if extra is not None else ()):
                        self.send_header(name, value)
                    self.end_headers()
                    self.wfile.write(answer)
                    self.wfile.flush()
                    sent = True
                except OSError:  # the client went away (e.g. the daemon was killed) while we held it
                    self.close_connection = True
                with receiver._cond:
                    delivery.answered_at = time.monotonic()
                    delivery.answer_sent = sent
                    receiver._cond.notify_all()

        self._handler = Handler
        self._serve(Handler)

    def url(self, path: str = "/hook") -> str:
        return super().url(path)

    def fail_next(self, count: int):
        """The next `count` POSTs are answered with 500."""
        with self._lock:
            self._fail_next = count

    def answer_next(self, *answers: Answer):
        """The next POSTs (after any fail_next) get these answers, in order; then 200 again."""
        with self._lock:
            self._script.extend(answers)

    def set_responder(self, responder: Optional[Callable[[Delivery], Optional[Answer]]]):
        """responder(delivery) decides each answer (its status field is still unset); returning
        None falls back to fail_next / answer_next / 200. Called with the lock held: keep it quick."""
        with self._lock:
            self._responder = responder

    def go_away(self):
        """Stops listening and drops every open connection: the port refuses connections."""
        with self._lock:
            self._kept_port = self.port
        LoopbackServer.stop(self)
        self._drop_connections()

    def come_back(self, timeout: float = 10.0):
        """Listens again on the port it had before go_away()."""
        deadline = time.monotonic() + timeout
        while True:
            try:
                self._httpd = http.server.ThreadingHTTPServer(("127.0.0.1", self._kept_port), self._handler)
                break
            except OSError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.1)
        self._httpd.daemon_threads = True
        self._thread = threading.Thread(target=self._httpd.serve_forever, daemon=True)
        self._thread.start()
        return self

    def stop(self):
        LoopbackServer.stop(self)
        self._drop_connections()

    def _drop_connections(self):
        with self._lock:
            connections = list(self._connections)
        for conn in connections:
            try:
                conn.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass

    def _record(self, path, headers, body) -> int:
        return self._record_delivery(path, headers, body)[0].status

    def _record_delivery(self, path, headers, body):
        """Records a POST and decides its answer: (Delivery, Answer or None)."""
        with self._cond:
            delivery = Delivery(path, {k.lower(): v for k, v in headers.items()}, body, 0, time.monotonic())
            extra = self._responder(delivery) if self._responder is not None else None
            if extra is not None:
                status = extra.status
            elif self._fail_next > 0:
                self._fail_next -= 1
                status = 500
            elif self._script:
                extra = self._script.pop(0)
                status = extra.status
            else:
                status = 200
            delivery.status = status
            self._deliveries.append(delivery)
            self._cond.notify_all()
            return delivery, extra

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
