"""The export document: the contract of DESIGN.md (schema newsprism/1)."""

from __future__ import annotations

import json

from newsprism.model import (
    AnalyzedArticle, Article, Claim, Conflict, ConflictSide, Derivation, Entity, Removal, Repair, Report, Sentence,
    Similarity, Story, StoryReport, TimelineEvent,
)
from newsprism.present.brief import render_html, render_markdown
from newsprism.present.export import SCHEMA, build_export

CONTRACT = {
    "articles": {"id", "path", "title", "outlet", "published", "language", "agency", "byline", "text", "removed",
                 "repairs"},
    "stories": {"id", "headline", "articles", "entities", "quotes", "claims", "conflicts", "timeline", "derivations"},
    "entities": {"id", "name", "type", "variants", "articles"},
    "claims": {"id", "text", "verdict", "reports", "independent_sources", "values"},
    "conflicts": {"id", "about", "sides"},
    "sides": {"value", "articles", "sentences"},
    "timeline": {"date", "precision", "text", "articles"},
    "derivations": {"derived", "source", "kind", "evidence"},
    "similarity": {"a", "b", "overall", "geography", "entities", "time", "narrative"},
}


def _corpus():
    t1 = "The bridge at Orlen closed on Monday. About 40 lorries were turned back."
    t2 = "Orlen's bridge was shut on Monday, officials said. Some 60 lorries waited."
    a1 = AnalyzedArticle(
        article=Article(id="x1", path="one.txt", text=t1, title="Bridge closes", outlet="Post", published="2024-01-08",
                        removed=[Removal(3, "Share this", "boilerplate")], repairs=[Repair("shutt", "shut", "typo")]),
        sentences=[Sentence(0, 0, 37, t1[:37]), Sentence(1, 38, len(t1), t1[38:])])
    a2 = AnalyzedArticle(
        article=Article(id="x2", path="two.txt", text=t2, title="Bridge shut", outlet="Wire", published="2024-01-08"),
        sentences=[Sentence(0, 0, 50, t2[:50]), Sentence(1, 51, len(t2), t2[51:])])
    story = Story(id="s1", articles=["x1", "x2"], headline="Bridge closes")
    report = StoryReport(
        story=story,
        entities=[Entity("e1", "Orlen", "GPE", ["Orlen", "Orlen's"], ["x1", "x2"], [("x1", 0), ("x2", 0)])],
        quotes=[],
        claims=[Claim("c1", "the bridge closed on Monday", "corroborated", [Report("x1", 0, t1[:37]),
                                                                             Report("x2", 0, t2[:50])], 2)],
        conflicts=[Conflict("k1", "lorries turned back", [ConflictSide("about 40", ["x1"], [Report("x1", 1, "")]),
                                                         ConflictSide("some 60", ["x2"], [Report("x2", 1, "")])])],
        timeline=[TimelineEvent("2024-01-08", "day", "bridge closes", ["x1", "x2"])],
        derivations=[Derivation("x2", "x1", "reuse", "shared 8-grams")],
    )
    sim = Similarity("x1", "x2", 1.5, 1.0, 1.2, 1.0, 2.0)
    return [a1, a2], [report], [sim]


def test_export_follows_the_contract():
    analyzed, reports, sims = _corpus()
    doc = build_export(analyzed, reports, similarities=sims, generator="test")
    assert doc["schema"] == SCHEMA == "newsprism/1"
    assert CONTRACT["articles"] <= set(doc["articles"][0])
    story = doc["stories"][0]
    assert CONTRACT["stories"] <= set(story)
    for key in ("entities", "claims", "conflicts", "timeline", "derivations"):
        assert CONTRACT[key] <= set(story[key][0]), key
    assert CONTRACT["sides"] <= set(story["conflicts"][0]["sides"][0])
    assert CONTRACT["similarity"] <= set(doc["similarity"][0])
    assert doc["articles"][0]["repairs"][0]["from"] == "shutt"
    assert json.loads(json.dumps(doc)) == doc  # JSON-safe


def test_export_is_deterministic_and_renders():
    a = build_export(*_corpus()[:2], similarities=_corpus()[2])
    b = build_export(*_corpus()[:2], similarities=_corpus()[2])
    assert json.dumps(a, sort_keys=True) == json.dumps(b, sort_keys=True)
    md = render_markdown(a)
    assert "**about 40**" in md and "[Post s1](#a-x1-s1)" in md
    assert 'id="a-x2-s1"' in render_html(a)


