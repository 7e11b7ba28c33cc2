"""Provenance: derivation edges between the articles of a story."""

from __future__ import annotations

from pathlib import Path

import pytest

from builders import build_article

from newsprism.model import AnalyzedArticle, Article, Citation, Derivation, Quote
from newsprism.reconcile.provenance import article_agencies, article_outlet, derive, independent_sources



def _article(aid: str, sentences: list[str], *, outlet=None, published=None, agency=None, citations=(),
             embeddings=None, sep=" "):
    return build_article(aid, sentences, sep=sep, outlet=outlet, published=published, agency=agency,
                         citations=citations, embeddings=embeddings)


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


def test_provenance_citation_needs_the_outlets_own_identification():
    # "spoke with the Guardian" quotes the Guardian; it does not make the
    # article the Guardian's own (issue 12: "told the New York Times").
    a = _article("orig", ORIGINAL)
    b = _article("retold", RETELLING)
    assert article_outlet(a) is None and article_outlet(b) is None
    assert derive([a, b]) == []
    g = _article("orig", ORIGINAL, outlet="The Guardian")
    edges = derive([g, b])
    assert [(d.derived, d.source, d.kind) for d in edges] == [("retold", "orig", "citation")]
    assert "Guardian" in edges[0].evidence and "outlet field" in edges[0].evidence


def test_provenance_told_an_outlet_is_not_being_it():
    told = _article("told", ["A commander told the New York Times that the base was attacked on Friday night.",
                             "Ten fighters on motorcycles opened fire at the gate, the commander said."])
    nyt = _article("nyt", ["Ten fighters on motorcycles attacked the base gate on Friday night, a commander said.",
                           "The attack was the third on the base this month, officials said."],
                   outlet="The New York Times")
    other = _article("other", ["The New York Times reported that ten fighters on motorcycles attacked the base gate on "
                               "Friday night.",
                               "Fighters on motorcycles opened fire at the gate of the base, officials said."])
    edges = {(d.derived, d.source, d.kind) for d in derive([told, nyt, other])}
    assert ("other", "nyt", "citation") in edges  # the real nytimes.com article is the one cited
    assert not any(src == "told" for _d, src, _k in edges)  # nobody cites "told"


def test_provenance_citation_needs_shared_content():
    cnn = _article("cnn", ["The storm knocked out power to thousands of homes across the coast on Sunday.",
                           "Utility crews expect to restore electricity by Wednesday evening."], outlet="CNN")
    other = _article("axios", ["CNN reported that the senate passed the spending bill late on Thursday night.",
                               "The vote was 68 to 31 after weeks of negotiation between both parties."])
    assert derive([cnn, other]) == []


def test_provenance_citation_needs_the_cited_words_said_again():
    # Two reports of one storm: the second names CNN as the source of a
    # statement CNN's own report does not make.  The same event told by two
    # outlets is not a derivation (AllSides: "told CNN" edges between
    # independent reports).
    # Stored vectors that place every sentence of one topic together (as the
    # static vectors nearly do): only the transformer can tell them apart.
    same = [[1.0] * 8, [1.0] * 8]
    cnn = _article("cnn", ["The storm knocked out power to two hundred thousand homes along the coast on Sunday.",
                           "Utility crews expect to restore electricity to most homes by Wednesday evening."],
                   outlet="CNN", embeddings=same)
    other = _article("other", ["The state will ask Washington for federal disaster aid, according to CNN.",
                               "Schools along the storm-hit coast will stay closed on Monday, officials said."],
                     embeddings=same)
    assert derive([cnn, other]) == []


def test_provenance_citation_uses_outlet_field_and_analyzer_citations():
    a = _article("g", ["Officials said the base was attacked by ten fighters on motorcycles on Friday night."],
                 outlet="The Guardian")
    b = _article("x", ["A British paper said the base was attacked by ten fighters on motorcycles on Friday night."],
                 citations=[Citation(source="The Guardian", kind="outlet", text="a British paper", sentences=[0])])
    edges = derive([b, a])
    assert [(d.derived, d.source, d.kind) for d in edges] == [("x", "g", "citation")]
    assert "outlet field" in edges[0].evidence


