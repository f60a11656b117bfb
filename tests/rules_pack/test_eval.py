"""Precision and recall of the shipped rules (config/rules) on a labelled evaluation set.

tests/rules_pack/eval/items.jsonl holds realistic items written for this test (headline and
one-paragraph summary, English, Japanese and Chinese): Japan–China developments across the
eight tags (expect: match, with the tags they should carry) and hard negatives that share the
vocabulary — sport, market wraps, weather, Japan–Korea, China–Philippines, Taiwan–Japan fishing,
US–China, Korea–China, domestic politics (expect: no-match, with a kind). An item counts as
predicted positive when any rule matches it, as `newswatch match` reports.

Run: /usr/bin/python3 -m pytest -s tests/rules_pack/test_eval.py
"""
import collections
import json
import pathlib
import sys

import pytest

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
import feedlib  # noqa: E402

ITEMS = pathlib.Path(__file__).resolve().parent / "eval" / "items.jsonl"
TAGS = {"meeting", "cooperation", "trade", "maritime-military", "taiwan", "nationals", "protest", "history"}


def load_items():
    return [json.loads(line) for line in ITEMS.read_text(encoding="utf-8").splitlines() if line.strip()]


def test_items_well_formed():
    items = load_items()
    ids = [it["id"] for it in items]
    assert len(ids) == len(set(ids)), "duplicate ids"
    langs = collections.Counter(it["lang"] for it in items)
    assert set(langs) == {"en", "ja", "zh"}
    positives = [it for it in items if it["expect"] == "match"]
    for it in items:
        assert it["expect"] in ("match", "no-match")
        assert it["title"].strip() and it["summary"].strip()
        if it["expect"] == "match":
            assert it["tags"] and set(it["tags"]) <= TAGS, it["id"]
    assert {t for it in positives for t in it["tags"]} == TAGS, "every tag has positives"
    share = len(positives) / len(items)
    assert 0.5 <= share <= 0.7, f"positive share {share:.2f}"


@pytest.fixture(scope="module")
def outcome(tmp_path_factory):
    binary = feedlib.newswatch_bin()
    if binary is None:
        pytest.skip("no newswatch binary: set NEWSWATCH_BIN or build ./build/newswatch")
    items = load_items()
    feed = tmp_path_factory.mktemp("eval") / "eval.xml"
    feedlib.write_feed(items, feed)
    return items, feedlib.match(binary, feed)


def test_precision_recall(outcome):
    items, found = outcome
    tp = fp = fn = 0
    misses, false_alarms = [], []
    for it in items:
        hit = it["id"] in found
        if it["expect"] == "match":
            tp += hit
            fn += not hit
            if not hit:
                misses.append(f"{it['id']} {it['title']}")
        elif hit:
            fp += 1
            false_alarms.append(f"{it['id']} [{it['kind']}] {it['title']} <- {sorted(found[it['id']][1])}")
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    print(f"\nprecision {precision:.3f}  recall {recall:.3f}  (tp {tp}, fp {fp}, fn {fn}, {len(items)} items)")
    for line in misses:
        print("  missed:", line)
    for line in false_alarms:
        print("  false alarm:", line)
    assert precision >= 0.95, f"precision {precision:.3f} < 0.95"
    assert recall >= 0.95, f"recall {recall:.3f} < 0.95"


def test_tag_recall(outcome):
    """Of the matched positives, how many carry every expected tag (reported; asserted >= 0.9)."""
    items, found = outcome
    matched = [it for it in items if it["expect"] == "match" and it["id"] in found]
    full = [it for it in matched if set(it["tags"]) <= found[it["id"]][0]]
    share = len(full) / len(matched) if matched else 0.0
    print(f"\nall expected tags present on {len(full)}/{len(matched)} matched positives ({share:.3f})")
    for it in matched:
        missing = set(it["tags"]) - found[it["id"]][0]
        if missing:
            print(f"  {it['id']} lacks {sorted(missing)}: {it['title']}")
    assert share >= 0.9
