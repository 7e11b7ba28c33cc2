"""Reconcile against the ground truth planted in the examples corpus.

The real pipeline runs once over examples/ (ingest -> analyze -> group ->
reconcile); every expectation below is read from examples/expected.toml, so
the corpus and its truth can change together without touching this file."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from newsprism.reconcile.claims import normalize_text
from newsprism.reconcile.provenance import independent_sources

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
EXPECTED = EXAMPLES / "expected.toml"


@pytest.fixture(scope="module")
def truth():
    if not EXPECTED.is_file():
        pytest.skip("examples/expected.toml not found")
    return tomllib.loads(EXPECTED.read_text("utf-8"))


@pytest.fixture(scope="module")
def corpus(truth, tmp_path_factory):
    """(article id of every expected id, story key -> StoryReport)."""
    from newsprism.pipeline import run

    db = tmp_path_factory.mktemp("examples") / "examples.db"
    _, result = run([str(EXAMPLES)], db=db, out=None)
    ids: dict[str, str] = {}
    for item in truth["articles"]:
        for a in result.analyzed:
            art = a.article
            if art.url == item["id"] or (art.path or "").endswith(item["id"]):
                ids[item["id"]] = art.id
    reports = {}
    for story in truth["stories"]:
        wanted = {ids.get(x) for x in story["articles"]}
        best = max(result.reports, key=lambda r: len(wanted & set(r.story.articles)), default=None)
        if best is not None and wanted & set(best.story.articles):
            reports[story["key"]] = best
    return ids, reports


def _report(corpus, key):
    ids, reports = corpus
    if key not in reports:
        pytest.fail(f"no story holds the articles of story {key}")
    return ids, reports[key]


def _says(text: str, phrase: str) -> bool:
    return normalize_text(phrase) in normalize_text(text)


def _side_has(side, ids, evidence) -> bool:
    aid = ids[evidence["article"]]
    return aid in side.articles and any(r.article == aid and _says(r.text, evidence["text"]) for r in side.sentences)


def _matches(conflict, expected, ids) -> bool:
    """Every expected side is a different side of the conflict, with its value
    and every article and sentence of its evidence."""
    used = set()
    for want in expected["sides"]:
        found = None
        for i, side in enumerate(conflict.sides):
            if i in used or want["value"] not in side.value:
                continue
            if all(_side_has(side, ids, ev) for ev in want["evidence"]):
                found = i
                break
        if found is None:
            return False
        used.add(found)
    return True


def _describe(report, ids):
    back = {v: k for k, v in ids.items()}
    return [(c.slot, c.about, [(s.value, [back.get(a, a) for a in s.articles]) for s in c.sides])
            for c in report.conflicts]


def _sentence_of(analyzed_report, aid, phrase):
    for claim in analyzed_report.claims:
        for r in claim.reports:
            if r.article == aid and _says(r.text, phrase):
                return claim
    return None


def test_examples_expected_conflicts_found_with_both_sides(truth, corpus):
    for expected in truth["conflicts"]:
        ids, report = _report(corpus, expected["story"])
        hits = [c for c in report.conflicts if c.slot == expected["slot"] and _matches(c, expected, ids)]
        assert hits, (expected["about"], _describe(report, ids))


def test_examples_expected_agreements_take_no_side(truth, corpus):
    """Hedged figures that overlap must not be a side of any count conflict."""
    for agreement in truth["agreements"]:
        ids, report = _report(corpus, agreement["story"])
        for c in report.conflicts:
            if c.slot != "how_many":
                continue
            for side in c.sides:
                values = [v.strip().lower() for v in side.value.split(" / ")]
                for ev in agreement["evidence"]:
                    aid = ids[ev["article"]]
                    in_side = any(r.article == aid and _says(r.text, ev["text"]) for r in side.sentences)
                    assert not (in_side and any(v and v in ev["text"].lower() for v in values)), (
                        agreement["about"], _describe(report, ids))


def test_examples_expected_paraphrases_are_one_claim(truth, corpus):
    ids, reports = corpus
    for pair in truth["paraphrases"]:
        a, b = ids[pair["a"]["article"]], ids[pair["b"]["article"]]
        report = next((r for r in reports.values() if a in r.story.articles), None)
        assert report is not None and b in report.story.articles
        claim = _sentence_of(report, a, pair["a"]["text"])
        assert claim is not None, pair["a"]["text"]
        assert any(r.article == b and _says(r.text, pair["b"]["text"]) for r in claim.reports), (
            pair, [r.text for r in claim.reports])


def test_examples_expected_derivations_found(truth, corpus):
    for expected in truth["derivations"]:
        ids, report = _report(corpus, expected["story"])
        edges = {(d.derived, d.source, d.kind) for d in report.derivations}
        assert (ids[expected["derived"]], ids[expected["source"]], expected["kind"]) in edges, edges


def test_examples_expected_independent_pairs_have_no_common_root(truth, corpus):
    ids, reports = corpus
    for a_key, b_key in (p for item in truth["independent"] for p in item["pairs"]):
        a, b = ids[a_key], ids[b_key]
        report = next(r for r in reports.values() if a in r.story.articles)
        assert b in report.story.articles
        edges = {(d.derived, d.source) for d in report.derivations}
        assert (a, b) not in edges and (b, a) not in edges
        roots = independent_sources(report.story.articles, report.derivations)
        assert roots[a] != roots[b], (a_key, b_key)


def test_examples_expected_story_independent_source_counts(truth, corpus):
    for story in truth["stories"]:
        ids, report = _report(corpus, story["key"])
        roots = independent_sources(report.story.articles, report.derivations)
        assert len(set(roots.values())) == story["independent_sources"], (story["key"], roots)


def test_examples_expected_conflicting_claims_count_independent_sources(truth, corpus):
    """A claim reported by an original and its retelling counts one source."""
    for expected in truth["derivations"]:
        ids, report = _report(corpus, expected["story"])
        derived, source = ids[expected["derived"]], ids[expected["source"]]
        for claim in report.claims:
            articles = {r.article for r in claim.reports}
            if articles == {derived, source}:
                assert claim.independent_sources == 1, claim.text


def test_examples_expected_entities_merged(truth, corpus):
    for expected in truth["entities"]:
        ids, report = _report(corpus, expected["story"])
        want = {normalize_text(v["text"]) for v in expected["variants"]}
        holders = [e for e in report.entities
                   if want <= {normalize_text(x) for x in [e.name, *e.variants]}]
        near = [(e.name, e.variants) for e in report.entities
                if want & {normalize_text(x) for x in [e.name, *e.variants]}]
        assert holders, (expected["name"], near)


def test_examples_expected_distinct_names_stay_apart(truth, corpus):
    for expected in truth["distinct"]:
        ids, report = _report(corpus, expected["story"])
        names = [normalize_text(n) for n in expected["names"]]
        for e in report.entities:
            held = {normalize_text(x) for x in [e.name, *e.variants]}
            assert sum(n in held for n in names) <= 1, (expected["names"], e.name, e.variants)
