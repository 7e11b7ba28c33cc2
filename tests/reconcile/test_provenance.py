"""Provenance: derivation edges between the articles of a story."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from newsprism.model import AnalyzedArticle, Article, Citation, Derivation, Sentence
from newsprism.reconcile.provenance import article_agencies, article_outlet, derive, independent_sources



def _article(aid: str, sentences: list[str], *, outlet=None, published=None, agency=None, citations=(),
             embeddings=None, sep=" "):
    text = sep.join(sentences)
    sents, pos = [], 0
    for i, s in enumerate(sentences):
        start = text.index(s, pos)
        sents.append(Sentence(i, start, start + len(s), s))
        pos = start + len(s)
    art = Article(id=aid, path=f"{aid}.txt", text=text, outlet=outlet, published=published, agency=agency)
    return AnalyzedArticle(article=art, sentences=sents, citations=list(citations), embeddings=embeddings)


ORIGINAL = [
    "A witness who spoke with the Guardian described the fighting near the village in September.",
    "The clashes between foreign fighters and the leader's guards lasted two days, residents said.",
    "Many of the attackers were Tunisians and they were executed after the battle ended.",
    "Officials believe the leader later escaped into the desert in early January.",
]
RETELLING = [
    "The Guardian newspaper reported on Monday details of a failed coup attempt against the leader.",
    "Clashes between foreign fighters and guards of the leader lasted two days, residents told the paper.",
    "Most of the attackers were Tunisians, who were executed after the battle.",
    "The leader later fled into desert areas in early January, officials believe.",
]
WIRE = [
    "BEIRUT (AFP) - Kurdish-led forces pressed their offensive on Thursday against the last jihadist redoubt.",
    "More than 39,000 people have fled the area since December, according to a monitor.",
    "The coalition expects the end of the operation within days.",
    "AFP Agency.",
]


def test_provenance_citation_edge_from_text_self_reference():
    a = _article("orig", ORIGINAL)
    b = _article("retold", RETELLING)
    edges = derive([a, b])
    assert [(d.derived, d.source, d.kind) for d in edges] == [("retold", "orig", "citation")]
    assert "Guardian" in edges[0].evidence and "spoke with the Guardian" in edges[0].evidence
    assert article_outlet(a)[0] == "guardian"
    assert article_outlet(b) is None  # it cites the Guardian, it is not the Guardian


def test_provenance_citation_uses_outlet_field_and_analyzer_citations():
    a = _article("g", ["Officials said the base was attacked by ten fighters on motorcycles on Friday night."],
                 outlet="The Guardian")
    b = _article("x", ["A British paper said an American base had been attacked by motorcycle-riding militants."],
                 citations=[Citation(source="The Guardian", kind="outlet", text="a British paper", sentences=[0])])
    edges = derive([b, a])
    assert [(d.derived, d.source, d.kind) for d in edges] == [("x", "g", "citation")]
    assert "outlet field" in edges[0].evidence


def test_provenance_retellings_of_an_absent_outlet_form_one_family():
    b = _article("b", RETELLING, published="2019-02-11")
    c = _article("c", ["According to the Guardian, foreign fighters tried to capture the leader in September.",
                       "The fighting lasted two days and the attackers were executed."], published="2019-02-12")
    d = _article("d", ["Kurdish-led forces advanced on Saturday.", "Shelling went on all day.",
                       "Aid groups warned of the cold.", "The Guardian reported a coup attempt earlier."],
                 published="2019-02-10")
    edges = derive([b, c, d])
    assert [(e.derived, e.source, e.kind) for e in edges] == [("c", "b", "citation")]
    assert "not in the story" in edges[0].evidence and "Guardian" in edges[0].evidence
    roots = independent_sources(["b", "c", "d"], edges)
    assert roots["b"] == roots["c"] != roots["d"]


def test_provenance_citation_respects_publication_order():
    a = _article("orig", ORIGINAL, published="2019-02-20")
    b = _article("retold", RETELLING, published="2019-02-11")
    kinds = {(d.derived, d.source, d.kind) for d in derive([a, b])}
    assert ("retold", "orig", "citation") not in kinds


def test_provenance_shared_agency_points_to_earliest():
    w1 = _article("w1", WIRE, published="2019-02-14")
    w2 = _article("w2", ["BAGHUZ (AFP) - Jihadists held out on Thursday in a last pocket of land.",
                         "The offensive began on Saturday."],
                  published="2019-02-15")
    w3 = _article("w3", ["Kurdish forces said the operation would end soon.", "Nothing else was said about it."],
                  published="2019-02-13", agency="Agence France-Presse")
    assert "AFP" in article_agencies(w1) and "AFP" in article_agencies(w3)
    # a photo credit in a caption is not a credit for the story; an agency
    # not in the list is still read from a credit line
    caption = _article("cap", ["Families wait at a checkpoint (AFP).", "Meridian Press Agency."], sep="\n\n")
    assert list(article_agencies(caption)) == ["Meridian Press"]
    edges = derive([w1, w2, w3])
    agency = sorted((d.derived, d.source) for d in edges if d.kind == "agency")
    assert agency == [("w1", "w3"), ("w2", "w3")]
    assert all("AFP" in d.evidence for d in edges)


def test_provenance_lone_agency_and_unrelated_articles_give_no_edge():
    edges = derive([_article("orig", ORIGINAL), _article("wire", WIRE)])
    assert edges == []
    assert derive([_article("wire", WIRE)]) == []


def test_provenance_verbatim_reuse_detected_and_directed_by_date():
    copy = ORIGINAL[1:] + ["A closing line that the copy added on its own."]
    a = _article("first", ORIGINAL, published="2019-02-10")
    b = _article("copy", copy, published="2019-02-12")
    edges = derive([b, a])
    assert [(d.derived, d.source, d.kind) for d in edges] == [("copy", "first", "reuse")]
    assert "shingles" in edges[0].evidence


def test_provenance_paraphrase_by_embeddings():
    rng = np.random.default_rng(0)
    base = rng.normal(size=(4, 8))
    noise = rng.normal(scale=0.05, size=(4, 8))
    other = rng.normal(size=(4, 8))
    sents_a = [f"Sentence number {i} of the first report tells something." for i in range(4)]
    sents_b = [f"Line {i} of another text says something different entirely." for i in range(4)]
    a = _article("a", sents_a, published="2019-01-01", embeddings=base)
    b = _article("b", sents_b, published="2019-01-02", embeddings=base + noise)
    c = _article("c", [s.replace("another", "a third") for s in sents_b], published="2019-01-03", embeddings=other)
    edges = derive([a, b, c])
    pairs = {(d.derived, d.source, d.kind) for d in edges}
    assert ("b", "a", "reuse") in pairs
    assert ("c", "a", "reuse") not in pairs  # other vectors, other words
    assert "sentence embeddings" in next(d.evidence for d in edges if d.derived == "b")


def test_provenance_same_event_reports_alike_everywhere_are_not_linked():
    # three reports equally close to one another (one event, told alike):
    # no one of them stands out as the source of another
    rng = np.random.default_rng(1)
    base = rng.normal(size=(5, 8))
    arts = []
    for k, name in enumerate(["p", "q", "r"]):
        vec = base + rng.normal(scale=0.05, size=(5, 8))
        words = ("alpha", "bravo", "charlie", "delta", "echo")
        sents = [" ".join(f"{w}{name}{i}" for w in words) + "." for i in range(5)]
        arts.append(_article(name, sents, published=f"2019-01-0{k + 1}", embeddings=vec))
    assert [d for d in derive(arts) if d.kind == "reuse"] == []
    # two of them alone: nothing to compare with, so a close match counts
    assert [(d.derived, d.source) for d in derive(arts[:2])] == [("q", "p")]


def test_provenance_independent_sources_collapses_families():
    d = [Derivation("b", "a", "citation", ""), Derivation("c", "b", "reuse", ""), Derivation("e", "d", "agency", "")]
    roots = independent_sources(["a", "b", "c", "d", "e", "f"], d)
    assert roots == {"a": "a", "b": "a", "c": "a", "d": "d", "e": "d", "f": "f"}
    # a family joins through an article not in the list
    via = [Derivation("b", "a", "citation", ""), Derivation("c", "a", "reuse", "")]
    assert independent_sources(["b", "c"], via) == {"b": "a", "c": "a"}
    assert independent_sources(["x", "y"], []) == {"x": "x", "y": "y"}


# ---------------------------------------------------------------- seeds


@pytest.fixture(scope="module")
def seeds(seeds_report):
    """The seeds through the real pipeline (conftest): analyses and seed number -> article id."""
    _, analyzed, ids = seeds_report
    return analyzed, ids


def test_provenance_seeds_001_derives_from_000_and_004_stands_alone(seeds):
    analyzed, by = seeds
    edges = derive(analyzed)
    cites = [d for d in edges if d.derived == by["001"] and d.source == by["000"]]
    assert [d.kind for d in cites] == ["citation"]
    assert "Guardian" in cites[0].evidence
    assert not any(by["004"] in (d.derived, d.source) for d in edges)
    roots = independent_sources(list(by.values()), edges)
    assert roots[by["000"]] == roots[by["001"]] == by["000"]
    assert roots[by["004"]] == by["004"]
    assert len(set(roots.values())) == 2


# ------------------------------------------------------ examples corpus

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


@pytest.fixture(scope="module")
def examples():
    if not (EXAMPLES / "expected.toml").is_file():
        pytest.skip("examples corpus not found")
    import tomllib

    from newsprism.analyze import analyze_articles
    from newsprism.ingest import ingest_paths

    expected = tomllib.loads((EXAMPLES / "expected.toml").read_text("utf-8"))
    ingested = ingest_paths([str(EXAMPLES / "txt"), str(EXAMPLES / "html"), str(EXAMPLES / "feed.jsonl")])
    analyzed = analyze_articles(sorted(ingested.articles, key=lambda a: a.path))
    key_of, stories = {}, {}
    for aa in analyzed:
        for art in expected["articles"]:
            if aa.article.path.endswith(art["id"]) or aa.article.url == art["id"]:
                key_of[aa.article.id] = art["id"]
                stories.setdefault(art["story"], []).append(aa)
    return expected, stories, key_of


def test_provenance_examples_corpus_derivations_and_independent_sources(examples):
    expected, stories, key_of = examples
    got = set()
    for story, arts in stories.items():
        edges = derive(arts)
        got |= {(story, key_of[d.derived], key_of[d.source], d.kind) for d in edges}
        roots = independent_sources([a.article.id for a in arts], edges)
        want = next(s["independent_sources"] for s in expected["stories"] if s["key"] == story)
        assert len(set(roots.values())) == want, story
    assert got == {(d["story"], d["derived"], d["source"], d["kind"]) for d in expected["derivations"]}
