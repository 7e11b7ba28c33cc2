"""The brief: Markdown and HTML rendered from the export document."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest

from newsprism.errors import NewsprismError
from newsprism.present import brief


class _Collect(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.ids: set[str] = set()
        self.hrefs: list[str] = []
        self.tags: list[str] = []
        self.srcs: list[str] = []

    def handle_starttag(self, tag, attrs):  # noqa: ANN001
        self.tags.append(tag)
        d = dict(attrs)
        if "id" in d:
            self.ids.add(d["id"])
        if "href" in d:
            self.hrefs.append(d["href"])
        if "src" in d:
            self.srcs.append(d["src"])


def _parse(html: str) -> _Collect:
    p = _Collect()
    p.feed(html)
    return p


def test_brief_markdown_has_every_section(export_doc):
    md = brief.render_markdown(export_doc)
    sec = brief.labels()["sections"]
    for key in ("sources", "facts", "conflicts", "quotes", "entities", "timeline", "derivations", "appendix"):
        assert f"### {sec[key]}" in md or f"## {sec[key]}" in md, key
    assert "**CORROBORATED** The Orrin dam gave way on Tuesday night — 3 reports, 2 independent sources" in md
    assert "**SINGLE SOURCE**" in md
    # each side of a conflict with its outlets and sentence
    assert "**about 120**" in md and "**more than 200**" in md
    assert "cites [Northern Ledger](#a-a1b2c3d4e5f60718)" in md
    # variants of an entity
    assert "Varnholm, Warnholm, VARNHOLM" in md


def test_brief_markdown_every_reference_resolves(export_doc):
    md = brief.render_markdown(export_doc)
    targets = set(re.findall(r"\]\(#([^)]+)\)", md))
    anchors = set(re.findall(r'<a id="([^"]+)"></a>', md))
    assert targets, "the brief cites nothing"
    assert targets <= anchors, targets - anchors
    # a cited sentence appears in the appendix with its text
    assert '<a id="a-c3d4e5f607182930-s2"></a>**s2** Rescue teams evacuated 300 residents' in md


def test_brief_markdown_key_facts_ranked_then_all_claims_by_verdict(export_doc):
    md = brief.render_markdown(export_doc)
    sec = brief.labels()["sections"]
    facts = re.findall(r"^- \*\*(CORROBORATED|CONFLICTING|SINGLE SOURCE)\*\*", md, re.M)
    assert len(facts) == 4  # every claim once: key facts, then "All claims"
    key = md.split(f"### {sec['facts']}", 1)[1].split("###", 1)[0]
    rest = md.split(f"### {sec['all_claims']}", 1)[1].split("###", 1)[0]
    # disputed claims stand under the conflicts, not among the key facts
    assert re.findall(r"^- \*\*([A-Z ]+)\*\*", key, re.M) == ["CORROBORATED", "SINGLE SOURCE"]
    assert re.findall(r"^- \*\*([A-Z ]+)\*\*", rest, re.M) == ["CONFLICTING", "CONFLICTING"]


def test_brief_markdown_timeline_sorted_and_flags_disputes(export_doc):
    md = brief.render_markdown(export_doc)
    section = md.split("### Timeline", 1)[1].split("###", 1)[0]
    lines = [l for l in section.splitlines() if l.startswith("- ")]
    assert [l.split("**")[1] for l in lines] == ["September 2023", "October 2023", "12 March 2024", "13 March 2024"]
    assert "sources disagree" in lines[0] and "sources disagree" not in lines[2]


def test_brief_html_is_self_contained_and_anchored(export_doc):
    html = brief.render_html(export_doc)
    p = _parse(html)
    assert "script" not in p.tags and "link" not in p.tags and not p.srcs
    assert not re.search(r"(?:src|href)=[\"']?(?:https?:)?//", html)
    assert "<style>" in html and "<svg" in html
    internal = {h[1:] for h in p.hrefs if h.startswith("#")}
    assert internal and internal <= p.ids, internal - p.ids
    # every sentence of every article has its anchor
    for a in export_doc["articles"]:
        for s in a["sentences"]:
            assert f"a-{a['id']}-s{s['index']}" in p.ids


def test_brief_html_badges_and_derivation_graph(export_doc):
    html = brief.render_html(export_doc)
    assert 'class="badge badge-corroborated"' in html
    assert 'class="badge badge-conflicting"' in html
    assert 'class="badge badge-single-source"' in html
    assert 'class="chart derivation-chart"' in html
    assert html.count('class="dg-edge') == 2


def test_brief_escapes_hostile_text(export_doc):
    evil = "<script>alert('x')</script><img src=x onerror=alert(1)>"
    art = export_doc["articles"][0]
    art["title"] = evil
    art["outlet"] = evil
    art["text"] = evil + " " + art["text"]
    story = export_doc["stories"][0]
    story["headline"] = evil
    story["claims"][0]["text"] = evil
    story["quotes"][0]["speaker"] = evil
    story["entities"][0]["variants"].append(evil)
    story["conflicts"][0]["sides"][0]["value"] = evil
    story["timeline"][0]["text"] = evil
    html = brief.render_html(export_doc)
    assert "<script" not in html and "<img" not in html
    assert "&lt;script&gt;" in html
    md = brief.render_markdown(export_doc)
    assert "<script" not in md and "<img" not in md


def test_brief_select_story_by_prefix(export_doc):
    one = brief.select_story(export_doc, "s0a1")
    assert [s["id"] for s in one["stories"]] == ["s0a1b2c3d4e"]
    assert {a["id"] for a in one["articles"]} == set(export_doc["stories"][0]["articles"])
    assert len(one["similarity"]) == 3
    with pytest.raises(NewsprismError, match="E090|no story"):
        brief.select_story(export_doc, "nope")
    with pytest.raises(NewsprismError, match="ambiguous"):
        brief.select_story(export_doc, "s")


def test_brief_format_story_list(export_doc):
    text = brief.format_story_list(export_doc)
    first, second = text.split("s9f8e7d6c5b")
    assert "Dam gives way above Varnholm" in first
    assert "3 articles · 2024-03-13 – 2024-03-14 · Coastal Daily, NWA, Northern Ledger" in first
    assert "2 conflicts" in first
    assert "1 article · 2024-02-05 · Aldmere Post" in second
    assert brief.format_story_list({"stories": [], "articles": []}) == "no stories\n"


def test_brief_empty_document():
    doc = {"schema": "newsprism/1", "articles": [], "stories": [], "similarity": []}
    assert "No stories." in brief.render_markdown(doc)
    assert "No stories." in brief.render_html(doc)


def test_brief_date_label():
    assert brief.date_label("2019-02-09") == "9 February 2019"
    assert brief.date_label("2018-09") == "September 2018"
    assert brief.date_label("2014") == "2014"
    assert brief.date_label("201") == "the 2010s"
    assert brief.date_label("2019-01-01/2019-01-10") == "1 January 2019 – 10 January 2019"
    assert brief.date_label("soon") == "soon"


def test_brief_compare_view_aligns_and_marks_conflicts(export_doc):
    a, b = export_doc["stories"][0]["articles"][0], export_doc["stories"][0]["articles"][2]
    v = brief.compare_view(export_doc, a, b)
    assert [c["id"] for c in v["aligned"]] == ["c1", "c2", "c4"]
    assert {k["id"] for k in v["conflicts"]} == {"k1", "k2"}
    k1 = next(k for k in v["conflicts"] if k["id"] == "k1")
    assert (k1["a_value"], k1["b_value"]) == ("about 120", "more than 200")
    left = {s["index"]: s for p in v["columns"][0]["paragraphs"] for s in p}
    assert left[0]["mark"] == "aligned" and left[1]["mark"] == "conflict" and left[4]["mark"] == ""
    # two articles of the same side do not conflict
    c = export_doc["stories"][0]["articles"][1]
    assert not any(k["id"] == "k1" for k in brief.compare_view(export_doc, a, c)["conflicts"])


def test_brief_tolerates_missing_values(export_doc):
    """Consumers only rely on the contract; optional values may be null."""
    story = export_doc["stories"][0]
    story["timeline"].append({"date": None, "precision": None, "text": None, "articles": []})
    story["conflicts"][0]["sides"][0]["value"] = None
    story["claims"].append({"id": "c9", "text": None, "verdict": None, "reports": [], "independent_sources": None})
    story["quotes"].append({"speaker": None, "entity": None, "text": None, "article": None, "sentence": None,
                            "direct": None})
    story["entities"].append({"id": "e9", "name": "Nobody", "type": None, "variants": [], "articles": []})
    export_doc["articles"][0]["title"] = None
    export_doc["articles"][0]["published"] = None
    md = brief.render_markdown(export_doc)
    assert "undated" in md and "Unattributed" not in md.split("### Quotes", 1)[0]
    html = brief.render_html(export_doc)
    assert "Nobody" in html


def test_brief_quotes_grouped_by_resolved_speaker(export_doc):
    story = export_doc["stories"][0]
    story["quotes"][0]["speaker"] = "Elin Sorby"
    story["quotes"][0]["role"] = "a baker"
    story["quotes"][1]["role"] = "a baker on Quay Street"
    story["quotes"].append({"speaker": "officials", "entity": None, "text": "the dam was inspected", "article": story[
        "articles"][0], "sentence": 1, "direct": False})
    v = brief.story_view(export_doc, story)
    names = [sp["speaker"] for sp in v["quotes"]]
    assert names == ["Elin Sørby", "Tomas Lindqvist", "officials"]  # resolved people first, then groups
    elin = v["quotes"][0]
    assert elin["as"] == ["Elin Sorby"] and elin["roles"] == ["a baker on Quay Street"]
    assert len(elin["quotes"]) == 1 and len(elin["quotes"][0]["refs"]) == 2  # the same words, two reports


def test_brief_entities_and_chips_follow_salience():
    doc = {"articles": [{"id": "a1", "title": "T", "outlet": "O"}],
           "stories": [{"id": "s1", "articles": ["a1"], "entities": [
               {"id": "e1", "name": "Iraqi", "type": "NORP", "articles": ["a1"], "salience": 0.1,
                "variants": ["Iraqi"], "variant_counts": {"Iraqi": 3}},
               {"id": "e2", "name": "Baghouz", "type": "GPE", "articles": ["a1"], "salience": 1.0,
                "variants": ["Baghouz", "Bagouz"], "variant_counts": {"Baghouz": 2, "Bagouz": 1}},
               {"id": "e3", "name": "SDF", "type": "ORG", "articles": ["a1"], "salience": 0.6,
                "variants": ["SDF"], "variant_counts": {"SDF": 4}}]}]}
    story = doc["stories"][0]
    assert brief.story_summary(doc, story)["entities"] == ["Baghouz", "SDF", "Iraqi"]
    view = brief.story_view(doc, story)
    assert [e["name"] for e in view["entities"]] == ["Baghouz", "SDF", "Iraqi"]
    assert view["entities"][0]["variant_counts"] == {"Baghouz": 2, "Bagouz": 1}
    assert view["entities"][2]["variants"] == ["Iraqi"]
    story["entities"][1]["variants"] = ["Bagouz", "Baghouz"]
    assert brief.story_view(doc, story)["entities"][0]["variants"] == ["Baghouz", "Bagouz"]  # most used first
    # an export without salience keeps its order in the chips
    for e in story["entities"]:
        e.pop("salience")
    assert brief.story_summary(doc, story)["entities"] == ["Iraqi", "Baghouz", "SDF"]


def test_brief_compare_view_never_shows_one_value_in_both_columns(export_doc):
    """An article with sentences on both sides of a conflict (it reports both
    dates) takes neither side against another article: the value it shares
    with the other column is not shown in both."""
    import copy

    doc = copy.deepcopy(export_doc)
    story = doc["stories"][0]
    a, b = story["articles"][0], story["articles"][2]
    k2 = next(k for k in story["conflicts"] if k["id"] == "k2")
    k2["sides"][1]["sentences"].append({"article": a, "sentence": 4, "text": ""})
    v = brief.compare_view(doc, a, b)
    for k in v["conflicts"]:
        assert not set(k["a_value"].split(", ")) & set(k["b_value"].split(", "))
    # a reports both dates, b the second: a shows only the first.
    k = next(k for k in v["conflicts"] if k["id"] == "k2")
    assert (k["a_value"], k["b_value"]) == ("2023-09", "2023-10") and k["a_sentences"] == [3]
    # Both articles report both: nothing sets them against each other.
    k2["sides"][0]["sentences"].append({"article": b, "sentence": 4, "text": ""})
    assert not any(k["id"] == "k2" for k in brief.compare_view(doc, a, b)["conflicts"])


def test_brief_conflict_kind_severity_and_sides(export_doc):
    import copy

    doc = copy.deepcopy(export_doc)
    k1 = doc["stories"][0]["conflicts"][0]
    k1.update(kind="vague-vs-precise", severity="low")
    k1["sides"][0].update(said_by=["the river authority"], sources=["x"], first_reported="2024-03-13")
    view = brief.story_view(doc, doc["stories"][0])
    k = next(k for k in view["conflicts"] if k["id"] == "k1")
    assert k["badge"] == "Vague vs precise" and k["severity"] == "low"
    assert k["sides"][0]["said_by"] == ["the river authority"] and k["sides"][0]["first_reported"] == "2024-03-13"
    md = brief.render_markdown(doc)
    assert "Vague vs precise (low severity)" in md and "says: the river authority" in md
    html = brief.render_html(doc)
    assert "badge-low" in html and "first reported 2024-03-13" in html


def test_brief_a_claim_only_in_updates_is_labelled_updated(export_doc):
    # A rising toll is an update, not a disagreement: the claims whose
    # reports take a side only in updates say "Updated"; one that also takes
    # a side in a plain conflict still says "Conflicting".
    import copy

    doc = copy.deepcopy(export_doc)
    story = doc["stories"][0]
    k1 = story["conflicts"][0]
    cited = {(r["article"], r["sentence"]) for side in k1["sides"] for r in side["sentences"]}
    claims = [c for c in story["claims"] if c["verdict"] == "conflicting"
              and any((r["article"], r["sentence"]) in cited for r in c["reports"])]
    assert claims
    others = [k for k in story["conflicts"] if k is not k1]
    for k in others:  # only k1 cites these claims' sentences
        for side in k["sides"]:
            side["sentences"] = [r for r in side["sentences"] if (r["article"], r["sentence"]) not in cited]

    def badges(d):
        view = brief.story_view(d, d["stories"][0])
        return {c["badge"] for c in view["claims"] if c["id"] in {x["id"] for x in claims}}

    assert badges(doc) == {"Conflicting"}
    k1.update(kind="update", severity="low")
    assert badges(doc) == {"Updated"}
    assert "**UPDATED**" in brief.render_markdown(doc)
    k1.update(kind="vague-vs-precise")
    assert badges(doc) == {"Conflicting"}


def test_brief_statement_conflicts_say_their_kind(export_doc):
    import copy

    doc = copy.deepcopy(export_doc)
    k1 = doc["stories"][0]["conflicts"][0]
    k1.update(kind="where", slot="where", severity="high")
    view = brief.story_view(doc, doc["stories"][0])
    k = next(k for k in view["conflicts"] if k["id"] == "k1")
    assert k["badge"] == "Different place" and k["severity"] == "high"
    k1.update(kind="who", slot="who")
    assert "Different person: **" in brief.render_markdown(doc)


def test_brief_date_label_without_year():
    assert brief.date_label("--09") == "September (year not given)"
    assert brief.date_label("--01-10") == "10 January (year not given)"


def test_brief_timeline_says_where_a_year_was_inferred(export_doc):
    story = export_doc["stories"][0]
    a = story["articles"][0]
    story["timeline"][0]["year_inferred"] = {"from": "article", "article": a, "published": "2024-03-13"}
    story["timeline"][1]["year_inferred"] = {"from": "story", "published": "2024-03-14"}
    md = brief.render_markdown(export_doc)
    section = md.split("### Timeline", 1)[1].split("###", 1)[0]
    assert "year inferred from Northern Ledger's publication date, 13 March 2024" in section
    assert "year inferred from the story's other articles, latest published 14 March 2024" in section
    html = brief.render_html(export_doc)
    assert html.count('class="precision year-note"') == 2


def test_brief_story_title_is_the_best_real_headline(export_doc):
    story = export_doc["stories"][0]
    arts = {a["id"]: a for a in export_doc["articles"]}
    story["headline"] = "VARNHOLM, March 13 (NWA) - A dam collapsed overnight in the town …"
    for aid in story["articles"]:
        arts[aid]["meta_sources"] = {"title": "text:first-sentence"}
    arts[story["articles"][2]]["meta_sources"] = {"title": "html:og:title"}
    assert brief.story_summary(export_doc, story)["headline"] == arts[story["articles"][2]]["title"]
    assert brief.render_markdown(export_doc).count(f"## {arts[story['articles'][2]]['title']}") == 1


def test_brief_by_outlet_claims_sides_and_derivations(export_doc):
    v = brief.story_view(export_doc, export_doc["stories"][0])
    rows = {o["outlet"]: o for o in v["by_outlet"]}
    ledger, coastal = rows["Northern Ledger"], rows["Coastal Daily"]
    assert ledger["claims"] == 3 and ledger["corroborated"] == 1 and ledger["only_here"] == 0
    assert {x["value"] for x in coastal["sides"]} == {"more than 200", "2023-10"}
    assert [d["label"] for d in coastal["took_from"]] == ["Northern Ledger"] and coastal["taken_by"] == []
    assert [t["outlet"] for t in ledger["taken_by"]] == ["Coastal Daily"]
    assert rows["NWA"]["only_here"] == 1  # the evacuation, reported by the wire alone
    md = brief.render_markdown(export_doc)
    section = md.split("### By outlet", 1)[1].split("###", 1)[0]
    assert "**Coastal Daily**" in section and "cites [Northern Ledger]" in section and "taken up by [Coastal Daily]" in section


def test_brief_short_labels_never_a_path_word():
    arts = {
        "a1b2c3d4e5": {"path": "txt/tunnels-deir-hamadieh.txt"},
        "f6e7d8c9b0": {"path": "x/2010/story.html", "url": "https://www.example-news.com/2010/story"},
        "0a0b0c0d0e": {"path": "feed.jsonl#3", "outlet": "Meridian Press"},
        "1a1b1c1d1e": {"path": "feed.jsonl#4", "outlet": "Meridian Press"},
    }
    labels = brief._short_labels(list(arts), arts)
    assert labels["a1b2c3d4e5"] == "tunnels-deir-hamadieh.txt"
    assert labels["f6e7d8c9b0"] == "example-news.com"
    # two reports of one outlet stay apart by their id prefix
    assert labels["0a0b0c0d0e"] == "Meridian Press 0a0b0c"
    assert labels["1a1b1c1d1e"] == "Meridian Press 1a1b1c"


def test_brief_claim_opening_with_a_pronoun_names_its_speaker(export_doc):
    # "He added that ..." says nothing of who "he" is: the brief names the
    # speaker reconcile resolved; a claim that names its speaker gets nothing.
    story = export_doc["stories"][0]
    reports = story["claims"][0]["reports"]
    story["claims"].append({"id": "c-he", "text": "He added that the ferry had left an hour early.",
                            "verdict": "single-source", "reports": reports, "independent_sources": 1,
                            "slots": {"source": ["Marta Kovac"]}})
    story["claims"].append({"id": "c-named", "text": "Marta Kovac said the ferry had left an hour early.",
                            "verdict": "single-source", "reports": reports, "independent_sources": 1,
                            "slots": {"source": ["Marta Kovac"]}})
    md = brief.render_markdown(export_doc)
    assert "He added that the ferry had left an hour early. (said by Marta Kovac)" in md
    assert "Marta Kovac said the ferry had left an hour early. (said by" not in md
    assert "(said by Marta Kovac)" in brief.render_html(export_doc)


def test_brief_claim_cut_from_a_speakers_reported_words_names_the_speaker(export_doc):
    # "Both pilots said they believe ... and that the tower cleared them": the
    # claim cut from the words is theirs, not the writer's statement of fact.
    story = export_doc["stories"][0]
    reports = story["claims"][0]["reports"]
    art = reports[0]["article"]
    story.setdefault("quotes", []).append(
        {"speaker": "both pilots", "entity": None, "article": art, "sentence": reports[0]["sentence"],
         "direct": False, "cue": "said", "text": "they believe the runway was wet, and that the tower cleared them to land"})
    story["quotes"].append(
        {"speaker": "The harbour board", "entity": None, "article": art, "sentence": reports[0]["sentence"],
         "direct": False, "cue": "denied", "text": "a request from the ferry crews to reopen the pier"})
    for cid, text in [("c-cut", "The tower cleared them to land."), ("c-own", "The runway was closed on Tuesday.")]:
        story["claims"].append({"id": cid, "text": text, "verdict": "single-source", "reports": reports,
                                "independent_sources": 1, "slots": {"source": []}})
    md = brief.render_markdown(export_doc)
    assert "The tower cleared them to land. (said by both pilots)" in md
    assert "The runway was closed on Tuesday. (said by" not in md
    # a reporting verb other than "said" is shown: the board denied the request
    assert "“a request from the ferry crews to reopen the pier” (reported speech: denied)" in md
    assert "(reported speech: said)" not in md
    assert "reported speech: denied" in brief.render_html(export_doc)


def test_brief_matched_on_the_same_figure_says_so():
    # A pair aligned on its figures (reconcile.align.same_count) shows them:
    # its classifier probability alone would not explain the match.
    refs = brief._Refs({}, {"a1": "North", "a2": "South"})
    pair = {"a": {"article": "a1", "sentence": 3}, "b": {"article": "a2", "sentence": 8}, "probability": 0.39,
            "cosine": 0.63, "shared_numbers": ["12000"],
            "same_count": {"concept": "person", "contexts": ["fled"],
                           "figures": ["More than 12,000 people", "around 12,000 people"]}}
    lines = brief._why_matched({"alignment": [pair, {**pair, "same_count": None}]}, refs)
    assert lines[0].endswith("same figure: More than 12,000 people / around 12,000 people")
    assert "same figure" not in lines[1]


def test_brief_conflict_side_quotes_the_clauses_of_its_value():
    from newsprism.present.brief import side_excerpt

    long = ("The council handed a prize to the volunteers who rebuilt the old mill, said to be the oldest in the county, "
            "one of the 40 mills in the valley, thought to date from the twelfth century, while the owners of the "
            "land, who live abroad, have not commented on the plans so far")
    cut = side_excerpt(long, "40 mills")
    assert "one of the 40 mills in the valley" in cut
    assert cut.startswith("… ") and cut.endswith(" …")
    assert len(cut.split()) < len(long.split())
    assert "prize" not in cut
    # A short sentence, or a value not in it, is quoted whole.
    assert side_excerpt("Police said 40 people were hurt.", "40 people") == "Police said 40 people were hurt."
    assert side_excerpt(long, "seven bridges") == long


def test_brief_side_value_is_shown_without_tokeniser_spaces():
    # A corpus rebuilt from tokens writes ". 357 caliber" and "38 - caliber":
    # the side shows the figure as a reader writes it; ranges keep their spaces.
    from newsprism.present.brief import shown_value

    assert shown_value(". 357 caliber") == ".357 caliber"
    assert shown_value(". 38 - caliber") == ".38-caliber"
    assert shown_value("20 - 30 people") == "20 - 30 people"
    assert shown_value("some 450 fighters") == "some 450 fighters"


def test_brief_independent_reports_alike_but_unconfirmed_are_not_one_source(export_doc):
    # Two outlets grouped under the corroboration bar: "2 reports, 1
    # independent source" would say that one copied the other.  The count
    # says they are alike but not confirmed, and the pair's reading is shown.
    story = export_doc["stories"][0]
    first, second = story["articles"][:2]
    reports = [{"article": first, "sentence": 0, "text": "The ferry left an hour early."},
               {"article": second, "sentence": 2, "text": "The ferry sailed an hour ahead of time."}]
    pair = {"a": {"article": first, "sentence": 0}, "b": {"article": second, "sentence": 2},
            "probability": 0.7, "cosine": 0.8, "shared_words": ["ferry", "hour"], "cross_probability": 0.77,
            "independent": True}
    story["claims"].append({"id": "c-alike", "text": "The ferry left an hour early.", "verdict": "single-source",
                            "reports": reports, "independent_sources": 1, "alignment": [pair]})
    story["claims"].append({"id": "c-family", "text": "The ferry left an hour early, the wire said.",
                            "verdict": "single-source", "reports": reports, "independent_sources": 1,
                            "alignment": [{**pair, "independent": False}]})
    md = brief.render_markdown(export_doc)
    alike = next(line for line in md.splitlines() if "The ferry left an hour early. —" in line)
    assert "2 reports from 2 outlets, alike but not confirmed as one statement" in alike
    assert "1 independent source" not in alike
    assert "alike, not confirmed as one statement: classifier p=0.70" in md
    assert "cross-encoder read 0.77" in md
    family = next(line for line in md.splitlines() if "the wire said. —" in line)
    assert "2 reports, 1 independent source" in family
    html = brief.render_html(export_doc)
    assert "alike but not confirmed as one statement" in html


def test_brief_timeline_says_a_deadline_is_a_deadline(export_doc):
    import copy

    doc = copy.deepcopy(export_doc)
    story = doc["stories"][0]
    story["timeline"][0]["deadline"] = True
    words = brief.labels()["timeline_kind"]["deadline"]
    section = brief.render_markdown(doc).split("### Timeline", 1)[1].split("###", 1)[0]
    lines = [line for line in section.splitlines() if line.startswith("- ")]
    assert sum(words in line for line in lines) == 1 and len(lines) > 1
    assert brief.render_html(doc).count('class="precision kind-note"') == 1


def test_brief_claim_cut_inside_a_quote_shows_it_closed(export_doc):
    import copy

    doc = copy.deepcopy(export_doc)
    story = doc["stories"][0]
    cut = "\u201cNobody on this street was ever asked about the new depot..."
    story["claims"][0]["text"] = cut
    story["timeline"][0]["text"] = "\u201cThe depot opened on a Sunday, when nobody could object."
    md = brief.render_markdown(doc)
    assert "new depot...\u201d" in md and "could object.\u201d" in md
    html = brief.render_html(doc)
    assert "new depot...\u201d" in html
    # closed, balanced or inch marks stay as they were
    assert brief.closed_quotes("She said \u201cno\u201d twice.") == "She said \u201cno\u201d twice."
    assert brief.closed_quotes('A 12" screen costs more.') == 'A 12" screen costs more.'
    assert brief.closed_quotes('"It will rain...') == '"It will rain..."'


def test_brief_later_sentence_of_a_quotation_names_its_speaker():
    # '"The pumps failed twice," Ada Roy said. "Nobody fixed them."': the
    # second sentence is her words, not the outlet's finding.
    arts = {"art1": {"quotes": [{"speaker": "Ada Roy", "direct": True, "sentence": 3, "sentences": [3, 4]}]}}
    later = {"text": "Nobody fixed them before the storm.", "reports": [{"article": "art1", "sentence": 4}]}
    assert brief._said_by(later, articles=arts) == "Ada Roy"
    # the sentence that gives the speaker, a sentence outside the quotation,
    # or one that names the speaker already: nothing added
    cue = {"text": "The pumps failed twice, she said.", "reports": [{"article": "art1", "sentence": 3}]}
    outside = {"text": "The storm reached the coast at dawn.", "reports": [{"article": "art1", "sentence": 5}]}
    named = {"text": "Roy said nobody fixed them before the storm.", "reports": [{"article": "art1", "sentence": 4}]}
    assert [brief._said_by(c, articles=arts) for c in (cue, outside, named)] == ["", "", ""]
    # an indirect quotation is no quotation of her words
    arts["art1"]["quotes"][0]["direct"] = False
    assert brief._said_by(later, articles=arts) == ""
