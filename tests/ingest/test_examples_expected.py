"""Ingest against the ground truth planted in the examples corpus.

examples/expected.toml says, for each article of examples/, what metadata
should be found, which residue lines must go (each recorded with a rule),
which captions printed twice are kept once, which repairs are made and which
words are left alone, and which page furniture of the HTML files is dropped
while the body stays.  examples/ is ingested once for the module (ingest
only: no spaCy).  Beyond the listed lines, every real content sentence of
each input must survive cleaning.
"""

from __future__ import annotations

import json
import re
import tomllib
from pathlib import Path

import pytest

from newsprism.ingest import ingest_paths

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
EXPECTED_FILE = EXAMPLES / "expected.toml"
EXPECTED = tomllib.loads(EXPECTED_FILE.read_text("utf-8")) if EXPECTED_FILE.is_file() else {}

# A content sentence: a paragraph of some length that ends like a sentence.
_MIN_WORDS = 6
_SENTENCE_END = re.compile(r"[.!?][\"”’']?$")


def _flat(text: str) -> str:
    return " ".join(text.split())


def _entries(kind: str) -> list:
    return EXPECTED.get(kind, [])


def _ids(kind: str, key: str = "article") -> list[str]:
    return [entry[key].rsplit("/", 1)[-1] for entry in _entries(kind)]


@pytest.fixture(scope="module")
def articles(config) -> dict:
    """Article id of expected.toml -> cleaned Article."""
    if not EXPECTED:
        pytest.skip("examples/expected.toml not present")
    result = ingest_paths([str(EXAMPLES)], config=config)
    assert not result.errors, [str(e) for e in result.errors]
    out = {}
    for entry in EXPECTED["articles"]:
        key = entry["id"]
        found = [a for a in result.articles if a.url == key or a.path.endswith(key)]
        assert len(found) == 1, f"{key}: {len(found)} articles"
        out[key] = found[0]
    return out


def _raw_paragraphs(key: str) -> list[str]:
    """The input's paragraphs as written: lines of a text file or a feed
    record's text; the <p> elements inside <article> for a page."""
    if key.startswith(("http://", "https://")):
        for line in (EXAMPLES / "feed.jsonl").read_text("utf-8").splitlines():
            if line.strip():
                record = json.loads(line)
                if record.get("url") == key:
                    return (record.get("text") or record.get("body") or "").split("\n")
        raise AssertionError(f"{key} not in feed.jsonl")
    path = EXAMPLES / key
    if path.suffix == ".html":
        import lxml.html

        tree = lxml.html.fromstring(path.read_text("utf-8"))
        return [p.text_content() for p in tree.xpath("//article//p")]
    return path.read_text("utf-8").split("\n")


def _not_content(key: str) -> set[str]:
    """Lines of ``key`` that expected.toml says are not article content."""
    out: set[str] = set()
    for entry in _entries("articles"):
        if entry["id"] == key:
            out |= {entry[k] for k in ("agency_line", "contributor_line", "dateline") if k in entry}
    for entry in _entries("residue"):
        if entry["article"] == key:
            out |= set(entry["lines"])
    for entry in _entries("extraction"):
        if entry["article"] == key:
            out |= set(entry["drop"])
    return {_flat(line) for line in out}


@pytest.mark.parametrize("entry", _entries("articles"), ids=_ids("articles", "id"))
def test_examples_expected_metadata_found(articles, entry):
    article = articles[entry["id"]]
    for name in ("title", "outlet", "agency", "byline"):
        if name in entry:
            assert getattr(article, name) == entry[name], (name, article.meta_sources.get(name))
    if "published" in entry:
        assert (article.published or "")[:10] == entry["published"], article.meta_sources.get("published")
    if "contributors" in entry:
        assert article.contributors == entry["contributors"]
    for name in ("title", "published", "outlet", "agency", "byline"):
        if getattr(article, name):
            assert article.meta_sources.get(name), f"{name} has no recorded source"


@pytest.mark.parametrize("entry", _entries("residue"), ids=_ids("residue"))
def test_examples_expected_residue_removed_with_rule(articles, entry):
    article = articles[entry["article"]]
    kept_lines = {line.strip() for line in article.text.split("\n")}
    for line in entry["lines"]:
        assert line not in kept_lines, line
        rules = [r.rule for r in article.removed if r.text == line]
        assert rules and all(r.startswith("residue:") for r in rules), (line, rules)


