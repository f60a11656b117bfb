# SPDX-License-Identifier: MIT
"""Feed → rules → alert, end to end with the real binary (issue 2)."""
import json
import pathlib
import signal
import time

import jsonschema

from feed_server import FeedItem, ago
from webhook_receiver import item_key

QUIET = FeedItem("quiet-1", "Tokyo stocks close higher on exporters", "The Nikkei rose 1.2 percent.",
                 published=ago(minutes=30))
TALKS = FeedItem("talks-1", "Japanese and Chinese foreign ministers hold talks in Beijing",
                 "The two ministers agreed to keep channels open on seafood and maritime issues.",
                 published=ago(minutes=1))


def alerts_for(webhook, key):
    return [d for d in webhook.accepted() if item_key(d.json()) == key]


def test_item_added_between_polls_alerts_exactly_once_also_after_restart(feed_server, webhook, make_daemon, tmp_path):
    url = feed_server.add_feed("/wire.xml", "Test Wire", [QUIET])
    daemon = make_daemon([(url, "300ms")], webhook_url=webhook.url(), secret="s3cret").start()
    assert feed_server.wait_for_hits("/wire.xml", 2, 10), daemon.log()
    assert webhook.deliveries() == [], "an unrelated item alerted"

    feed_server.add_item("/wire.xml", TALKS)
    webhook.wait_for(lambda ds: len(ds) >= 1, 10, "the alert for the new item")
    hits = feed_server.hits("/wire.xml")
    assert feed_server.wait_for_hits("/wire.xml", hits + 4, 10)  # more polls of the same feed
    time.sleep(0.5)
    assert len(alerts_for(webhook, "talks-1")) == 1, webhook.deliveries()

    delivery = alerts_for(webhook, "talks-1")[0]
    payload = delivery.json()
    schema = json.loads((pathlib.Path(__file__).parents[2] / "docs" / "alert-payload.schema.json").read_text())
    jsonschema.validate(payload, schema)  # the documented contract, docs/alert-payload.schema.json
    assert payload["version"] == 1 and payload["type"] == "alert"
    assert payload["rule"] == {"id": "test-jc-talks", "title": "Japan and China hold talks", "severity": "high",
                               "tags": ["meeting"]}
    assert payload["item"]["title"] == TALKS.title
    assert payload["item"]["feed"] == "Feed 0"
    assert payload["item"]["published"].endswith("Z")
    assert payload["story"]["sources"] == ["Feed 0"]
    assert payload["tone"] == 3
    fields = {(h["field"], h["term"]) for h in payload["highlights"]}
    assert ("title", "talks") in fields, payload["highlights"]
    assert delivery.headers["x-newswatch-event"] == payload["id"]
    assert delivery.headers["idempotency-key"] == payload["id"]
    assert delivery.signature_valid("s3cret")
    # A conditional GET was used once the server handed out an ETag.
    assert feed_server.not_modified("/wire.xml") >= 1

    assert daemon.stop() == 0

    # Restart on the same state: the item is not new any more.
    daemon.start()
    hits = feed_server.hits("/wire.xml")
    assert feed_server.wait_for_hits("/wire.xml", hits + 4, 10)
    time.sleep(0.5)
    assert len(alerts_for(webhook, "talks-1")) == 1, webhook.deliveries()

    # …and it still alerts on what is new.
    feed_server.add_item("/wire.xml", FeedItem("talks-2", "China and Japan agree to a leaders' summit next month",
                                               published=ago(minutes=1)))
    webhook.wait_for(lambda ds: len(alerts_for(webhook, "talks-2")) == 1, 10, "the alert after the restart")
    assert daemon.stop() == 0

    # The file receiver got the same alerts, one JSON object a line.
    lines = [json.loads(l) for l in (tmp_path / "alerts.jsonl").read_text(encoding="utf-8").splitlines()]
    assert sorted(item_key(p) for p in lines) == ["talks-1", "talks-2"]


