from newsprism.group import explain
from newsprism.group.explain import story_evidence
from newsprism.present.show import format_story_evidence


def _doc():
    arts = [
        {"id": "a1", "text": "Judge Owen Tarr sentenced Marta Quell in Halbrook for mining fraud."},
        {"id": "a2", "text": "Marta Quell was sentenced in Halbrook; the mining fraud cost pensioners."},
        {"id": "a3", "text": "A storm closed the harbour of Port Kessel."},
    ]
    story = {"id": "s1", "articles": ["a1", "a2"],
             "entities": [{"name": "Marta Quell", "articles": ["a1", "a2"]},
                          {"name": "Owen Tarr", "articles": ["a1"]}],
             "timeline": [{"date": "2022-05-12", "articles": ["a1", "a2"]}]}
    sims = [{"a": "a1", "b": "a2", "overall": 1.6, "evidence": {"entities": ["both name Marta Quell", "only A: Tarr"]}}]
    return {"articles": arts, "stories": [story], "similarity": sims}, story


def test_explain_story_evidence_lists_what_members_share():
    doc, story = _doc()
    ev = story_evidence(doc, story)
    assert ev["names"] == ["Marta Quell (2/2)"]  # a name of one article only is not shared evidence
    assert ev["dates"] == ["2022-05-12 (2/2)"]
    terms = [t.split(" ")[0] for t in ev["terms"]]
    # words both articles use, not those of one only, nor the names listed above
    assert "fraud" in terms and "harbour" not in terms and "tarr" not in terms and "quell" not in terms
    assert ev["weakest"]["overall"] == 1.6 and ev["weakest"]["shared"] == ["both name Marta Quell"]
    lines = format_story_evidence(ev)
    assert any(line.strip().startswith("shared names: Marta Quell") for line in lines)
    assert "weakest 1.60 (somewhat similar)" in lines[-1]


def test_explain_story_evidence_flags_a_weak_pair_with_nothing_in_common():
    doc, story = _doc()
    doc["similarity"] = [{"a": "a1", "b": "a2", "overall": 3.4, "evidence": {}}]
    lines = format_story_evidence(story_evidence(doc, story))
    assert lines[-2].endswith("no name or date in common") and "somewhat dissimilar" in lines[-2]
    # and says which setting to move, which way
    assert "raise group.link_cosine" in lines[-1]


def test_explain_story_evidence_gives_no_hint_for_a_close_story():
    doc, story = _doc()
    ev = story_evidence(doc, story)
    assert ev["hint"] is None and not any("group.link_cosine" in line for line in format_story_evidence(ev))


def test_explain_single_article_story_has_no_evidence():
    doc, _ = _doc()
    ev = story_evidence(doc, {"id": "s2", "articles": ["a3"]})
    assert ev["pairs"] == 0 and format_story_evidence(ev) == []


def test_explain_web_story_list_shows_why():
    html = _web_story_list(*_doc())
    assert "Why these 2 articles are one story" in html
    assert "Shared names: Marta Quell (2/2)" in html and "/compare?a=a1&amp;b=a2" in html
    assert "group.link_cosine" not in html


def test_explain_web_story_list_says_which_setting_to_move_for_a_doubtful_story():
    doc, story = _doc()
    doc["similarity"] = [{"a": "a1", "b": "a2", "overall": 3.4, "evidence": {}}]
    html = _web_story_list(doc, story)
    assert "no name or date in common" in html and "raise group.link_cosine" in html


def _web_story_list(doc, story):
    from fastapi.testclient import TestClient

    from newsprism.config import load_config
    from newsprism.present.web import create_app

    doc = {"schema": "newsprism/1", "generator": "test", "duplicates": [], **doc,
           "stories": [{**story, "headline": "Quell sentenced", "claims": [], "conflicts": [], "quotes": [],
                        "derivations": []}]}
    for a in doc["articles"]:
        a.update(title=a["text"][:30], outlet="Test", published="2022-05-12", path=a["id"] + ".txt")
    client = TestClient(create_app(document=doc, config=load_config(env={})), base_url="http://127.0.0.1")
    return client.get("/").text


def test_explain_story_evidence_ranks_terms_by_rarity_when_the_story_is_the_whole_document():
    # Two articles, one story: every shared word is in every article of the
    # document, so only its rarity in English can rank it; before, every
    # weight was 0 and the terms came out in alphabetical order.
    arts = [{"id": "b1", "text": "Another attempt at annexation worried the border guards again."},
            {"id": "b2", "text": "Another attempt at annexation, the guards said again."}]
    story = {"id": "s1", "articles": ["b1", "b2"], "entities": [], "timeline": []}
    doc = {"articles": arts, "stories": [story], "similarity": []}
    terms = [t.split(" ")[0] for t in story_evidence(doc, story)["terms"]]
    assert terms[0] == "annexation" and terms.index("guards") < terms.index("another")


