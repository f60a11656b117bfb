# SPDX-License-Identifier: MIT
"""A feed HTTP server on 127.0.0.1 whose feeds can be changed while the daemon polls them.

Each path holds a FeedRoute: a list of items rendered as RSS 2.0, or a fault mode ("junk" serves
bytes that are not a feed, "500" answers HTTP 500). Every answer to a feed carries an ETag; a
request whose If-None-Match matches it gets 304. The server counts hits per path and keeps every
request's headers. Thread-safe: tests change routes while the server thread answers.
"""
import email.utils
import hashlib
import html
import http.server
import threading
import time
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from typing import Optional

from loopback_server import LoopbackServer


@dataclass
class FeedItem:
    guid: str
    title: str
    summary: str = ""
    link: str = ""
    published: Optional[datetime] = None  # None: no pubDate element
    categories: list = field(default_factory=list)


def ago(**kwargs) -> datetime:
    """A UTC time this long before now, e.g. ago(minutes=5), ago(days=30)."""
    return datetime.now(timezone.utc) - timedelta(**kwargs)


def render_rss(title: str, items, ttl_minutes=None) -> bytes:
    parts = [
        '<?xml version="1.0" encoding="UTF-8"?>\n',
        '<rss version="2.0"><channel>',
        f"<title>{html.escape(title)}</title>",
        "<link>http://127.0.0.1/</link>",
        "<description>newswatch integration test feed</description>",
    ]
    if ttl_minutes is not None:
        parts.append(f"<ttl>{ttl_minutes}</ttl>")
    for it in items:
        parts.append("<item>")
        parts.append(f"<title>{html.escape(it.title)}</title>")
        link = it.link or f"http://127.0.0.1/news/{it.guid}"
        parts.append(f"<link>{html.escape(link)}</link>")
        parts.append(f'<guid isPermaLink="false">{html.escape(it.guid)}</guid>')
        if it.published is not None:
            parts.append(f"<pubDate>{email.utils.format_datetime(it.published)}</pubDate>")
        for c in it.categories:
            parts.append(f"<category>{html.escape(c)}</category>")
        if it.summary:
            parts.append(f"<description>{html.escape(it.summary)}</description>")
        parts.append("</item>")
    parts.append("</channel></rss>\n")
    return "".join(parts).encode("utf-8")


class FeedRoute:
    def __init__(self, title: str):
        self.title = title
        self.items = []
        self.ttl = None  # minutes, rendered as <ttl>
        self.mode = "ok"  # ok | junk | 500 | stall
        self.hits = 0
        self.not_modified = 0
        self.requests = []  # list of dict(headers), one per request


class FeedServer(LoopbackServer):
    def __init__(self):
        self._lock = threading.Lock()
        self._hit_cond = threading.Condition(self._lock)
        self._routes = {}
        server = self

        class Handler(http.server.BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args):  # keep pytest output clean
                pass

            def do_GET(self):
                server._handle(self)

            def do_HEAD(self):
                server._handle(self, head=True)

        self._serve(Handler)

    # -- configuration (any thread) --------------------------------------------------------
    def add_feed(self, path: str, title: str = "Test Wire", items=()) -> str:
        with self._lock:
            route = FeedRoute(title)
            route.items = list(items)
            self._routes[path] = route
        return self.url(path)

    def set_ttl(self, path: str, minutes):
        with self._lock:
            self._routes[path].ttl = minutes

    def set_items(self, path: str, items):
        with self._lock:
            self._routes[path].items = list(items)

    def add_item(self, path: str, item: FeedItem):
        """Puts the item first, as news feeds do."""
        with self._lock:
            self._routes[path].items.insert(0, item)

    def set_mode(self, path: str, mode: str):
        assert mode in ("ok", "junk", "500", "stall") or mode.startswith("redirect ")
        with self._lock:
            if path not in self._routes:
                self._routes[path] = FeedRoute("Broken")
            self._routes[path].mode = mode

    # -- observation -----------------------------------------------------------------------
    def hits(self, path: str) -> int:
        with self._lock:
            route = self._routes.get(path)
            return route.hits if route else 0

    def not_modified(self, path: str) -> int:
        with self._lock:
            return self._routes[path].not_modified

    def requests(self, path: str):
        with self._lock:
            return list(self._routes[path].requests)

    def wait_for_hits(self, path: str, count: int, timeout: float) -> bool:
        """Waits until the path has been requested at least `count` times in total."""
        deadline = time.monotonic() + timeout
        with self._hit_cond:
            while True:
                route = self._routes.get(path)
                if route is not None and route.hits >= count:
                    return True
                left = deadline - time.monotonic()
                if left <= 0:
                    return False
                self._hit_cond.wait(left)

    # -- serving ---------------------------------------------------------------------------
    def _handle(self, req, head=False):
        path = req.path.split("?", 1)[0]
        stall = False
        with self._lock:
            route = self._routes.get(path)
            if route is None:
                status, headers, body = 404, {"Content-Type": "text/plain"}, b"no such feed\n"
            else:
                route.hits += 1
                route.requests.append({k.lower(): v for k, v in req.headers.items()})
                if route.mode.startswith("redirect "):  # "redirect 301 /new.xml"
                    _, code, target = route.mode.split(" ", 2)
                    status, headers, body = int(code), {"Location": target, "Content-Type": "text/plain"}, b"moved\n"
                elif route.mode == "stall":  # answers nothing for a long time
                    stall = True
                    status, headers, body = 200, {"Content-Type": "application/rss+xml"}, b""
                elif route.mode == "500":
                    status, headers, body = 500, {"Content-Type": "text/plain"}, b"broken\n"
                elif route.mode == "junk":
                    status = 200
                    headers = {"Content-Type": "application/rss+xml"}
                    body = b"\x00\x01 this is <not a feed at all & never was\n" * 20
                else:
                    body = render_rss(route.title, route.items, route.ttl)
                    etag = '"' + hashlib.sha256(body).hexdigest()[:20] + '"'
                    headers = {"Content-Type": "application/rss+xml; charset=utf-8", "ETag": etag}
                    inm = req.headers.get("If-None-Match")
                    if inm and etag in [t.strip() for t in inm.split(",")]:
                        route.not_modified += 1
                        status, body = 304, b""
                    else:
                        status = 200
                self._hit_cond.notify_all()
        if stall:
            time.sleep(60)
            return
        req.send_response(status)
        for k, v in headers.items():
            req.send_header(k, v)
        if status != 304:  # a 304 has no body and needs no length
            req.send_header("Content-Length", str(len(body)))
        req.end_headers()
        if not head and body:
            req.wfile.write(body)