def test_provenance_retellings_of_an_absent_outlet_form_one_family():
    b = _article("b", RETELLING, published="2019-02-11")
    c = _article("c", ["According to the Guardian, clashes between foreign fighters and guards of the leader lasted "
                       "two days.",
                       "Most of the attackers were Tunisians, who were executed after the battle."], published="2019-02-12")
    d = _article("d", ["Kurdish-led forces advanced on Saturday.", "Shelling went on all day.",
                       "Aid groups warned of the cold.", "The Guardian reported a coup attempt earlier."],
                 published="2019-02-10")
    edges = derive([b, c, d])
    assert [(e.derived, e.source, e.kind) for e in edges] == [("c", "b", "citation")]
    assert "not in the story" in edges[0].evidence and "Guardian" in edges[0].evidence
    roots = independent_sources(["b", "c", "d"], edges)
    assert roots["b"] == roots["c"] != roots["d"]


def test_provenance_first_to_report_credits_the_outlet():
    # "X was first to report ..." credits X's scoop (AllSides, Fox News on
    # the Washington Post); none of the other cite patterns reads it.
    g = _article("orig", ORIGINAL, outlet="The Guardian")
    for lede in ("The Guardian was first to report the details of a failed coup attempt against the leader.",
                 "The Guardian first reported the details of a failed coup attempt against the leader."):
        b = _article("retold", [lede, *RETELLING[1:]])
        edges = derive([g, b])
        assert [(d.derived, d.source, d.kind) for d in edges] == [("retold", "orig", "citation")], lede
        assert "first" in edges[0].evidence


def test_provenance_outlet_named_with_no_break_spaces_is_cited():
    # Web copy writes "The\xa0Guardian"; the patterns' plain spaces must
    # still read it, and the hit must still name its sentence.
    g = _article("orig", ORIGINAL, outlet="The Guardian")
    b = _article("retold", [RETELLING[0].replace(" ", "\u00a0"), *RETELLING[1:]])
    edges = derive([g, b])
    assert [(d.derived, d.source, d.kind) for d in edges] == [("retold", "orig", "citation")]
    assert "sentence 0" in edges[0].evidence


def test_provenance_citation_respects_publication_order():
    a = _article("orig", ORIGINAL, published="2019-02-20")
    b = _article("retold", RETELLING, published="2019-02-11")
    kinds = {(d.derived, d.source, d.kind) for d in derive([a, b])}
    assert ("retold", "orig", "citation") not in kinds


def test_provenance_citation_one_day_apart_is_time_zones_not_order():
    # Dates carry no time zone: a retelling dated the day before the report
    # it names can still come after it (provenance_sources.toml [dates]).
    a = _article("orig", ORIGINAL, outlet="The Guardian", published="2019-02-12")
    b = _article("retold", RETELLING, published="2019-02-11")
    assert [(d.derived, d.source, d.kind) for d in derive([a, b])] == [("retold", "orig", "citation")]


