"""Precision and recall of the shipped rules on the blind sets (eval/blind-N.jsonl).

Each set was written by someone who could not see the rules, measured, and only then used for
tuning (docs/rule-pack-evaluation.md gives the figure each had when it was still unseen). They
stay here as regression data: a rule change that loses what they cover fails this test. The
bar is the issue's, 0.95 for both, not the 1.0 they score now, so a deliberate trade can pass.

Run: /usr/bin/python3 -m pytest -q -s tests/rules_pack/test_blind_sets.py
"""
import json
import pathlib
import sys

import pytest

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
import feedlib  # noqa: E402

SETS = sorted((pathlib.Path(__file__).resolve().parent / "eval").glob("blind-*.jsonl"))
TAGS = {"meeting", "cooperation", "trade", "maritime-military", "taiwan", "nationals", "protest", "history"}


def load(path):
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def test_there_are_blind_sets():
    assert len(SETS) >= 3


@pytest.mark.parametrize("path", SETS, ids=lambda p: p.stem)
def test_well_formed(path):
    items = load(path)
    assert len({it["id"] for it in items}) == len(items), "duplicate ids"
    for it in items:
        assert it["lang"] in ("en", "ja", "zh") and it["title"].strip() and it["summary"].strip()
        if it["expect"] == "match":
            assert it["tags"] and set(it["tags"]) <= TAGS, it["id"]
        else:
            assert it["expect"] == "no-match" and it["kind"], it["id"]


@pytest.mark.parametrize("path", SETS, ids=lambda p: p.stem)
def test_precision_recall(path, tmp_path):
    binary = feedlib.newswatch_bin()
    if binary is None:
        pytest.skip("no newswatch binary: set NEWSWATCH_BIN or build ./build/newswatch")
    items = load(path)
    feed = tmp_path / "blind.xml"
    feedlib.write_feed(items, feed)
    found = feedlib.match(binary, feed)
    positives = [it for it in items if it["expect"] == "match"]
    tp = sum(it["id"] in found for it in positives)
    fp = sum(it["id"] in found for it in items if it["expect"] != "match")
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / len(positives)
    print(f"\n{path.stem}: precision {precision:.3f} recall {recall:.3f} (tp {tp}, fp {fp}, "
          f"fn {len(positives) - tp}, {len(items)} items)")
    assert precision >= 0.95 and recall >= 0.95
