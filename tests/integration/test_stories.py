# SPDX-License-Identifier: MIT
"""Stories with the real binary (issue 7): several outlets covering one event make one alert; the
story alerts again only when its severity rises or it reaches the configured number of outlets;
a restart keeps the stories."""
import json
import time

import jsonschema

from conftest import TEST_RULES
from feed_server import FeedItem, ago

# A second, critical rule, so that later coverage can raise a story's severity.
RULES = TEST_RULES + """\
  - id: test-jc-detention
    title: Japanese national detained in China
    query: '@japan AND @china AND detain*'
    severity: critical
    tags: [nationals]
    tone: -6
"""

SUMMIT_A = FeedItem("a-1", "Takaichi and Xi hold first talks in Gyeongju",
                    "Japanese Prime Minister Sanae Takaichi met Chinese President Xi Jinping in Gyeongju on the "
                    "APEC sidelines and agreed to pursue stable relations.", published=ago(minutes=20))
SUMMIT_B = FeedItem("b-1", "Xi, Takaichi meet in Gyeongju and pledge stable ties",
                    "Chinese President Xi Jinping and Japanese Prime Minister Sanae Takaichi held talks in Gyeongju, "
                    "South Korea, during the APEC summit.", published=ago(minutes=15))
SENKAKU = FeedItem("c-1", "Japan protests as Chinese coast guard ships enter Senkaku waters for talks-free week",
                   "Tokyo lodged a protest after four China Coast Guard vessels sailed into Japanese territorial "
                   "waters near the Senkaku Islands, days before ministers meet for talks.", published=ago(minutes=10))
SUMMIT_C = FeedItem("c-2", "Gyeongju talks: Takaichi raises detained Japanese nationals with Xi",
                    "At their meeting in Gyeongju, Sanae Takaichi asked Xi Jinping to release Japanese nationals "
                    "detained in China, Japanese officials said.", published=ago(minutes=5))
SUMMIT_D = FeedItem("d-1", "Takaichi and Xi agree in Gyeongju to keep talking",
                    "Sanae Takaichi and Xi Jinping agreed in Gyeongju that Japan and China should hold more talks.",
                    published=ago(minutes=2))


def wait_quiet(feed_server, path, polls=4):
    hits = feed_server.hits(path)
    assert feed_server.wait_for_hits(path, hits + polls, 10)
    time.sleep(0.5)


def test_one_event_from_several_outlets_is_one_alert_then_updates(feed_server, webhook, make_daemon, tmp_path):
    a = feed_server.add_feed("/a.xml", "Outlet A", [SUMMIT_A])
    b = feed_server.add_feed("/b.xml", "Outlet B", [])
    c = feed_server.add_feed("/c.xml", "Outlet C", [])
    d = feed_server.add_feed("/d.xml", "Outlet D", [])
    daemon = make_daemon([(a, "300ms"), (b, "300ms"), (c, "300ms"), (d, "300ms")], webhook_url=webhook.url(),
                         rules_text=RULES, extra_config="stories: { update_at_sources: 4 }").start()
    webhook.wait_for(lambda ds: len(ds) >= 1, 10, "the first alert of the story")
    first = webhook.accepted()[0].json()
    assert first["type"] == "alert" and first["item"]["id"] == "a-1"
    story = first["story"]["id"]

    # A second outlet on the same event joins the story: no alert.
    feed_server.add_item("/b.xml", SUMMIT_B)
    wait_quiet(feed_server, "/b.xml")
    assert len(webhook.accepted()) == 1, [d.json()["item"]["title"] for d in webhook.accepted()]

    # A different event the same day is its own story and alerts.
    feed_server.add_item("/c.xml", SENKAKU)
    webhook.wait_for(lambda ds: len(ds) >= 2, 10, "the alert of the second story")
    second = webhook.accepted()[1].json()
    assert second["type"] == "alert" and second["story"]["id"] != story

    # Later coverage of the first event that raises its severity: a story_update in its story.
    feed_server.add_item("/c.xml", SUMMIT_C)
    webhook.wait_for(lambda ds: len(ds) >= 3, 10, "the severity update")
    update = webhook.accepted()[2].json()
    schema = json.loads((pathlib_root() / "docs" / "alert-payload.schema.json").read_text())
    jsonschema.validate(update, schema)
    assert update["type"] == "story_update"
    assert update["story"]["id"] == story
    assert update["story"]["update_reason"] == "severity"
    assert update["rule"]["severity"] == "critical"
    assert update["story"]["sources"] == ["Feed 0", "Feed 1", "Feed 2"]
    assert [i["title"] for i in update["story"]["items"]] == [SUMMIT_A.title, SUMMIT_B.title, SUMMIT_C.title]
    assert update["id"] != first["id"]

    # A restart keeps the story: the fourth outlet joins it and, being the fourth, updates it once.
    assert daemon.stop() == 0
    daemon.start()
    feed_server.add_item("/d.xml", SUMMIT_D)
    webhook.wait_for(lambda ds: len(ds) >= 4, 10, "the outlet-count update")
    wait_quiet(feed_server, "/d.xml")
    deliveries = [x.json() for x in webhook.accepted()]
    assert len(deliveries) == 4, [(x["type"], x["item"]["title"]) for x in deliveries]
    assert deliveries[3]["type"] == "story_update"
    assert deliveries[3]["story"]["id"] == story
    assert deliveries[3]["story"]["update_reason"] == "sources"
    assert daemon.metric("newswatch_stories_joined_total") >= 1
    assert daemon.stop() == 0


def pathlib_root():
    import pathlib
    return pathlib.Path(__file__).resolve().parents[2]


def test_group_wait_sends_one_alert_listing_every_outlet_that_reported_meanwhile(feed_server, webhook, make_daemon):
    a = feed_server.add_feed("/a.xml", "Outlet A", [SUMMIT_A])
    b = feed_server.add_feed("/b.xml", "Outlet B", [SUMMIT_B])
    daemon = make_daemon([(a, "300ms"), (b, "300ms")], webhook_url=webhook.url(), rules_text=RULES)
    config = daemon.config_path.read_text()
    daemon.config_path.write_text(config.replace("timeout: 5s", "timeout: 5s, group_wait: 2s", 1))
    daemon.start()
    started = time.monotonic()
    webhook.wait_for(lambda ds: len(ds) >= 1, 15, "the held alert")
    assert time.monotonic() - started >= 1.5, "the alert was not held for group_wait"
    wait_quiet(feed_server, "/b.xml")
    deliveries = [d.json() for d in webhook.accepted()]
    assert len(deliveries) == 1, [(d["type"], d["item"]["title"]) for d in deliveries]
    assert deliveries[0]["type"] == "alert"
    assert deliveries[0]["story"]["sources"] == ["Feed 0", "Feed 1"]
    assert len(deliveries[0]["story"]["items"]) == 2
    assert daemon.stop() == 0
