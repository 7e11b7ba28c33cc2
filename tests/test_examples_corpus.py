"""The bundled examples corpus agrees with the ground truth in
examples/expected.toml: every planted string is where the TOML says it is, so
other stages' tests can rely on the TOML without re-reading the articles."""

from __future__ import annotations

import datetime as dt
import json
import re
import tomllib
from collections import Counter
from functools import cache
from html.parser import HTMLParser
from pathlib import Path

import pytest

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
FEED = EXAMPLES / "feed.jsonl"

# Elements whose boundaries are line breaks in the page text, and elements
# whose content is never text.
_BLOCKS = {"p", "div", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "header", "footer", "nav",
           "aside", "section", "article", "main", "figure", "figcaption", "form", "button", "title", "br",
           "body", "head", "small"}
_SKIP = {"script", "style"}


class _PageText(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self.meta: dict[str, str] = {}
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        if tag in _SKIP:
            self._skip += 1
        if tag in _BLOCKS:
            self.parts.append("\n")
        if tag == "meta":
            a = dict(attrs)
            key = a.get("property") or a.get("name")
            if key and a.get("content") is not None:
                self.meta[key] = a["content"]

    def handle_endtag(self, tag):
        if tag in _SKIP:
            self._skip -= 1
        if tag in _BLOCKS:
            self.parts.append("\n")

    def handle_data(self, data):
        if not self._skip:
            self.parts.append(data)


def _page(path: Path) -> _PageText:
    parser = _PageText()
    parser.feed(path.read_text(encoding="utf-8"))
    parser.close()
    return parser


@cache
def _expected() -> dict:
    return tomllib.loads((EXAMPLES / "expected.toml").read_text(encoding="utf-8"))


@cache
def _records() -> dict[str, dict]:
    out = {}
    for line in FEED.read_text(encoding="utf-8").splitlines():
        if line.strip():
            record = json.loads(line)
            out[record["url"]] = record
    return out


@cache
def _text(article_id: str) -> str:
    """The article's raw text as a reader sees it (page text for HTML)."""
    if article_id in _records():
        record = _records()[article_id]
        return record.get("text") or record.get("body")
    path = EXAMPLES / article_id
    if path.suffix == ".html":
        # Collapse runs of spaces inside lines so that indentation in the
        # source does not split a phrase.
        raw = "".join(_page(path).parts)
        return "\n".join(re.sub(r"[ \t]+", " ", line).strip() for line in raw.splitlines())
    return path.read_text(encoding="utf-8")


def _lines(article_id: str) -> list[str]:
    return [line.strip() for line in _text(article_id).splitlines()]


def _has_word(text: str, phrase: str) -> bool:
    """`phrase` occurs in `text` as whole words (so "VDF" is not found in
    "FDV" nor "Lind" in "Lindqvist")."""
    return re.search(r"(?<!\w)" + re.escape(phrase) + r"(?!\w)", text) is not None


def _article_ids() -> list[str]:
    return [a["id"] for a in _expected()["articles"]]


def _story_of() -> dict[str, str]:
    return {a["id"]: a["story"] for a in _expected()["articles"]}


pytestmark = pytest.mark.skipif(not (EXAMPLES / "expected.toml").is_file(), reason="examples/ not present")


# ------------------------------------------------------------------- inputs


def test_examples_corpus_jsonl_lines_parse_with_text_and_title():
    lines = [line for line in FEED.read_text(encoding="utf-8").splitlines() if line.strip()]
    assert lines, "feed.jsonl is empty"
    urls = []
    for number, line in enumerate(lines, 1):
        record = json.loads(line)
        assert isinstance(record, dict), f"line {number} is not an object"
        body = record.get("text") or record.get("body")
        assert isinstance(body, str) and body.strip(), f"line {number} has no text/body"
        assert isinstance(record.get("title"), str) and record["title"].strip(), f"line {number} has no title"
        assert record.get("published") or record.get("date"), f"line {number} has no published/date"
        assert record.get("url", "").startswith("https://"), f"line {number} has no url"
        urls.append(record["url"])
    assert len(urls) == len(set(urls)), "two records share a url"
    # The feed shows the field aliases users write.
    assert any("body" in json.loads(line) and "text" not in json.loads(line) for line in lines)
    assert any("date" in json.loads(line) and "published" not in json.loads(line) for line in lines)


def test_examples_corpus_every_listed_article_exists_and_none_is_unlisted():
    listed = _article_ids()
    assert len(listed) == len(set(listed)), "an article is listed twice"
    on_disk = {p.relative_to(EXAMPLES).as_posix() for sub in ("txt", "html") for p in (EXAMPLES / sub).iterdir()}
    on_disk |= set(_records())
    assert set(listed) == on_disk
    formats = Counter(a["format"] for a in _expected()["articles"])
    assert formats["html"] >= 2 and formats["txt"] >= 1 and formats["jsonl"] >= 1
    for a in _expected()["articles"]:
        expected_format = "jsonl" if a["id"] in _records() else Path(a["id"]).suffix.lstrip(".")
        assert a["format"] == expected_format, a["id"]


def test_examples_corpus_articles_are_short_news_length():
    for article_id in _article_ids():
        if article_id.endswith(".html"):
            # The body only, not the page furniture around it.
            raw = (EXAMPLES / article_id).read_text(encoding="utf-8")
            text = re.sub(r"<[^>]+>", " ", raw[raw.index("<article") : raw.index("</article>")])
        else:
            text = _text(article_id)
        words = len(text.split())
        assert 200 <= words <= 450, f"{article_id}: {words} words"


def test_examples_corpus_metadata_matches_inputs():
    for a in _expected()["articles"]:
        aid = a["id"]
        if a["format"] == "jsonl":
            record = _records()[aid]
            assert record["title"] == a["title"]
            assert record["outlet"] == a["outlet"]
            assert (record.get("published") or record.get("date"))[:10] == a["published"]
            assert (a.get("text_field", "text")) in record
            assert (a.get("date_field", "published")) in record
        elif a["format"] == "html":
            page = _page(EXAMPLES / aid)
            assert page.meta["og:site_name"] == a["outlet"]
            assert page.meta["og:title"] == a["title"]
            assert page.meta["article:published_time"][:10] == a["published"]
        else:
            assert "outlet" not in a, f"{aid}: plain text carries no outlet metadata"
            first = _lines(aid)[0]
            assert first.startswith(a["title"]), aid
        text = _text(aid)
        if "dateline" in a:
            assert a["dateline"] in "\n".join(_lines(aid)[:4]), f"{aid}: dateline not at the top"
        if "byline" in a:
            assert a["byline"] in text
        for line_key in ("agency_line", "contributor_line"):
            if line_key in a:
                assert a[line_key] in _lines(aid), f"{aid}: {a[line_key]!r} is not a line of its own"
        for name in a.get("contributors", []):
            assert name in a["contributor_line"]
        if "agency" in a:
            assert a["agency"] in text
        for credit in a.get("credits", []):
            assert credit in text


# ------------------------------------------------------------------ stories


def test_examples_corpus_story_counts_as_stated():
    stories = _expected()["stories"]
    assert [s["key"] for s in stories] == ["A", "B", "C"]
    story_of = _story_of()
    seen: list[str] = []
    for s in stories:
        assert s["count"] == len(s["articles"]), s["key"]
        assert sorted(s["articles"]) == sorted(a for a, k in story_of.items() if k == s["key"]), s["key"]
        assert 1 <= s["independent_sources"] <= s["count"]
        seen += s["articles"]
    assert sorted(seen) == sorted(story_of)
    assert 10 <= len(seen) <= 12
    assert {s["key"]: s["count"] for s in stories} == {"A": 5, "B": 4, "C": 3}


def test_examples_corpus_independent_sources_follow_derivations():
    # A story's independent sources = its articles minus one per derivation
    # edge (each derived article joins its source's family).
    derived = Counter(_story_of()[d["derived"]] for d in _expected()["derivations"])
    for s in _expected()["stories"]:
        assert s["independent_sources"] == s["count"] - derived[s["key"]], s["key"]


# ----------------------------------------------------------------- entities


def test_examples_corpus_entity_variants_occur_in_named_articles():
    story_of = _story_of()
    for group in _expected()["entities"]:
        spellings = {v["text"] for v in group["variants"]}
        assert len(spellings) >= 2, group["name"]
        assert group["name"] in spellings
        articles_with_variants = set()
        for variant in group["variants"]:
            for aid in variant["articles"]:
                assert story_of[aid] == group["story"], (group["name"], aid)
                assert _has_word(_text(aid), variant["text"]), f"{variant['text']!r} not in {aid}"
                articles_with_variants.add(aid)
        assert len(articles_with_variants) >= 2, group["name"]


def test_examples_corpus_distinct_names_occur():
    for item in _expected()["distinct"]:
        text = _text(item["article"]) + "\n" + _text(item.get("other_article", item["article"]))
        for name in item["names"]:
            assert _has_word(text, name), name


# ---------------------------------------------------------------- conflicts


def test_examples_corpus_conflicting_values_occur_in_named_articles():
    story_of = _story_of()
    assert {c["slot"] for c in _expected()["conflicts"]} >= {"how_many", "when"}
    for conflict in _expected()["conflicts"]:
        values = [side["value"] for side in conflict["sides"]]
        assert len(values) == len(set(values)) >= 2, conflict["about"]
        for side in conflict["sides"]:
            assert side["evidence"], conflict["about"]
            for ev in side["evidence"]:
                assert story_of[ev["article"]] == conflict["story"]
                assert ev["text"] in _text(ev["article"]), f"{ev['text']!r} not in {ev['article']}"
                if conflict["slot"] == "how_many":
                    assert _has_word(ev["text"], side["value"]), (side["value"], ev["text"])
                    if "hedge" in side:
                        assert side["hedge"] in ev["text"].lower()
        # The sides of one conflict come from different articles.
        article_sets = [{ev["article"] for ev in side["evidence"]} for side in conflict["sides"]]
        assert not set.intersection(*article_sets), conflict["about"]


def test_examples_corpus_agreeing_figures_occur():
    for item in _expected()["agreements"]:
        assert len({ev["article"] for ev in item["evidence"]}) >= 2
        for ev in item["evidence"]:
            assert ev["text"] in _text(ev["article"]), f"{ev['text']!r} not in {ev['article']}"


# -------------------------------------------------------------- derivations


def test_examples_corpus_derivation_evidence_occurs():
    articles = {a["id"]: a for a in _expected()["articles"]}
    kinds = set()
    for d in _expected()["derivations"]:
        derived, source = articles[d["derived"]], articles[d["source"]]
        kinds.add(d["kind"])
        assert derived["story"] == source["story"] == d["story"]
        assert derived["published"] >= source["published"], "a derived article cannot predate its source"
        assert d["evidence"] in _text(d["derived"]), d["evidence"]
        if d["kind"] == "citation":
            outlet = source["outlet"].removeprefix("The ")
            assert outlet in d["evidence"]
        elif d["kind"] == "agency":
            assert derived["agency"] == source["agency"]
            assert d["evidence"] in _lines(d["derived"]) and d["evidence"] in _lines(d["source"])
        else:
            assert d["kind"] == "reuse"
            assert "agency" not in derived, "a reuse copy carries no credit"
            assert d["evidence"] in _text(d["source"])
    assert kinds == {"citation", "agency", "reuse"}
    pairs = {(d["derived"], d["source"]) for d in _expected()["derivations"]}
    for a, b in _expected()["independent"][0]["pairs"]:
        assert (a, b) not in pairs and (b, a) not in pairs
        assert _story_of()[a] == _story_of()[b]


def _shingles(text: str, size: int = 5) -> set[tuple[str, ...]]:
    words = re.findall(r"\w+", text.lower())
    return {tuple(words[i : i + size]) for i in range(len(words) - size + 1)}


def _roughly_cleaned(article_id: str) -> str:
    """The text minus what expected.toml says cleaning removes: residue
    lines, repeated lines (captions), and the title/dateline lines of plain
    text."""
    meta = next(a for a in _expected()["articles"] if a["id"] == article_id)
    residue = {line for r in _expected()["residue"] if r["article"] == article_id for line in r["lines"]}
    kept, seen = [], set()
    for number, line in enumerate(_lines(article_id)):
        if line in residue or line in seen or line == meta.get("dateline"):
            continue
        if meta["format"] == "txt" and number == 0:
            continue
        seen.add(line)
        kept.append(line)
    return "\n".join(kept)


def _jaccard(a: str, b: str) -> float:
    sa, sb = _shingles(a), _shingles(b)
    return len(sa & sb) / len(sa | sb)


def test_examples_corpus_near_copies_are_near_and_others_are_not():
    copies = {frozenset((c["article"], c["copy_of"])): c["min_jaccard"] for c in _expected()["near_copies"]}
    ids = [a for a in _article_ids() if not a.endswith(".html")]  # HTML needs extraction first
    for c in _expected()["near_copies"]:
        assert _jaccard(_roughly_cleaned(c["article"]), _roughly_cleaned(c["copy_of"])) >= c["min_jaccard"]
    for i, a in enumerate(ids):
        for b in ids[i + 1 :]:
            if frozenset((a, b)) not in copies:
                assert _jaccard(_roughly_cleaned(a), _roughly_cleaned(b)) < 0.3, (a, b)


# ------------------------------------------------- quotes, dates, quantities


def test_examples_corpus_quotes_and_paraphrases_occur():
    for q in _expected()["quotes"]:
        text = _text(q["article"])
        assert q["text"] in text, f"{q['text']!r} not in {q['article']}"
        assert _has_word(text, q["speaker"]), q["speaker"]
        # The speaker as written and the cue stand next to the quote.
        at = text.index(q["text"])
        window = text[max(0, at - 150) : at + len(q["text"]) + 150]
        assert _has_word(window, q.get("speaker_text", q["speaker"])), q["text"]
        assert _has_word(window, q["cue"]), q["text"]
        if not q["direct"]:
            # reported speech: "<speaker> ... said that <text>"
            assert re.search(re.escape(q["cue"]) + r" that " + re.escape(q["text"]), text), q["text"]
    assert any(not q["direct"] for q in _expected()["quotes"])
    assert any(q.get("speaker_text") in ("he", "she") for q in _expected()["quotes"])
    for p in _expected()["paraphrases"]:
        assert p["a"]["article"] != p["b"]["article"]
        assert p["a"]["text"] != p["b"]["text"]
        for side in (p["a"], p["b"]):
            assert side["text"] in _text(side["article"]), side["text"]


_VALUE_FORMS = {
    "day": r"\d{4}-\d\d-\d\d",
    "month": r"\d{4}-\d\d",
    "year": r"\d{4}",
    "part-of-month": r"\d{4}-\d\d-\d\d",
    "range": r"\d{4}-\d\d-\d\d",
}


def test_examples_corpus_dates_occur_with_their_anchor():
    published = {a["id"]: a["published"] for a in _expected()["articles"]}
    for d in _expected()["dates"]:
        assert d["text"] in _text(d["article"]), f"{d['text']!r} not in {d['article']}"
        assert d["published"] == published[d["article"]]
        assert re.fullmatch(_VALUE_FORMS[d["precision"]], d["value"]), d
        if d["precision"] in ("part-of-month", "range"):
            assert re.fullmatch(r"\d{4}-\d\d-\d\d", d["end_value"]) and d["value"] <= d["end_value"]
        else:
            assert "end_value" not in d
        _check_resolution(d)


_WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
_NUMBERS = {"two": 2, "three": 3, "four": 4}


def _check_resolution(d: dict) -> None:
    """The planted values are themselves right: weekdays fall on that day in
    the week before publication (in the week after, for an announced one), "N years ago" and "the last N weeks" count
    back from the publication day, and only announced dates lie ahead."""
    pub = dt.date.fromisoformat(d["published"])
    value = d["value"]
    if d.get("future"):
        assert value > d["published"]
    else:
        assert value <= d["published"][: len(value)], d
    weekday = next((w for w in _WEEKDAYS if w.lower() in d["text"].lower()), None)
    if weekday:
        day = dt.date.fromisoformat(value)
        ahead = (day - pub).days if d.get("future") else (pub - day).days
        assert day.strftime("%A") == weekday and (0 < ahead <= 7 if d.get("future") else 0 <= ahead < 7), d
        if d["text"].startswith("last"):
            assert day < pub
    ago = re.fullmatch(r"(\w+) years ago", d["text"])
    if ago:
        assert int(value) == pub.year - _NUMBERS[ago.group(1)], d
    weeks = re.fullmatch(r"the (?:last|past) (\w+) weeks", d["text"])
    if weeks:
        start = pub - dt.timedelta(weeks=_NUMBERS[weeks.group(1)])
        assert (value, d["end_value"]) == (start.isoformat(), d["published"]), d


def test_examples_corpus_quantities_occur():
    for q in _expected()["quantities"]:
        text = q["text"]
        assert text in _text(q["article"]), f"{text!r} not in {q['article']}"
        if "value" in q:
            assert f"{q['value']:,}" in text or str(q["value"]) in text
        if "hedge" in q:
            assert text.lower().startswith(q["hedge"])


# ------------------------------------------------------ residue and repairs


def test_examples_corpus_residue_lines_occur_as_whole_lines():
    for item in _expected()["residue"]:
        lines = _lines(item["article"])
        for residue in item["lines"]:
            assert residue in lines, f"{residue!r} is not a line of {item['article']}"
    for item in _expected()["captions"]:
        counts = Counter(_lines(item["article"]))
        for caption in item["lines"]:
            assert counts[caption] >= 2, f"caption {caption!r} is not printed twice in {item['article']}"


def test_examples_corpus_html_furniture_and_body_occur():
    html_ids = [a["id"] for a in _expected()["articles"] if a["format"] == "html"]
    assert sorted(e["article"] for e in _expected()["extraction"]) == sorted(html_ids)
    for e in _expected()["extraction"]:
        page = _page(EXAMPLES / e["article"])
        text = _text(e["article"])
        for phrase in e["drop"] + e["keep"]:
            assert phrase in text, f"{phrase!r} not in {e['article']}"
        assert page.meta.get("og:site_name") and page.meta.get("article:published_time")
        raw = (EXAMPLES / e["article"]).read_text(encoding="utf-8")
        body = raw[raw.index("<article"): raw.index("</article>")]
        for phrase in e["keep"]:
            assert phrase in body, f"{phrase!r} is not inside <article>"


def test_examples_corpus_repair_sources_occur_and_invert():
    kinds = Counter()
    for r in _expected()["repairs"]:
        kinds[r["kind"]] += 1
        text = _text(r["article"])
        assert re.search(r"(?<![\w])" + re.escape(r["from"]), text), f"{r['from']!r} not in {r['article']}"
        if r["kind"] == "filter":
            assert "bad" in r["from"]
            assert r["to"] in (r["from"].replace("bad", "ass", 1), r["from"].replace("bad", "anal", 1))
        else:
            assert r["kind"] == "glued"
            assert " " in r["to"] and r["to"].replace(" ", "") == r["from"]
    assert kinds["filter"] >= 3 and kinds["glued"] >= 3
    for item in _expected()["not_repairs"]:
        for word in item["words"]:
            assert _has_word(_text(item["article"]), word), word