def test_export_gives_each_story_its_grouping_steps():
    from newsprism.group import StoryStep

    analyzed, reports, sims = _corpus()
    steps = [StoryStep(story="s1", rule="linkage", parts=[["x1", "x2"]], link=1.4),
             StoryStep(story="other", rule="copy", parts=[["y1"], ["y2"]], between=0.9)]
    doc = build_export(analyzed, reports, similarities=sims, generator="test", steps=steps)
    assert doc["stories"][0]["grouping"] == [{"rule": "linkage", "parts": [["x1", "x2"]], "link": 1.4,
                                              "lead_cosine": None, "between": None}]
    assert build_export(analyzed, reports, similarities=sims, generator="test")["stories"][0]["grouping"] == []


def test_export_an_articles_quote_inside_a_longer_quote_of_its_speaker_is_listed_once():
    # The article's quotes (the web's article page lists them) as the story's:
    # "stressing that the clashes were fierce" is inside the sentence's quote.
    from newsprism.model import AnalyzedArticle, Article, Quote

    text = "Anna Berg said that militants took part in the fighting, stressing that the clashes were fierce."

    def quote(words, cue):
        start = text.index(words)
        return Quote(text=words, sentence=0, direct=False, speaker="Anna Berg", cue=cue, start=start,
                     end=start + len(words))

    outer = quote("that militants took part in the fighting, stressing that the clashes were fierce", "said")
    inner = quote("that the clashes were fierce", "stressing")
    doc = build_export([AnalyzedArticle(article=Article(id="a1", path="a.txt", text=text), quotes=[outer, inner])], [])
    assert [q["text"] for q in doc["articles"][0]["quotes"]] == [outer.text]


def test_export_an_articles_quote_shows_the_speaker_its_story_shows():
    # Analyze gave "He notes ..." to "Crooked Sarah Whitlock"; the story,
    # which shows her as "Sarah Whitlock", leaves it unattributed.  The
    # article page (the export's article quotes) reads the story's decision,
    # not analyze's speaker; a quote no story lists keeps its own.
    from newsprism.model import Quote

    text = "He notes that the microphone failed twice. She says that the debate went well."
    he_start, she_start = text.index("that the microphone"), text.index("that the debate")
    he = Quote(text="that the microphone failed twice", sentence=0, direct=False, speaker="Crooked Sarah Whitlock",
               cue="notes", speaker_text="He", start=he_start, end=he_start + 32)
    she = Quote(text="that the debate went well", sentence=1, direct=False, speaker="Crooked Sarah Whitlock",
                cue="says", speaker_text="She", start=she_start, end=she_start + 25)
    art = AnalyzedArticle(article=Article(id="a1", path="a.txt", text=text),
                          sentences=[Sentence(0, 0, 42, text[:42]), Sentence(1, 43, len(text), text[43:])],
                          quotes=[he, she])
    report = StoryReport(story=Story(id="s1", articles=["a1"]), entities=[], claims=[], conflicts=[], timeline=[],
                         derivations=[],
                         quotes=[{"speaker": None, "entity": None, "text": he.text, "article": "a1", "sentence": 0,
                                  "direct": False},
                                 {"speaker": "Sarah Whitlock", "entity": "e1", "text": she.text, "article": "a1",
                                  "sentence": 1, "direct": False}])
    doc = build_export([art], [report])
    assert [q["speaker"] for q in doc["articles"][0]["quotes"]] == [None, "Sarah Whitlock"]
    assert [q["speaker"] for q in doc["stories"][0]["quotes"]] == [None, "Sarah Whitlock"]
    alone = build_export([art], [])
    assert [q["speaker"] for q in alone["articles"][0]["quotes"]] == ["Crooked Sarah Whitlock"] * 2


def test_export_an_articles_quote_takes_the_words_its_story_cut():
    # The story ends "the council ... the canal" before the writer's "as"
    # clause; the article page shows the same words and the story's speaker.
    from newsprism.model import Quote

    text = "Two pilots asked the council to reopen the canal, as new ferries enter service."
    start = text.index("the council")
    q = Quote(text=text[start:-1], sentence=0, direct=False, speaker="Two pilots", cue="asked",
              speaker_text="Two pilots", start=start, end=len(text) - 1)
    art = AnalyzedArticle(article=Article(id="a1", path="a.txt", text=text),
                          sentences=[Sentence(0, 0, len(text), text)], quotes=[q])
    words = "the council to reopen the canal"
    report = StoryReport(story=Story(id="s1", articles=["a1"]), entities=[], claims=[], conflicts=[], timeline=[],
                         derivations=[],
                         quotes=[{"speaker": "Two harbour pilots", "entity": None, "text": words, "article": "a1",
                                  "sentence": 0, "direct": False}])
    (shown,) = build_export([art], [report])["articles"][0]["quotes"]
    assert (shown["text"], shown["speaker"]) == (words, "Two harbour pilots")
    assert text[shown["start"]:shown["end"]] == words
