"""Key facts ranked by salience, the story's title and its independent sources."""

from __future__ import annotations

import copy
import json
import re

from newsprism.present import brief, facts
from newsprism.present.export import build_export

STORY = 0


def _titles(doc):
    return {a["id"]: a.get("title") or "" for a in doc["articles"]}


def test_facts_rank_key_facts_leaves_disputed_and_ranks_by_sources(export_doc):
    story = export_doc["stories"][STORY]
    ranked = facts.rank_key_facts(story, _titles(export_doc))
    # c2 and c4 are in conflicts: they stand under the conflicts instead
    assert ranked == ["c1", "c3"]
    assert facts.rank_key_facts(story, _titles(export_doc), limit=1) == ["c1"]


def test_facts_salience_lead_sentence_and_central_entity_weigh_more(export_doc):
    story = export_doc["stories"][STORY]
    mentions = facts._mention_index(story)
    claim = {"id": "x", "text": "A later sentence about the dam and the town", "verdict": "single-source",
             "independent_sources": 1, "values": [], "reports": [{"article": "zz", "sentence": 5, "text": ""}]}
    lead = copy.deepcopy(claim)
    lead["reports"][0]["sentence"] = 0
    assert facts.claim_salience(lead, mentions) > facts.claim_salience(claim, mentions)
    story["entities"][0]["salience"] = 1.0  # Varnholm, named in sentence 0 of each article
    central = copy.deepcopy(lead)
    central["reports"][0]["article"] = story["entities"][0]["mentions"][0][0]
    assert facts.claim_salience(central, facts._mention_index(story)) > facts.claim_salience(lead, mentions)
    two = copy.deepcopy(claim)
    two["independent_sources"] = 3
    assert facts.claim_salience(two, mentions) > facts.claim_salience(claim, mentions)


def test_facts_key_facts_exclude_furniture_and_fragments(export_doc):
    story = export_doc["stories"][STORY]
    base = {"verdict": "corroborated", "independent_sources": 5, "values": []}
    story["claims"] += [
        {**base, "id": "cap", "text": "Residents wade through the flooded lower town on Wednesday (AFP).",
         "reports": [{"article": story["articles"][0], "sentence": 0, "text": ""}]},
        {**base, "id": "frag", "text": "The dam held.", "reports": [{"article": story["articles"][0], "sentence": 0}]},
        {**base, "id": "head", "text": "Dam gives way above Varnholm",
         "reports": [{"article": story["articles"][0], "sentence": 0, "text": ""}]},
    ]
    ranked = facts.rank_key_facts(story, _titles(export_doc))
    assert not {"cap", "frag", "head"} & set(ranked)


def test_facts_best_headline_prefers_a_real_headline():
    arts = {
        "a": {"title": "New details appeared on the plot against the leader of the group, witnesses …",
              "meta_sources": {"title": "text:first-sentence"}},
        "b": {"title": "The group cornered in a square kilometre of land", "meta_sources": {"title": "text:first-line"}},
        "c": {"title": "Siege of the river town enters its sixth month", "meta_sources": {"title": "sidecar:title"}},
    }
    story = {"headline": arts["a"]["title"], "articles": ["a", "b"]}
    assert facts.best_headline(story, arts) == arts["b"]["title"]
    story["articles"] = ["a", "b", "c"]
    assert facts.best_headline(story, arts) == arts["c"]["title"]
    story["articles"] = ["a"]  # nothing better: the grouping's choice stands
    assert facts.best_headline(story, arts) == arts["a"]["title"]


def test_facts_story_sources_count_derivation_families(export_doc):
    story = export_doc["stories"][STORY]
    # B cites A, C is wire copy of NWA: two independent sources among three articles
    assert facts.story_sources(story) == 2
    story["derivations"] = []
    assert facts.story_sources(story) == 3