@pytest.mark.parametrize("entry", _entries("captions"), ids=_ids("captions"))
def test_examples_expected_captions_kept_once(articles, entry):
    article = articles[entry["article"]]
    for line in entry["lines"]:
        assert article.text.count(line) == 1, line
        assert any(r.text == line and r.rule.startswith("duplicate:") for r in article.removed), line


@pytest.mark.parametrize("entry", _entries("repairs"), ids=[f"{i}-{e['from']}" for i, e in enumerate(_entries("repairs"))])
def test_examples_expected_repairs_made(articles, entry):
    article = articles[entry["article"]]
    made = {(r.from_, r.to) for r in article.repairs}
    assert (entry["from"], entry["to"]) in made, sorted(made)
    assert re.search(rf"\b{re.escape(entry['to'])}\b", article.text)
    assert not re.search(rf"\b{re.escape(entry['from'])}\b", article.text)


@pytest.mark.parametrize("entry", _entries("not_repairs"), ids=_ids("not_repairs"))
def test_examples_expected_correct_words_not_repaired(articles, entry):
    article = articles[entry["article"]]
    touched = {r.from_ for r in article.repairs}
    for word in entry["words"]:
        assert word not in touched, word
        assert re.search(rf"\b{re.escape(word)}\b", article.text), word


@pytest.mark.parametrize("entry", _entries("extraction"), ids=_ids("extraction"))
def test_examples_expected_html_furniture_dropped_body_kept(articles, entry):
    text = _flat(articles[entry["article"]].text)
    for phrase in entry["drop"]:
        assert phrase not in text, phrase
    for phrase in entry["keep"]:
        assert phrase in text, phrase


@pytest.mark.parametrize("entry", _entries("extraction"), ids=_ids("extraction"))
def test_examples_expected_html_text_starts_with_body(articles, entry):
    """The page's headline (and the kicker above it) is not repeated as the
    first lines of the text: the title is a field."""
    article = articles[entry["article"]]
    first = article.text.split("\n", 1)[0].strip()
    assert first != article.title
    assert len(first.split()) >= _MIN_WORDS and _SENTENCE_END.search(first), first
    assert any(r.rule == "title-repeat" for r in article.removed) or article.title not in article.text


@pytest.mark.parametrize("entry", _entries("articles"), ids=_ids("articles", "id"))
def test_examples_expected_no_content_sentence_lost(articles, entry):
    key = entry["id"]
    article = articles[key]
    text = _flat(article.text)
    repairs = [(r["from"], r["to"]) for r in _entries("repairs") if r["article"] == key]
    skip = _not_content(key)
    checked = 0
    for paragraph in _raw_paragraphs(key):
        para = _flat(paragraph)
        if para in skip or len(para.split()) < _MIN_WORDS or not _SENTENCE_END.search(para):
            continue
        for wrong, right in repairs:
            para = re.sub(rf"\b{re.escape(wrong)}\b", right, para)
        assert para in text, para
        checked += 1
    assert checked >= 3, f"only {checked} content paragraphs found in the input"


@pytest.mark.parametrize("entry", [e for e in _entries("articles") if e["format"] == "txt"],
                         ids=[e["id"].rsplit("/", 1)[-1] for e in _entries("articles") if e["format"] == "txt"])
def test_examples_expected_txt_title_line_is_its_own_paragraph(articles, entry):
    article = articles[entry["id"]]
    raw_first = (EXAMPLES / entry["id"]).read_text("utf-8").lstrip().split("\n", 1)[0].strip()
    assert article.text.split("\n\n", 1)[0] == raw_first


@pytest.mark.parametrize("entry", _entries("near_copies"), ids=_ids("near_copies"))
def test_examples_expected_near_copies_are_near_after_cleaning(articles, entry):
    """Cleaning (residue, repeated captions, credit lines) is what brings a
    republished wire story close to its source: word 5-shingle Jaccard."""
    from newsprism.group.dedup import dedup_rules, shingles

    size = dedup_rules().shingle_words
    a = shingles(articles[entry["article"]].text, size=size)
    b = shingles(articles[entry["copy_of"]].text, size=size)
    assert a and b
    assert len(a & b) / len(a | b) >= entry["min_jaccard"]
