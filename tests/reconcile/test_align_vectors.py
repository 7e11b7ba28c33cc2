"""Claim alignment's use of the sentence transformer: only units that can
be paired are encoded."""

import newsprism.analyze.embed as embed
from newsprism.reconcile.align import score_pairs
from newsprism.reconcile.claims import extract_claims


def test_align_one_article_story_encodes_nothing(make_article, monkeypatch):
    encoded = []
    monkeypatch.setattr(embed, "encode_precise", lambda texts, **kw: encoded.extend(texts))
    a = make_article("a", ["The storm was very violent, it tore roofs off many houses.",
                           "The storm was very fierce and it tore the roofs off the houses."])
    units = extract_claims([a])
    assert len(units) == 2
    assert score_pairs(units) == []  # pairs are across articles only
    assert encoded == []