def test_facts_brief_reads_summary_conflicts_key_facts_then_all_claims(export_doc):
    md = brief.render_markdown(export_doc)
    sec = brief.labels()["sections"]
    summary = "**3 articles · 3 outlets · 2 independent sources · 1 corroborated · 2 conflicts · 1 single-source claim**"
    assert summary in md
    pos = [md.index(x) for x in (summary, f"### {sec['conflicts']}", f"### {sec['facts']}",
                                 f"### {sec['all_claims']}")]
    assert pos == sorted(pos)
    html = brief.render_html(export_doc)
    assert "2 independent sources · 1 corroborated" in html
    key = html.split('<ol class="facts key-facts">', 1)[1].split("</ol>", 1)[0]
    assert re.findall(r'id="claim-(\w+)"', key) == ["c1", "c3"]
    assert html.index('id="s0a1b2c3d4e-conflicts"') < html.index('id="s0a1b2c3d4e-facts"')


def test_facts_export_carries_key_facts_in_brief_order(export_doc):
    from newsprism.model import AnalyzedArticle, Article, Claim, Report, Sentence, Story, StoryReport

    t1 = "Rescue teams evacuated 300 residents of the lower town on Wednesday. The river rose overnight."
    a1 = AnalyzedArticle(article=Article(id="x1", path="one.txt", text=t1, title="Town evacuated",
                                         meta_sources={"title": "sidecar:title"}),
                         sentences=[Sentence(0, 0, 68, t1[:68]), Sentence(1, 69, len(t1), t1[69:])])
    claims = [Claim("c1", t1[69:], "single-source", [Report("x1", 1, t1[69:])], 1),
              Claim("c2", t1[:68], "single-source", [Report("x1", 0, t1[:68])], 1,
                    values=[{"slot": "how_many", "value": 300}])]
    report = StoryReport(story=Story("s1", ["x1"], headline="Town evacuated"), entities=[], quotes=[],
                         claims=claims, conflicts=[], timeline=[], derivations=[])
    doc = build_export([a1], [report])
    story = doc["stories"][0]
    assert story["key_facts"] == ["c2"]  # "The river rose overnight." is a fragment; c2 leads
    assert story["title"] == "Town evacuated" and story["independent_sources"] == 1
    json.dumps(doc)
    md = brief.render_markdown(doc)
    assert md.index("Rescue teams evacuated 300") < md.index("The river rose overnight")


