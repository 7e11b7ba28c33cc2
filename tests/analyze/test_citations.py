from __future__ import annotations

from newsprism.analyze.citations import canonical_source, extract_citations
from newsprism.analyze.quotes import find_attributions


def _cite(nlp, text, **kw):
    doc = nlp(text)
    return extract_citations(doc, find_attributions(doc), **kw)


def test_citations_canonical_source_aliases():
    assert canonical_source("the Guardian") == ("The Guardian", "outlet")
    assert canonical_source("Agence France-Presse") == ("AFP", "agency")
    assert canonical_source("Acme Weekly") is None


def test_citations_according_to_and_told(nlp):
    cites = _cite(nlp, "The army withdrew, according to Reuters. A commander told the BBC that the town fell.")
    got = {(c.source, c.kind) for c in cites}
    assert ("Reuters", "agency") in got
    assert ("BBC", "outlet") in got


def test_citations_bare_mention_is_not_citation(nlp):
    cites = _cite(nlp, "Reuters opened a new office in the city centre last year.")
    assert not [c for c in cites if c.kind in ("outlet", "agency")]


def test_citations_anaphor_resolves_to_last_outlet(nlp):
    text = "The Guardian reported that the talks failed.\n\nThe newspaper said that officials were surprised."
    cites = _cite(nlp, text)
    anaphor = [c for c in cites if c.text == "The newspaper"]
    assert anaphor and anaphor[0].source == "The Guardian" and anaphor[0].kind == "outlet"
    assert anaphor[0].sentences == [1]


def test_citations_own_outlet_not_cited(nlp):
    cites = _cite(nlp, "A witness told the Guardian that the village was empty.", outlet="The Guardian")
    assert not [c for c in cites if c.kind == "outlet"]


def test_citations_unnamed_and_document(nlp):
    cites = _cite(nlp, "An intelligence official said the attack failed. A statement said that two men died.")
    kinds = {c.kind for c in cites}
    assert {"unnamed", "document"} <= kinds


def test_citations_seed_001_guardian(seed_analysis):
    a = seed_analysis("001")
    guardian = [c for c in a.citations if c.source == "The Guardian" and c.kind == "outlet"]
    assert guardian
    assert 0 in guardian[0].sentences
    # "the newspaper said" later in the article resolves to the Guardian too
    assert any(c.text.lower() == "the newspaper" for c in guardian)


def test_citations_seed_004_afp(seed_analysis):
    a = seed_analysis("004")
    afp = [c for c in a.citations if c.source == "AFP"]
    assert afp and all(c.kind == "agency" for c in afp)
    assert not [c for c in a.citations if c.kind == "outlet" and c.text == "(OSDH)"]


def test_citations_seed_001_newspaper_quote_named(seed_analysis):
    a = seed_analysis("001")
    by_paper = [q for q in a.quotes if q.speaker_text and q.speaker_text.lower() == "the newspaper"]
    assert by_paper and all(q.speaker == "The Guardian" for q in by_paper)