def test_broken_feed_is_counted_and_backed_off_while_others_alert(feed_server, webhook, make_daemon):
    good = feed_server.add_feed("/good.xml", "Good Wire", [TALKS])
    feed_server.set_mode("/junk.xml", "junk")
    feed_server.set_mode("/down.xml", "500")
    daemon = make_daemon([(good, "300ms"), (feed_server.url("/junk.xml"), "300ms"),
                          (feed_server.url("/down.xml"), "300ms")], webhook_url=webhook.url()).start()
    webhook.wait_for(lambda ds: len(alerts_for(webhook, "talks-1")) == 1, 10, "the good feed's alert")
    time.sleep(3)
    assert daemon.metric("newswatch_parse_failures_total") >= 1
    assert daemon.metric("newswatch_poll_failures_total") >= 1
    assert daemon.metric("newswatch_feeds_failing") == 2
    # Backoff: in 3 s at a 300 ms interval a healthy feed is polled ~10 times; failing ones far less.
    assert feed_server.hits("/down.xml") <= 4, feed_server.hits("/down.xml")
    assert feed_server.hits("/good.xml") >= 6
    feeds = {f["name"]: f for f in daemon.get("/api/v1/feeds")}
    assert feeds["Feed 1"]["status"] == "failing" and "not a feed" in feeds["Feed 1"]["last_error"]
    assert feeds["Feed 2"]["last_error"] == "HTTP 500"
    assert "not a feed" in daemon.log()
    assert daemon.stop() == 0


def test_failed_webhook_delivery_is_retried_from_the_outbox(feed_server, webhook, make_daemon):
    webhook.fail_next(1)
    url = feed_server.add_feed("/wire.xml", "Test Wire", [TALKS])
    daemon = make_daemon([(url, "1s")], webhook_url=webhook.url()).start()
    # First attempt answered 500, the retry (after ~5 s of backoff) is accepted.
    webhook.wait_for(lambda ds: len(alerts_for(webhook, "talks-1")) == 1, 20, "the retried alert")
    statuses = [d.status for d in webhook.deliveries()]
    assert statuses == [500, 200], statuses
    first, second = webhook.deliveries()
    assert first.json()["id"] == second.json()["id"]  # the same event, so the receiver can dedupe
    assert daemon.metric("newswatch_delivery_failures_total") == 1
    assert daemon.stop() == 0


def test_undelivered_alert_survives_a_restart(feed_server, webhook, make_daemon):
    webhook.fail_next(1)
    url = feed_server.add_feed("/wire.xml", "Test Wire", [TALKS])
    daemon = make_daemon([(url, "1s")], webhook_url=webhook.url()).start()
    webhook.wait_for(lambda ds: len(ds) == 1, 10, "the first (failed) attempt")
    assert daemon.stop() == 0  # stopped before the retry was due
    daemon.start()
    webhook.wait_for(lambda ds: len(alerts_for(webhook, "talks-1")) == 1, 20, "the alert after the restart")
    assert daemon.stop() == 0


def test_sighup_reloads_rules_and_keeps_old_ones_on_error(feed_server, webhook, make_daemon, tmp_path):
    url = feed_server.add_feed("/wire.xml", "Test Wire", [QUIET])
    daemon = make_daemon([(url, "300ms")], webhook_url=webhook.url()).start()
    rules_file = tmp_path / "rules" / "test.yaml"
    good = rules_file.read_text(encoding="utf-8")

    rules_file.write_text(good.replace("query: '@japan AND @china AND (talks OR summit OR meet*)'",
                                       "query: '(@japan AND'"), encoding="utf-8")
    daemon.signal(signal.SIGHUP)
    deadline = time.monotonic() + 10
    while daemon.metric("newswatch_rule_reload_failures_total") < 1:
        assert time.monotonic() < deadline, daemon.log()
        time.sleep(0.1)
    assert "test.yaml:" in daemon.log()  # the error names the file and position

    # The old rules still run.
    feed_server.add_item("/wire.xml", TALKS)
    webhook.wait_for(lambda ds: len(alerts_for(webhook, "talks-1")) == 1, 10, "an alert from the old rules")

    # A good reload takes effect: now stock news alerts too.
    rules_file.write_text(good + """\
  - id: test-stocks
    title: Stocks
    query: stocks
    severity: low
    tags: [trade]
""", encoding="utf-8")
    daemon.signal(signal.SIGHUP)
    while daemon.metric("newswatch_rule_reloads_total") < 1:
        assert time.monotonic() < deadline + 10, daemon.log()
        time.sleep(0.1)
    feed_server.add_item("/wire.xml", FeedItem("stocks-2", "Tokyo stocks slip", published=ago(minutes=1)))
    webhook.wait_for(lambda ds: len(alerts_for(webhook, "stocks-2")) == 1, 10, "an alert from the new rule")
    assert daemon.stop() == 0