def test_provenance_shared_agency_points_to_earliest():
    w1 = _article("w1", WIRE, published="2019-02-14")
    w2 = _article("w2", ["BAGHUZ (AFP) - Jihadists held out on Thursday in a last pocket of land.",
                         "The offensive began on Saturday."],
                  published="2019-02-15")
    # (w3 tells the same news: a shared credit joins only what both say)
    w3 = _article("w3", ["Kurdish-led forces pressed their offensive against the last jihadist redoubt on Wednesday.",
                         "Jihadists held out in a last pocket of land near Baghuz, the forces said."],
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


def test_provenance_shared_agency_credit_needs_shared_content():
    # Two wire items on different news in one (wrongly pooled) story:
    # PolNeAR's two UPI-credited Breitbart pieces, on a singer's campaign
    # video and on a candidate removed from a debate site, are not one copy.
    singer = _article("singer", ["NEW YORK (UPI) - The singer performed a ballad for the candidate in a preview clip.",
                                 "The clip shows the two sitting at a piano in a studio.",
                                 "The full episode of the talk show airs on Friday night."],
                      published="2016-09-28")
    debate = _article("debate", ["HEMPSTEAD (UPI) - Police escorted the Green Party nominee away from the debate hall.",
                                 "She had tried to enter the university grounds without a pass.",
                                 "Her campaign said she had been denied a place on the stage."],
                      published="2016-09-26")
    assert "UPI" in article_agencies(singer) and "UPI" in article_agencies(debate)
    assert derive([singer, debate]) == []
    # the same credit on a second report of the same news is one copy
    again = _article("again", ["HEMPSTEAD (UPI) - The Green Party nominee was escorted away from the debate hall by "
                               "police.",
                               "She had tried to enter the university grounds without a pass, police said.",
                               "Her campaign said she was denied a place on the stage."],
                     published="2016-09-27")
    edges = derive([singer, debate, again])
    assert [(d.derived, d.source, d.kind) for d in edges] == [("again", "debate", "agency")]
    assert "content:" in edges[0].evidence


def test_provenance_one_fact_credited_to_a_wire_is_no_shared_copy():
    # Both name the AP once, for its call of the race: one fact from the AP,
    # not two retellings of its copy.  Named as the source throughout, it is.
    a = ["Ellen Park won the special election for the river district seat on Tuesday, according to the Associated Press.",
         "Park, a former teacher, ran on a promise to rebuild the flood walls along the old harbour.",
         "Turnout was low across the district, where rain kept many voters at home.",
         "Her opponent had been endorsed by the outgoing governor in the spring."]
    b = ["Ellen Park has won the special election for the river district seat, the Associated Press reported on Tuesday.",
         "The result is a blow to the governor, who campaigned twice for her rival in the final week.",
         "Park will be sworn in next month and faces another vote in November.",
         "Local party officials said the flood walls had decided the race."]
    arts = [_article("a", a, published="2021-07-27"), _article("b", b, published="2021-07-28")]
    assert [d for d in derive(arts) if d.kind == "agency"] == []
    a2 = a[:2] + ["The count was slowed by a power cut at two polling stations, the Associated Press reported."] + a[3:]
    b2 = b[:2] + ["Park will be sworn in next month, the Associated Press said, and faces another vote in November."] + b[3:]
    arts = [_article("a", a2, published="2021-07-27"), _article("b", b2, published="2021-07-28")]
    assert [(d.derived, d.source) for d in derive(arts) if d.kind == "agency"] == [("b", "a")]


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


def test_provenance_one_page_stored_twice_is_no_copy():
    a = _article("v1", ORIGINAL)
    b = _article("v2", ORIGINAL[:3] + ["An update added a last line about the desert later on."])
    a.article.url = "https://www.example-news.com/world/2019/02/leader.html"
    b.article.url = "http://example-news.com/world/2019/02/leader.html?utm_source=feed"
    assert derive([a, b]) == []
    b.article.url = "https://www.example-news.com/world/2019/02/other.html"
    assert [d.kind for d in derive([a, b])] == ["reuse"]


def test_provenance_one_outlet_repeating_itself_is_not_uncredited_reuse():
    # two records of one outlet's report, no page address to tell they are
    # one page: one source, but nothing was taken "without credit"
    a = _article("v1", ORIGINAL, outlet="Valley Courier")
    b = _article("v2", ORIGINAL[:3] + ["An update added a last line about the desert later on."],
                 outlet="The Valley Courier")
    (edge,) = derive([a, b])
    assert edge.kind == "reuse" and "without credit" not in edge.evidence
    assert "both by one outlet" in edge.evidence
    b.article.outlet = "Harbour Gazette"
    (edge,) = derive([a, b])
    assert "without credit" in edge.evidence and "one outlet" not in edge.evidence


APPEAL = ("Anyone who saw the van near the depot on Sunday night is asked to call detectives on 0161 555 0199 "
          "or the free tip line on 0800 777 321 quoting incident number 4410.")


def test_provenance_one_borrowed_sentence_is_no_copy():
    # two reports of one fire written apart, both ending with the police's
    # appeal word for word: they share the police's sentence, not each other's text
    a = _article("a", ["Fire crews spent six hours at the timber yard in Elmsworth after flames spread to a depot.",
                       "Two neighbouring houses were cleared and a road stayed shut until morning.", APPEAL],
                 published="2019-03-04")
    b = _article("b", ["A blaze gutted a depot beside the timber yard in Elmsworth overnight.",
                       "The owner said the loss would run to several hundred thousand pounds.", APPEAL],
                 published="2019-03-05")
    assert derive([a, b]) == []
    # a report that takes a second sentence of the other word for word is a copy
    b2 = _article("b2", [a.sentences[0].text, "The owner said the loss would run to several hundred thousand pounds.",
                         APPEAL], published="2019-03-05")
    assert [(d.derived, d.source, d.kind) for d in derive([a, b2])] == [("b2", "a", "reuse")]


def test_provenance_one_sentence_teaser_of_a_lede_is_a_copy():
    lede = ("A onetime warehouse clerk has been charged in the 1979 killing of two night guards at a grain store "
            "in Elmsworth, but prosecutors say the suspect is gravely ill.")
    a = _article("full", [lede, "The guards were found the next morning by a delivery driver.",
                          "Detectives reopened the case last year after new tests on a glove."], published="2019-03-04")
    b = _article("teaser", [lede.replace("onetime ", "")], published="2019-03-05")
    assert [(d.derived, d.source, d.kind) for d in derive([a, b])] == [("teaser", "full", "reuse")]


def test_provenance_page_address_and_time_stamp_are_no_shared_text():
    # two pages of one site on one event, written apart: their addresses
    # (cut into pieces, as a scraped page opens) and time stamps agree word
    # for word, which is the site's format, not a copy
    slug = ("com / 2019 / 03 / elmsworth - timber - yard - fire - depot - destroyed - two - houses - "
            "evacuated - road - closed - overnight - police - appeal /")
    a = _article("a", ["http: / / www.", "elmsworth-courier.", slug, "March 4, 2019 1: 35 pm.",
                       "Fire crews spent six hours at the timber yard in Elmsworth after flames spread to a depot.",
                       "Two neighbouring houses were cleared and a road stayed shut until morning."])
    b = _article("b", ["http: / / www.", "elmsworth-courier.", slug.replace("appeal", "statement"),
                       "March 4, 2019 4: 10 pm.",
                       "A blaze gutted a depot beside the timber yard in Elmsworth overnight.",
                       "The owner said the loss would run to several hundred thousand pounds."])
    assert derive([a, b]) == []


def test_provenance_only_the_text_found_in_the_other_is_the_copy(monkeypatch):
    # undated, no credit: a short text taken word for word into a long one.
    # A sentence or two of the long one said again in the short one (its
    # partial paraphrase reading) does not make the long one the copy.
    from newsprism.reconcile import provenance

    short = _article("short", ORIGINAL)
    long_ = _article("long", ORIGINAL + [f"Another paragraph of its own, number {k}, about the region's long history."
                                         for k in range(1, 25)])

    def matches(self, i, j):
        # the paraphrase reading: one sentence of the long text confirmed in
        # the short one; none for the short text (it is word for word)
        return [(0, 0, 0.99)] if self.arts[i].article.id == "long" else None

    monkeypatch.setattr(provenance._Measures, "matches", matches)
    for order in ([short, long_], [long_, short]):
        (edge,) = derive(order)
        assert (edge.derived, edge.source) == ("short", "long")


def test_provenance_reuse_of_wire_copy_points_to_the_wire():
    # no dates, no citation: the paper's version is the copy, whatever the input order
    wire = _article("wire", ORIGINAL, outlet="Reuters")
    paper = _article("paper", ORIGINAL[1:] + ["A closing line that the paper added on its own."], outlet="Valley Courier")
    for order in ([wire, paper], [paper, wire]):
        edges = derive(order)
        assert [(d.derived, d.source, d.kind) for d in edges] == [("paper", "wire", "reuse")]
        assert "wire agency" in edges[0].evidence


# An invented flood, told three times: an original, an uncredited
# sentence-by-sentence translation of it (worded as machine translation
# words it), and an independent report of the same event.
FLOOD = [
    "Floodwaters forced about 2,400 people from their homes in the river town of Veldmark on Sunday after three days of heavy rain.",
    "The regional civil protection agency said the Lenne river rose 4.2 metres above its normal level overnight.",
    "Rescue crews in boats took elderly residents from the lower districts, where water reached the first floors of houses.",
    "Mayor Ines Kolar said two schools had been turned into shelters and that drinking water was being delivered by truck.",
    "A railway bridge south of the town was closed after engineers found cracks in one of its pillars.",
    "Farmers in the valley said thousands of hectares of wheat were under water weeks before the harvest.",
    "Forecasters expect more rain on Tuesday, and the agency warned that a dam upstream could have to release water.",
    "No deaths have been reported, but one man is missing after his car was swept off a road near the village of Orsk.",
]
FLOOD_TRANSLATED = [
    "The flood waters obliged some 2,400 persons to leave their houses in the riverside town of Veldmark this Sunday, after three days of strong rains.",
    "The regional agency of civil protection indicated that the river Lenne rose 4.2 meters over its habitual level during the night.",
    "Rescue teams with boats evacuated the old residents from the low neighbourhoods, where the water arrived to the first floors of the houses.",
    "The mayor, Ines Kolar, declared that two schools were converted into shelters and that potable water is distributed by trucks.",
    "A railway bridge to the south of the town was closed after the engineers detected fissures in one of its pillars.",
    "The farmers of the valley said that thousands of hectares of wheat are under the water weeks before the harvest.",
    "The meteorologists foresee more rain for Tuesday, and the agency warned that a dam upstream could have to liberate water.",
    "No deaths were registered, but a man is disappeared after his car was dragged off a road near the village of Orsk.",
]
FLOOD_INDEPENDENT = [
    "Veldmark residents spent Sunday night on camp beds in school gyms as the Lenne burst its banks for the first time since 1997.",
    "Shopkeeper Pavel Ruiz, 58, said he had lost all the stock on his ground floor within an hour.",
    "Officials put the number of people evacuated at roughly 2,400, most of them from streets near the old harbour.",
    "Train services to the south were suspended while engineers inspect damage to a bridge.",
    "Meteorologists warned of further storms in the middle of the week.",
    "Police were searching on Monday for a driver whose car left the road near Orsk.",
]


@pytest.fixture(scope="module")
def flood():
    """The three flood reports, analyzed as the pipeline does (spaCy, stored vectors)."""
    from newsprism.analyze import analyze_article

    out = {}
    for name, sents, outlet in (("orig", FLOOD, "Valley Courier"), ("translated", FLOOD_TRANSLATED, "Nord Post"),
                                ("independent", FLOOD_INDEPENDENT, "Lenne Herald")):
        text = "\n\n".join(sents)
        art = Article(id=name, path=f"{name}.txt", text=text, outlet=outlet, published="2024-06-03")
        out[name] = analyze_article(art)
    return out


def test_provenance_uncredited_translation_is_reuse_and_independent_report_is_not(flood):
    edges = derive([flood["orig"], flood["translated"], flood["independent"]])
    pairs = {(d.derived, d.source, d.kind) for d in edges}
    reuse = [d for d in edges if d.kind == "reuse"]
    assert len(reuse) == 1 and {reuse[0].derived, reuse[0].source} == {"orig", "translated"}
    assert "close counterpart" in reuse[0].evidence and "direction" in reuse[0].evidence
    assert not any("independent" in (d, s) for d, s, _k in pairs)
    roots = independent_sources(["orig", "translated", "independent"], edges)
    assert roots["orig"] == roots["translated"] != roots["independent"]


def test_provenance_encodes_the_story_sentences_in_one_call(flood, monkeypatch):
    # The first article the transformer is needed for brings the whole
    # story's sentences into one call (like lengths batch together); the
    # derivations are the ones found article by article.
    import newsprism.analyze.embed as embed

    real = embed.encode_precise
    calls = []

    def spy(texts, **kwargs):
        calls.append(list(texts))
        return real(texts, **kwargs)

    monkeypatch.setattr(embed, "encode_precise", spy)
    arts = [flood["orig"], flood["translated"], flood["independent"]]
    edges = derive(arts)
    assert calls and set(calls[0]) == {s.text.strip() for a in arts for s in a.sentences}
    assert all(set(c) <= set(calls[0]) for c in calls[1:])
    assert [d.kind for d in edges] == ["reuse"]


def test_provenance_translation_direction_from_dates(flood):
    orig, tr = flood["orig"], flood["translated"]
    later = AnalyzedArticle(**{**tr.__dict__, "article": Article(**{**tr.article.__dict__, "published": "2024-06-04"})})
    edges = derive([later, orig])
    assert [(d.derived, d.source, d.kind) for d in edges] == [("translated", "orig", "reuse")]
    assert "publication date" in edges[0].evidence


def test_provenance_shared_quote_is_not_copying():
    quote = '"We will rebuild every house that the water took from us, and we will start tomorrow morning," the mayor said.'
    a = _article("a", ["The river flooded the lower town on Sunday and hundreds left their homes.", quote],
                 published="2024-06-03")
    b = _article("b", ["Rain fell for a third day and the army sent boats to the valley.", quote],
                 published="2024-06-04")
    for art in (a, b):
        start = art.article.text.index(quote)
        from newsprism.model import Quote

        art.quotes = [Quote(text=quote, sentence=1, speaker="the mayor", direct=True, start=start,
                            end=start + quote.rindex('"') + 1)]
    assert [d for d in derive([a, b]) if d.kind == "reuse"] == []


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


# Three sentences of an agency's report, each long enough to be no stock phrase.
TAKEN = [
    "The regional council voted on Tuesday night to close the Marlow Street ferry terminal by the end of next year.",
    "Councillors cited repair costs of about 14 million crowns and a steady fall in passengers since the bridge opened.",
    "The operator, which employs forty people at the terminal, said it would seek talks with the unions this week.",
]


def test_provenance_wire_sentences_in_a_long_page_make_one_source():
    # a long page of its own that runs three sentences of a wire report word
    # for word, far below the share bar: one source for what it copies
    wire = _article("wire", [*TAKEN, *(f"Agency background item {k} recalls the harbour's {k}th trading season in detail."
                                       for k in range(1, 21))], published="2019-03-04")
    page = _article("page", [*(f"Our correspondent adds note {k} about local shops and the old fish market, part {k}."
                               for k in range(1, 21)), *TAKEN], published="2019-03-06")
    edges = derive([wire, page])
    assert [(d.derived, d.source, d.kind) for d in edges] == [("page", "wire", "reuse")]
    assert "3 of its 23 sentences are found word for word" in edges[0].evidence
    # two such sentences are enough when they are the writer's own words
    page2 = _article("page2", [*(f"Our correspondent adds note {k} about local shops and the old fish market, part {k}."
                                 for k in range(1, 21)), *TAKEN[:2]], published="2019-03-06")
    edges = derive([wire, page2])
    assert [(d.derived, d.source, d.kind) for d in edges] == [("page2", "wire", "reuse")]
    assert "2 of its 22 sentences are found word for word" in edges[0].evidence
    # one sentence is not: a police appeal or a stock line is told the same way
    page1 = _article("page1", [*(f"Our correspondent adds note {k} about local shops and the old fish market, part {k}."
                                 for k in range(1, 21)), TAKEN[0]], published="2019-03-06")
    assert derive([wire, page1]) == []


FRAMED = [
    '"We will fight this closure," said Anna Berg, who chairs the ferry users\' association on Marlow Island.',
    '"Nobody asked us," added Piet Holm, the island\'s harbour master for the past twenty-two years.',
]


def _quoting(aid: str, sentences: list[str], framed: list[str], **kw) -> AnalyzedArticle:
    """An article whose sentences ``framed`` each open with a direct quote
    (its span set, as the analyzer sets it)."""
    art = _article(aid, [*sentences, *framed], **kw)
    quotes = []
    for s in art.sentences[len(sentences):]:
        end = s.text.index('"', 1) + 1
        quotes.append(Quote(text=s.text[1:end - 1], sentence=s.index, speaker=None, direct=True,
                            sentences=[s.index], start=s.start, end=s.start + end))
    art.quotes = quotes
    return art


def test_provenance_two_quotes_framed_alike_are_no_wire_copy():
    # Two outlets quoting the same two people alike share the quotes' frames
    # word for word ("said Anna Berg, who chairs ..."): no text taken.  With
    # a third such sentence (the count chosen for any sentences), or one of
    # the two the writer's own words, the text is one source.
    own = [f"Agency background item {k} recalls the harbour's {k}th trading season in detail." for k in range(1, 21)]
    mine = [f"Our correspondent adds note {k} about local shops and the old fish market, part {k}." for k in range(1, 21)]
    wire = _quoting("wire", own, FRAMED, published="2019-03-04")
    page = _quoting("page", mine, FRAMED, published="2019-03-06")
    assert derive([wire, page]) == []
    wire3 = _quoting("wire3", [*own, TAKEN[0]], FRAMED, published="2019-03-04")
    page3 = _quoting("page3", [*mine, TAKEN[0]], FRAMED, published="2019-03-06")
    assert [(d.derived, d.source) for d in derive([wire3, page3])] == [("page3", "wire3")]
