"""Precision and recall of a rule set on any labelled items file, with every miss and false alarm.

Items are JSON lines with the fields of eval/items.jsonl (id, lang, expect, title, summary; optional
content and kind). An item counts as positive when any rule matches it, as `newswatch match` reports.

Run: /usr/bin/python3 tests/rules_pack/measure.py ITEMS.jsonl [--rules DIR] [-q]
(binary from $NEWSWATCH_BIN, else ./build/newswatch; rules default to config/rules)
"""
import argparse
import json
import pathlib
import sys
import tempfile

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
import feedlib  # noqa: E402


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("items")
    ap.add_argument("--rules", default=None, help="rules directory (default: config/rules)")
    ap.add_argument("-q", "--quiet", action="store_true", help="print the figures only")
    args = ap.parse_args()

    binary = feedlib.newswatch_bin()
    if binary is None:
        sys.exit("no newswatch binary: set NEWSWATCH_BIN or build ./build/newswatch")
    items = [json.loads(line) for line in open(args.items, encoding="utf-8") if line.strip()]
    for n, it in enumerate(items):
        it.setdefault("id", f"item-{n}")
        it.setdefault("summary", "")
    with tempfile.TemporaryDirectory() as tmp:
        feed = pathlib.Path(tmp) / "items.xml"
        feedlib.write_feed(items, feed)
        found = feedlib.match(binary, feed, args.rules)

    tp = fp = fn = 0
    for it in items:
        hit = it["id"] in found
        if it["expect"] == "match":
            tp += hit
            fn += not hit
            if not hit and not args.quiet:
                print(f"missed:      {it['id']} [{it.get('lang')}] {it['title']} | {it['summary']}")
        elif hit:
            fp += 1
            if not args.quiet:
                rules = ", ".join(sorted(found[it["id"]][1]))
                print(f"false alarm: {it['id']} [{it.get('kind', '')}] {it['title']} <- {rules}")
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    print(f"{args.items}: precision {precision:.3f}  recall {recall:.3f}  "
          f"(tp {tp}, fp {fp}, fn {fn}, {len(items)} items)")


if __name__ == "__main__":
    main()