def test_old_items_are_recorded_but_do_not_alert(feed_server, webhook, make_daemon):
    old = FeedItem("talks-old", TALKS.title, TALKS.summary, published=ago(days=30))
    url = feed_server.add_feed("/wire.xml", "Test Wire", [old])
    daemon = make_daemon([(url, "300ms")], webhook_url=webhook.url()).start()
    assert feed_server.wait_for_hits("/wire.xml", 4, 10)
    time.sleep(0.5)
    assert webhook.deliveries() == []
    assert daemon.metric("newswatch_items_too_old_total") == 1
    assert daemon.stop() == 0


def test_sigterm_with_many_fetches_in_flight_stops_within_the_bound(feed_server, webhook, make_daemon):
    feeds = []
    for i in range(50):
        feed_server.set_mode(f"/stall{i}.xml", "stall")
        feeds.append((feed_server.url(f"/stall{i}.xml"), "1m"))
    daemon = make_daemon(feeds, webhook_url=webhook.url()).start()
    deadline = time.monotonic() + 10
    while sum(feed_server.hits(f"/stall{i}.xml") for i in range(50)) < 2:  # fetches are hanging
        assert time.monotonic() < deadline, daemon.log()
        time.sleep(0.1)
    started = time.monotonic()
    assert daemon.stop() == 0
    assert time.monotonic() - started < 5, "shutdown waited for fetches instead of cancelling them"


def test_a_permanently_moved_feed_is_polled_at_its_new_address_also_after_restart(feed_server, webhook, make_daemon):
    new = feed_server.add_feed("/new.xml", "Test Wire", [QUIET])
    feed_server.set_mode("/old.xml", "redirect 301 /new.xml")
    daemon = make_daemon([(feed_server.url("/old.xml"), "300ms")], webhook_url=webhook.url()).start()
    assert feed_server.wait_for_hits("/new.xml", 4, 10), daemon.log()
    assert feed_server.hits("/old.xml") == 1  # asked once, then the new address
    assert daemon.get("/api/v1/feeds")[0]["polling"] == new
    assert "moved permanently" in daemon.log()
    feed_server.add_item("/new.xml", TALKS)
    webhook.wait_for(lambda ds: len(alerts_for(webhook, "talks-1")) == 1, 10, "the alert via the new address")
    assert daemon.stop() == 0
    daemon.start()
    hits = feed_server.hits("/new.xml")
    assert feed_server.wait_for_hits("/new.xml", hits + 2, 10)
    assert feed_server.hits("/old.xml") == 1  # the move was remembered
    assert len(alerts_for(webhook, "talks-1")) == 1
    assert daemon.stop() == 0


def test_a_feeds_ttl_lengthens_the_polling_interval(feed_server, webhook, make_daemon):
    url = feed_server.add_feed("/slow.xml", "Slow Wire", [QUIET])
    feed_server.set_ttl("/slow.xml", 1)  # "cache me for a minute"
    fast = feed_server.add_feed("/fast.xml", "Fast Wire", [QUIET])
    daemon = make_daemon([(url, "300ms"), (fast, "300ms")], webhook_url=webhook.url()).start()
    assert feed_server.wait_for_hits("/fast.xml", 6, 10)
    assert feed_server.hits("/slow.xml") == 1
    intervals = {f["name"]: f["interval_seconds"] for f in daemon.get("/api/v1/feeds")}
    assert intervals == {"Feed 0": 60, "Feed 1": 0}
    assert daemon.stop() == 0


def test_slack_preset_posts_a_chat_message(feed_server, webhook, make_daemon):
    url = feed_server.add_feed("/wire.xml", "Test Wire", [TALKS])
    daemon = make_daemon([(url, "1s")], webhook_url=webhook.url(), webhook_format="slack").start()
    deliveries = webhook.wait_for(lambda ds: len(ds) >= 1, 10, "the Slack message")
    message = deliveries[0].json()
    assert set(message) == {"text"}
    assert "*[HIGH] Japan and China hold talks*" in message["text"]
    assert f"|{TALKS.title}>" in message["text"]
    assert deliveries[0].headers["idempotency-key"].startswith("evt-")
    assert daemon.stop() == 0