def test_facts_examples_briefs_are_short_and_clean(seed_db, capsys):
    from newsprism.cli import main
    from newsprism.reconcile.furniture import furniture_kind

    assert main(["brief", "--db", str(seed_db), "-q", "--format", "json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    titles = _titles(doc)
    for story in doc["stories"]:
        claims = {c["id"]: c for c in story["claims"]}
        assert len(story["key_facts"]) <= 12
        for cid in story["key_facts"]:
            c = claims[cid]
            first = c["reports"][0]["article"]
            assert furniture_kind(c["text"], title=titles[first]) is None, c["text"]
            assert c["text"].strip() not in set(titles.values())
        # the title is an article's headline, not a cut first sentence
        assert not story["title"].endswith("…") and story["title"] in set(titles.values())


def test_facts_summary_counts_articles_without_an_outlet_apart():
    line = brief.summary_line({"articles": 3, "outlets": ["Clarin"], "no_outlet": 2, "independent_sources": 3,
                               "corroborated": 0, "conflicts": 1, "single_source": 40})
    assert line.startswith("3 articles · 1 outlet · 2 with no outlet named · 3 independent sources")
    one = brief.summary_line({"articles": 1, "outlets": ["Clarin"], "no_outlet": 0, "independent_sources": 1,
                              "corroborated": 0, "conflicts": 0, "single_source": 1})
    assert one == "1 article · 1 outlet · 1 independent source · 0 corroborated · 0 conflicts · 1 single-source claim"


def test_facts_fact_in_passing_is_not_a_key_fact_beside_its_sentence():
    whole = "Irena Voss, head of the fire service, said four firefighters were among the dead."
    part = "Irena Voss, head of the fire service"
    story = {"claims": [
        {"id": "c1", "text": whole, "verdict": "single-source", "independent_sources": 1,
         "reports": [{"article": "a", "sentence": 3, "text": whole}]},
        {"id": "c2", "text": part, "verdict": "corroborated", "independent_sources": 2,
         "reports": [{"article": "a", "sentence": 3, "text": part}, {"article": "b", "sentence": 5, "text": part}]},
        {"id": "c3", "text": part, "verdict": "corroborated", "independent_sources": 2,
         "reports": [{"article": "a", "sentence": 3, "text": part}]},
    ], "conflicts": [], "entities": []}
    story["claims"][1]["reports"][1]["text"] = "Irena Voss, head of the fire service, spoke on Tuesday about the search."
    ranked = facts.rank_key_facts(story, {})
    # c3 is only said inside c1's sentence; c2 has a report of its own (b s5 is not inside a longer claim)
    assert "c1" in ranked and "c3" not in ranked and "c2" in ranked


def test_facts_core_corroborated_inside_single_source_sentences_is_a_key_fact():
    # Each outlet's whole sentence adds its own circumstance (single-source);
    # the core all of them state is corroborated: the key fact is the core.
    core = "Governor Ellen Marsh on Monday dismissed Harbour Commissioner Tom Reddy"
    wholes = {"a": core + ", a holdover from the last administration.",
              "b": core + " amid a dispute over the ferry budget."}
    claims = [{"id": f"w{k}", "text": t, "verdict": "single-source", "independent_sources": 1,
               "reports": [{"article": k, "sentence": 0, "text": t}]} for k, t in wholes.items()]
    claims.append({"id": "core", "text": core, "verdict": "corroborated", "independent_sources": 2,
                   "reports": [{"article": k, "sentence": 0, "text": core} for k in wholes]})
    ranked = facts.rank_key_facts({"claims": claims, "conflicts": [], "entities": []}, {})
    assert "core" in ranked
    # ... but a part as weak as its sentence stays under All claims.
    claims[-1].update(verdict="single-source", independent_sources=1)
    assert "core" not in facts.rank_key_facts({"claims": claims, "conflicts": [], "entities": []}, {})


def test_facts_web_address_is_never_the_story_title():
    arts = {"a": {"title": "http: / / news. example. com / world / flood - 12 /", "meta_sources": {"title": "text:first-line"}},
            "b": {"title": "Flood waters reach the old town", "meta_sources": {"title": "text:first-sentence"}}}
    story = {"articles": ["a", "b"], "headline": arts["a"]["title"]}
    assert facts.best_headline(story, arts) == "Flood waters reach the old town"


def test_facts_page_update_stamp_is_never_the_story_title():
    arts = {"a": {"title": "21 July 2013 Last updated at 11:11 GMT.", "meta_sources": {"title": "text:first-line"}},
            "b": {"title": "Fire guts the town supermarket", "meta_sources": {"title": "text:first-sentence"}}}
    story = {"articles": ["a", "b"], "headline": arts["a"]["title"]}
    assert facts.best_headline(story, arts) == "Fire guts the town supermarket"


def test_facts_a_date_line_is_never_the_story_title():
    # A page whose first line is only its date ("Friday, March 08, 2013.")
    # or a time stamp gives no headline; a headline that starts with a date
    # ("March floods kill 12") still is one.
    arts = {"a": {"title": "Friday, March 08, 2013.", "meta_sources": {"title": "text:first-line"}},
            "b": {"title": "9:53 AM, MON 22 JUL 2013.", "meta_sources": {"title": "text:first-line"}},
            "c": {"title": "Guard sets the school scoring record", "meta_sources": {"title": "text:first-sentence"}}}
    story = {"articles": ["a", "b", "c"], "headline": arts["a"]["title"]}
    assert facts.best_headline(story, arts) == "Guard sets the school scoring record"
    dated = {"d": {"title": "March floods kill 12 in the valley", "meta_sources": {"title": "text:first-line"}}}
    assert facts.best_headline({"articles": ["d"], "headline": ""}, dated) == "March floods kill 12 in the valley"
    # the stamp's own words: "Posted ...", "... | Updated 8:52 PM EDT."; a
    # headline that says something was posted still is one
    for stamp in ("Posted 12 / 19 / 2005 3:36 PM.", "Friday, Sep 10, 2010 | Updated 8:52 PM EDT."):
        arts["a"]["title"] = stamp
        assert facts.best_headline({**story, "headline": stamp}, arts) == "Guard sets the school scoring record"
    posted = {"e": {"title": "Bail posted at 2 million for the driver", "meta_sources": {"title": "text:first-line"}}}
    assert facts.best_headline({"articles": ["e"], "headline": ""}, posted) == "Bail posted at 2 million for the driver"


def test_facts_story_of_stamped_pages_takes_its_first_real_sentence_as_title():
    # Both pages' titles are time stamps: the story's title is the first
    # sentence that is not one.
    text = "10:24 AM, MON 22 JUL 2013. Fire at the town supermarket may have been arson. Police are investigating."
    arts = {"a": {"title": "10:24 AM, MON 22 JUL 2013.", "meta_sources": {"title": "text:first-line"}, "text": text,
                  "sentences": [{"index": 0, "start": 0, "end": 26}, {"index": 1, "start": 27, "end": 76},
                                {"index": 2, "start": 77, "end": len(text)}]}}
    story = {"articles": ["a"], "headline": arts["a"]["title"]}
    assert facts.best_headline(story, arts) == "Fire at the town supermarket may have been arson."


def _toll_story(part_verdict="conflicting", restated=False):
    whole = "The toll stood at 19 dead, including three divers, and more than 60 injured."
    part = "19 dead, including three divers"
    other = "The coastguard said three divers were among the dead."
    part_reports = [{"article": "a", "sentence": 2, "text": part}]
    if restated:
        part_reports.append({"article": "b", "sentence": 4, "text": other})
    return {"id": "s1", "articles": ["a", "b"], "claims": [
        {"id": "c1", "text": whole, "verdict": "conflicting", "independent_sources": 1,
         "reports": [{"article": "a", "sentence": 2, "text": whole}]},
        {"id": "c2", "text": part, "verdict": part_verdict, "independent_sources": 1 + restated,
         "reports": part_reports},
        {"id": "c3", "text": other, "verdict": "single-source", "independent_sources": 1,
         "reports": [{"article": "b", "sentence": 4, "text": other}]},
    ], "conflicts": [], "entities": [], "derivations": []}


def test_facts_part_said_only_inside_its_sentence_is_read_on_the_sentences_line():
    story = _toll_story()
    assert facts.parts_shown_whole(story) == {"c2": "c1"}
    arts = [{"id": a, "path": f"{a}.txt", "title": a, "text": "", "sentences": []} for a in ("a", "b")]
    md = brief.render_markdown({"schema": "newsprism/1", "articles": arts, "stories": [story]})
    # one CONFLICTING line for the statement, not two; the part's anchor is on it
    assert md.count("**CONFLICTING**") == 1
    line = next(x for x in md.splitlines() if "**CONFLICTING**" in x)
    assert "The toll stood at 19 dead" in line
    assert 'id="c-' in line and line.count('<a id="c-') == 2
    html = brief.render_html({"schema": "newsprism/1", "articles": arts, "stories": [story]})
    assert 'id="claim-c2"' not in html and 'id="claim-c1"' in html


def test_facts_part_restated_by_another_article_or_with_its_own_verdict_keeps_its_line():
    # restated by b: its reports say who else gives it
    assert facts.parts_shown_whole(_toll_story(restated=True)) == {}
    # a verdict the sentence's line does not carry belongs to the part
    assert facts.parts_shown_whole(_toll_story(part_verdict="single-source")) == {}


def _core_story(shown: str, part_sources: int = 1):
    # One outlet's two copies (a, b) cut their sentence's core; the whole
    # sentences group with another outlet's (c) and are corroborated.
    core = "The coastguard seized the ferry and its cargo of 40 stolen cars near Dover"
    whole = core + ", the second such seizure since the patrols began in May."
    return {"id": "s1", "articles": ["a", "b", "c"], "claims": [
        {"id": "c1", "text": shown, "verdict": "corroborated", "independent_sources": 2,
         "reports": [{"article": "a", "sentence": 3, "text": whole}, {"article": "b", "sentence": 5, "text": whole},
                     {"article": "c", "sentence": 2, "text": shown}]},
        {"id": "c2", "text": core, "verdict": "corroborated" if part_sources > 1 else "single-source",
         "independent_sources": part_sources,
         "reports": [{"article": "a", "sentence": 3, "text": core}, {"article": "b", "sentence": 5, "text": core}]},
    ], "conflicts": [], "entities": [], "derivations": [{"derived": "b", "source": "a"}]}


def test_facts_core_of_sentences_a_corroborated_line_holds_is_read_on_that_line():
    story = _core_story("Near Dover the coastguard seized a ferry and its cargo of 40 stolen cars.")
    assert facts.parts_shown_whole(story) == {"c2": "c1"}
    arts = [{"id": a, "path": f"{a}.txt", "title": a, "text": "", "sentences": []} for a in ("a", "b", "c")]
    md = brief.render_markdown({"schema": "newsprism/1", "articles": arts, "stories": [story]})
    assert "SINGLE SOURCE" not in md and md.count("**CORROBORATED**") == 1


def test_facts_core_the_corroborated_line_does_not_state_keeps_its_line():
    # The line's text leaves out most of what the core says, or gives
    # another figure: the core is not read there.
    assert facts.parts_shown_whole(_core_story("The coastguard seized a ferry.")) == {}
    assert facts.parts_shown_whole(_core_story("Near Dover the coastguard seized a ferry and its cargo of 14 stolen "
                                               "cars.")) == {}
    # more independent sources than the line: it says who else gives it
    assert facts.parts_shown_whole(_core_story("Near Dover the coastguard seized a ferry and its cargo of 40 stolen "
                                               "cars.", part_sources=3)) == {}


def test_facts_brief_says_why_a_retelling_and_its_source_are_one_statement():
    # A single source's claim whose two reports a retelling's rule matched
    # shows that match (the evidence of why the two are one statement).
    pair = {"a": {"article": "a", "sentence": 1}, "b": {"article": "b", "sentence": 2}, "probability": 0.62,
            "cosine": 0.74, "shared_words": ["car"], "shared_names": [], "shared_numbers": [],
            "retelling": {"cosine": 0.74, "closest": True}}
    text = "The minister drove an old grey Saab."
    story = {"id": "s1", "articles": ["a", "b"], "derivations": [], "conflicts": [], "entities": [], "claims": [
        {"id": "c1", "text": text, "verdict": "single-source", "independent_sources": 1, "alignment": [pair],
         "reports": [{"article": "a", "sentence": 1, "text": text},
                     {"article": "b", "sentence": 2, "text": "the minister was driving a grey Sab"}]}]}
    arts = [{"id": a, "path": f"{a}.txt", "title": a, "text": "", "sentences": []} for a in ("a", "b")]
    md = brief.render_markdown({"schema": "newsprism/1", "articles": arts, "stories": [story]})
    (line,) = [x for x in md.splitlines() if "matched:" in x]
    assert "a retelling's restatement, classifier p=0.62" in line and "each the other's closest sentence" in line
    # without the rule's evidence a single source's pair is not explained (as before)
    del pair["retelling"]
    md = brief.render_markdown({"schema": "newsprism/1", "articles": arts, "stories": [story]})
    assert "matched:" not in md
