"""Helpers for the rule-pack tests: build an RSS feed from items, run `newswatch match`."""
import html
import json
import os
import pathlib
import subprocess

REPO = pathlib.Path(__file__).resolve().parents[2]


def newswatch_bin():
    """The binary named by $NEWSWATCH_BIN, else ./build/newswatch; None when neither exists."""
    for cand in (os.environ.get("NEWSWATCH_BIN"), str(REPO / "build" / "newswatch")):
        if cand and os.path.isfile(cand) and os.access(cand, os.X_OK):
            return cand
    return None


def write_feed(items, path):
    """items: dicts with id, title, summary and optional content. Writes RSS 2.0."""
    out = []
    for it in items:
        content = it.get("content")
        out.append(
            "<item>"
            f"<title>{html.escape(it['title'])}</title>"
            f"<link>https://eval.example/{html.escape(it['id'])}</link>"
            f'<guid isPermaLink="false">{html.escape(it["id"])}</guid>'
            "<pubDate>Mon, 01 Dec 2025 00:00:00 +0000</pubDate>"
            f"<description>{html.escape(it.get('summary', ''))}</description>"
            + (f"<content:encoded><![CDATA[<p>{html.escape(content)}</p>]]></content:encoded>"
               if content else "")
            + "</item>"
        )
    pathlib.Path(path).write_text(
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">'
        "<channel><title>Eval</title><link>https://eval.example/</link><description>eval</description>"
        + "".join(out) + "</channel></rss>\n",
        encoding="utf-8",
    )


def match(binary, feed, rules=None):
    """Runs `newswatch match --rules config/rules FEED`; returns {item id: (set of tags, set of rule ids)}."""
    rules = rules or str(REPO / "config" / "rules")
    proc = subprocess.run([binary, "match", "--rules", rules, str(feed)],
                          capture_output=True, text=True, cwd=REPO)
    if proc.returncode != 0:
        raise RuntimeError(f"newswatch match failed ({proc.returncode}): {proc.stderr[-2000:]}")
    found = {}
    for line in proc.stdout.splitlines():
        line = line.strip()
        if not line:
            continue
        rec = json.loads(line)
        tags, rules_hit = found.setdefault(rec["item"]["id"], (set(), set()))
        rule = rec.get("rule", {})
        tags.update(rule.get("tags", []))
        rules_hit.add(rule.get("id"))
    return found
