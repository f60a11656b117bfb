"""The shipped Japan–China rule pack tags every corpus article as the issue asks.

Each article of ../shared/corpus is matched twice, as a full item (headline, two-paragraph
summary, whole body as content) and as a short item (headline and one paragraph, as most feeds
publish them). Skipped when the corpus is not there.

Run: /usr/bin/python3 -m pytest tests/rules_pack  (binary from $NEWSWATCH_BIN, else ./build/newswatch)
"""
import html
import pathlib
import re
import subprocess
import sys

import pytest

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
import feedlib  # noqa: E402

CORPUS = feedlib.REPO.parent / "shared" / "corpus"
CHECKS_FEED = feedlib.REPO.parent / "shared" / "checks" / "corpus_feed.py"

# Tags each article must carry. The issue: every article is at least `meeting`; 000 and 001 also
# `trade` and `nationals`; 004 also `maritime-military`, `taiwan` and `protest`.
REQUIRED = {
    "000": {"meeting", "trade", "nationals"},
    "001": {"meeting", "trade", "nationals"},
    "002": {"meeting"},
    "003": {"meeting"},
    "004": {"meeting", "maritime-military", "taiwan", "protest"},
}

# What the short item (headline + first paragraph) does not say, so no honest rule can tag it:
#  - 000: the feed's "first paragraph" is the article's sub-heading; headline and sub-heading
#    speak of relations and stability only — no talks, no seafood, no citizens.
#  - 001: the first paragraph covers the talks; seafood and citizens come later in the article.
#  - 004: the headline is repeated as the paragraph; islands, Taiwan and the protest come later.
NOT_IN_SHORT = {
    ("000", "meeting"), ("000", "trade"), ("000", "nationals"),
    ("001", "trade"), ("001", "nationals"),
    ("004", "maritime-military"), ("004", "taiwan"), ("004", "protest"),
}


def _paragraphs(body):
    out = []
    for p in re.split(r"\n\s*\n", body):
        p = " ".join(p.split()).lstrip("# ")
        if len(p) < 60 or p.startswith("http"):
            continue
        out.append(p)
    return out


def _own_corpus_feed(corpus, out, short):
    """Fallback when the checks' corpus_feed.py is absent: same item layout, written here."""
    items = []
    for f in sorted(pathlib.Path(corpus).glob("*.txt")):
        title, _, body = f.read_text(encoding="utf-8").strip().partition("\n")
        paras = _paragraphs(body)
        if title.lower().startswith("published on"):
            title = re.split(r"(?<=[.!?])\s", paras[0], maxsplit=1)[0]
        items.append({
            "id": f"corpus-{f.name[:3]}",
            "title": title.strip(),
            "summary": " ".join(paras[:1] if short else paras[:2]),
            "content": None if short else " ".join(paras),
        })
    feedlib.write_feed(items, out)


def _build_feed(variant, out):
    short = variant == "short"
    if CHECKS_FEED.is_file():
        cmd = [sys.executable, str(CHECKS_FEED)] + (["--short"] if short else []) + [str(CORPUS), str(out)]
        subprocess.run(cmd, check=True)
    else:
        _own_corpus_feed(CORPUS, out, short)


@pytest.fixture(scope="module")
def results(tmp_path_factory):
    if not CORPUS.is_dir():
        pytest.skip(f"no corpus at {CORPUS}")
    binary = feedlib.newswatch_bin()
    if binary is None:
        pytest.skip("no newswatch binary: set NEWSWATCH_BIN or build ./build/newswatch")
    tmp = tmp_path_factory.mktemp("corpus")
    found = {}
    for variant in ("full", "short"):
        feed = tmp / f"{variant}.xml"
        _build_feed(variant, feed)
        found[variant] = feedlib.match(binary, feed)
    return found


CASES = []
for _key, _tags in sorted(REQUIRED.items()):
    for _variant in ("full", "short"):
        for _tag in sorted(_tags):
            marks = []
            if _variant == "short" and (_key, _tag) in NOT_IN_SHORT:
                marks = [pytest.mark.xfail(reason="not stated in headline + first paragraph", strict=False)]
            CASES.append(pytest.param(_key, _variant, _tag, marks=marks, id=f"{_key}-{_variant}-{_tag}"))


@pytest.mark.parametrize("key,variant,tag", CASES)
def test_corpus_article_tag(results, key, variant, tag):
    tags, rules = results[variant].get(f"corpus-{key}", (set(), set()))
    assert tag in tags, f"corpus-{key} ({variant}) tags {sorted(tags)} from {sorted(rules)} lack {tag!r}"


@pytest.mark.parametrize("variant", ["full", "short"])
@pytest.mark.parametrize("key", sorted(REQUIRED))
def test_corpus_article_matched(results, key, variant):
    assert f"corpus-{key}" in results[variant], f"corpus-{key} ({variant}) matched by no rule"


def test_summary(results):
    """Prints the tags per article (visible with -s)."""
    print()
    for variant in ("full", "short"):
        found = results[variant]
        for key in sorted(REQUIRED):
            tags = sorted(found.get(f"corpus-{key}", (set(), set()))[0])
            print(f"{variant:5} corpus-{key}: {', '.join(tags) or '(no match)'}")
