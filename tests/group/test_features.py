import numpy as np
from builders import build_article

from newsprism.group.features import doc_features, group_rules, lead_index

_ADDRESS = ["http: / / www.", "eastsideboxing.", "com / news / boxer - keeps - his - title\n"]
_STORY = ["Boxer keeps his title after twelve rounds", "The champion won on points in Manchester on Saturday.",
          "His challenger said he would ask for a rematch.", "The crowd of 20,000 booed the decision.",
          "Judges scored the fight 115-113 twice.", "The champion is unbeaten in 30 fights."]


def _with_vectors(sentences: list[str]):
    a = build_article("a1", sentences)
    rng = np.random.default_rng(7)
    a.embeddings = rng.normal(size=(len(sentences), 8)).astype(np.float32)
    return a


def test_features_lead_is_the_first_sentence_of_prose():
    rules = group_rules()
    assert lead_index(build_article("a1", _STORY), rules) == 0
    # A page's own address, cut into pieces by the sentence splitter, is not
    # its lead: the headline after it is.
    assert lead_index(build_article("a2", [*_ADDRESS, *_STORY]), rules) == 3
    assert lead_index(build_article("a3", ["upi. com / Top _", *_STORY]), rules) == 1
    # A one-word label ("LETTERS.") opens no lead either.
    assert lead_index(build_article("a4", ["LETTERS.", *_STORY]), rules) == 1


def test_features_an_article_with_no_prose_among_its_first_sentences_has_no_lead():
    rules = group_rules()
    residue = ["http: / / www.", "example.", "com / a / b\n", "print /\n", "html\n", "www. example. com / c / d"]
    assert lead_index(build_article("a1", [*residue, *_STORY]), rules) is None
    f = doc_features(_with_vectors([*residue, *_STORY]))
    assert f.lead is None


def test_features_lead_vector_is_the_prose_sentences_row():
    a = _with_vectors([*_ADDRESS, *_STORY])
    f = doc_features(a)
    row = np.asarray(a.embeddings[3], dtype=np.float32)
    assert f.lead is not None and np.allclose(f.lead, row / np.linalg.norm(row), atol=1e-6)
