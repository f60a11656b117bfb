# SPDX-License-Identifier: MIT
"""Digests with the real binary (issue 7): `newswatch digest --config --preview` renders the
stories the daemon recorded, and a digest route queues the digest of a period that has passed
(once, whatever the restarts) to its receivers."""
import datetime
import json
import pathlib
import subprocess
import time

import jsonschema

from conftest import newswatch_bin
from feed_server import FeedItem, ago

TALKS = FeedItem("d-1", "Japanese and Chinese foreign ministers hold talks in Beijing",
                 "The two ministers agreed to keep channels open on seafood and maritime issues.",
                 published=ago(minutes=10))
QUIET = FeedItem("d-2", "Tokyo stocks close higher on exporters", "The Nikkei rose 1.2 percent.",
                 published=ago(minutes=9))


def test_digest_preview_and_delivery_of_a_passed_period(feed_server, webhook, make_daemon, tmp_path):
    # A daily digest due one minute ago: its period (the 24 hours before) holds the item.
    due = (datetime.datetime.now(datetime.timezone.utc) - datetime.timedelta(minutes=1)).strftime("%H:%M")
    url = feed_server.add_feed("/wire.xml", "Wire", [TALKS, QUIET])
    daemon = make_daemon([(url, "300ms")], extra_config=(
        "  - { receivers: [hook], mode: digest, schedule: \"daily " + due + " UTC\", title: \"Desk digest\" }"
    ), webhook_url=None)
    # make_daemon routes alerts to the file receiver only; the digest goes to a webhook.
    config = daemon.config_path.read_text()
    config = config.replace("receivers:\n", f'receivers:\n  - {{ name: hook, type: webhook, url: "{webhook.url()}" }}\n', 1)
    daemon.config_path.write_text(config)

    daemon.start()
    # At start the digest of the passed period was empty (no stories yet): nothing sent.
    assert feed_server.wait_for_hits("/wire.xml", 2, 10)
    alerts = tmp_path / "alerts.jsonl"
    deadline = time.monotonic() + 10
    while not alerts.exists() and time.monotonic() < deadline:
        time.sleep(0.2)
    time.sleep(0.5)
    lines = alerts.read_text(encoding="utf-8").splitlines() if alerts.exists() else []
    assert len(lines) == 1, daemon.log()
    assert webhook.deliveries() == []
    assert "no stories, not sent" in daemon.log()
    assert daemon.stop() == 0

    # The preview reads the stories the daemon recorded.
    preview = subprocess.run([newswatch_bin(), "digest", "--config", str(daemon.config_path), "--preview",
                              "--html", str(tmp_path / "digest.html")], capture_output=True, text=True, timeout=30)
    assert preview.returncode == 0, preview.stderr
    assert preview.stdout.startswith("--- digest route 1")
    assert "Subject: Desk digest" in preview.stdout
    assert (tmp_path / "digest.html").read_text(encoding="utf-8").count("<html") == 1

    # A restart fires the passed period again: now it has a story, so the digest goes out, once.
    daemon.start()
    webhook.wait_for(lambda ds: len(ds) >= 1, 10, "the digest")
    digest = webhook.accepted()[0].json()
    schema = json.loads((pathlib.Path(__file__).parents[2] / "docs" / "alert-payload.schema.json").read_text())
    jsonschema.validate(digest, schema)
    assert digest["type"] == "digest" and digest["version"] == 1
    assert digest["digest"]["title"] == "Desk digest"
    assert digest["digest"]["stories"] == 1
    assert TALKS.title in digest["digest"]["text"]
    assert QUIET.title not in digest["digest"]["text"]
    assert "<html" in digest["digest"]["html"]
    assert daemon.stop() == 0
    daemon.start()
    time.sleep(1.5)
    assert len(webhook.deliveries()) == 1, "the same period's digest was sent twice"
    assert daemon.stop() == 0
