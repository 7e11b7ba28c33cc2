from __future__ import annotations

from newsprism.analyze.mentions import extract_lemmas, extract_mentions
from newsprism.analyze.nlp import entity_patterns


def test_mentions_ruler_names_are_org(nlp):
    doc = nlp("Isis and Daesh fighters fled as the SDF and the FDS advanced; Da’esh lost ground.")
    ments = extract_mentions(doc)
    org = {m.text for m in ments if m.label == "ORG" and m.rule.startswith("ruler:")}
    assert {"Isis", "Daesh", "SDF", "FDS", "Da’esh"} <= org


def test_mentions_patterns_have_rule_ids():
    pats = entity_patterns()
    assert pats and all(p["id"].startswith("ruler:") and p["label"] for p in pats)


def test_mentions_surname_relabelled_person(nlp):
    doc = nlp("Abu Bakr al-Baghdadi fled to the desert. Baghdadi was seen in January. Baghdadi was ill.")
    ments = extract_mentions(doc)
    assert all(m.label == "PERSON" for m in ments if "Baghdadi" in m.text)
    assert {e.label_ for e in doc.ents if "Baghdadi" in e.text} == {"PERSON"}  # written back to the doc


def test_mentions_seed_000_isis_org(seed_analysis):
    a = seed_analysis("000")
    isis = [m for m in a.mentions if m.text == "Isis"]
    assert isis and all(m.label == "ORG" for m in isis)
    assert all(0 <= m.sentence < len(a.sentences) for m in a.mentions)


def test_mentions_lemmas_content_words(nlp):
    doc = nlp("The fighters were killing the guards. It is.")
    lemmas = extract_lemmas(doc)
    assert len(lemmas) == 2
    assert "fighter" in lemmas[0] and "kill" in lemmas[0] and "the" not in lemmas[0]