def test_explain_evidence_for_all_is_each_story_evidence():
    # evidence_for_all sorts the similarities by story once and weighs each
    # word once: the same evidence as story_evidence of each story alone.
    from newsprism.group.explain import evidence_for_all

    doc, story = _doc()
    doc["articles"].append({"id": "a4", "text": "Port Kessel harbour reopened after the storm closed it."})
    other = {"id": "s2", "articles": ["a3", "a4"], "entities": [], "timeline": []}
    lone = {"id": "s3", "articles": ["a5"], "entities": [], "timeline": []}
    doc["similarity"] = [{"a": "a3", "b": "a4", "overall": 2.2, "evidence": {}},
                         {"a": "a1", "b": "a3", "overall": 3.9, "evidence": {}},  # across stories: in neither
                         {"a": "a2", "b": "a1", "overall": 1.6, "evidence": {}},
                         {"a": "a1", "b": "a2", "overall": 2.4, "evidence": {}}]
    stories = [story, other, lone]
    doc["stories"] = stories
    every = evidence_for_all(doc, stories)
    assert every == {s["id"]: story_evidence(doc, s) for s in stories}
    assert every["s1"]["pairs"] == 2 and every["s1"]["mean"] == 2.0 and every["s2"]["pairs"] == 1
    assert "harbour (2/2)" in every["s2"]["terms"] and every["s3"]["pairs"] == 0


def test_explain_story_evidence_says_a_lead_join_and_the_setting_to_move():
    doc, story = _doc()
    story = {**story, "grouping": [
        {"rule": "linkage", "parts": [["a1"]], "link": 1.3, "lead_cosine": None, "between": None},
        {"rule": "leads", "parts": [["a1", "x", "y"], ["a2", "z", "w"]], "link": 0.91, "lead_cosine": 0.62,
         "between": None}]}
    ev = story_evidence(doc, story)
    assert [st["rule"] for st in ev["steps"]] == ["linkage", "leads"]
    leads = ev["steps"][1]
    assert leads["sizes"] == [3, 3] and "leads agree" in leads["text"] and "0.91" in leads["text"] \
        and "0.62" in leads["text"]
    assert "[leads] cosine" in leads["hint"] and ev["steps"][0]["hint"] is None
    lines = format_story_evidence(ev)
    assert any(line.strip().startswith("joined: two stories of full articles (3 + 3)") for line in lines)
    assert any("[leads] cosine" in line for line in lines)
    html = _web_story_list(doc, story)
    assert "joined because their leads agree" in html and "[leads] cosine" in html


def test_explain_story_evidence_without_grouping_steps_lists_none():
    doc, story = _doc()
    ev = story_evidence(doc, story)
    assert ev["steps"] == [] and not any("joined:" in line for line in format_story_evidence(ev))


def test_explain_evidence_with_kept_word_bags_is_the_evidence_without(monkeypatch):
    # The bags kept by text weigh only the texts not kept; the evidence is
    # the one the document's own words give, to the last digit.
    doc, story = _doc()
    doc["stories"].append({"id": "s2", "articles": ["a3"]})
    plain = explain.evidence_for_all(doc, doc["stories"])
    kept: dict = {}
    first = explain.article_words(doc, kept=lambda keys: {k: kept[k] for k in keys if k in kept})
    assert set(first.new) == first.keys and len(first.keys) == 3
    assert explain.evidence_for_all(doc, doc["stories"], words=first.bags) == plain
    kept.update(first.new)
    doc["articles"].append({"id": "a4", "text": "Quell's lawyer said the fraud ruling would be appealed in Halbrook."})
    doc["stories"][0]["articles"].append("a4")
    weighed = []
    real = explain._words
    monkeypatch.setattr(explain, "_words", lambda text, *a: (weighed.append(text), real(text, *a))[1])
    second = explain.article_words(doc, kept=lambda keys: {k: kept[k] for k in keys if k in kept})
    assert weighed == [doc["articles"][-1]["text"]] and len(second.new) == 1
    monkeypatch.setattr(explain, "_words", real)
    assert explain.evidence_for_all(doc, doc["stories"], words=second.bags) == explain.evidence_for_all(doc, doc["stories"])
    # a text changed under the same id is weighed again
    doc["articles"][0]["text"] += " The mine closed."
    third = explain.article_words(doc, kept=lambda keys: {k: kept[k] for k in keys if k in kept})
    assert len(third.new) == 2 and third.bags["a1"] != second.bags["a1"]


def test_explain_step_evidence_says_a_move_under_the_bar_and_its_setting():
    under = explain.step_evidence({"rule": "reassign", "parts": [["a1", "a2"], ["a3"]], "link": 0.91})
    over = explain.step_evidence({"rule": "reassign", "parts": [["a1", "a2"], ["a3"]], "link": 1.2})
    assert "moved here" in under["text"] and "0.91" in under["text"] and "reassign_margin" in under["text"]
    assert "moved here" in over["text"] and "reassign_margin" not in over["text"]
