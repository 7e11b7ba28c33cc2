import numpy as np
from builders import build_article

from newsprism.group.features import address_sentences, doc_features, group_rules, lead_index

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


def test_features_address_sentences_counts_the_pieces_of_a_page_address():
    rules = group_rules()
    assert address_sentences(build_article("a1", [*_ADDRESS, *_STORY]), rules) == 3
    # A fragment between two pieces is part of the address.
    pieces = ["http: / / articles.", "dailynews.", "com / 2013 / may / 03 / local / boxer - keeps - title\n"]
    assert address_sentences(build_article("a2", [*pieces, *_STORY]), rules) == 3
    assert address_sentences(build_article("a3", ["upi. com / Top _", *_STORY]), rules) == 1
    # Prose that only holds a slash date opens no address: nothing skipped.
    dated = ["On 9/11/2001 the towers fell in New York City.", *_STORY]
    assert address_sentences(build_article("a4", dated), rules) == 0
    assert address_sentences(build_article("a5", _STORY), rules) == 0
    # An article that is nothing but its address keeps its sentences.
    assert address_sentences(build_article("a6", _ADDRESS), rules) == 0


def test_features_the_address_is_not_read_as_words_names_dates_or_sentences():
    pieces = ["http: / / www. dailymail.", "co. uk / news / 2010 / boxer - keeps - title\n"]
    sentences = [*pieces, *_STORY]
    a = build_article("a1", sentences,
                      mentions=[(0, "dailymail", "PERSON"), (1, "2010", "DATE"), (3, "Manchester", "GPE")],
                      times=[{"sentence": 1, "text": "2010", "value": "2010", "precision": "year"}])
    rng = np.random.default_rng(3)
    a.embeddings = rng.normal(size=(len(sentences), 8)).astype(np.float32)
    f = doc_features(a)
    assert not f.entities and len(f.places) == 1  # the place of the story, not the site
    assert "2010" not in f.dates
    assert not {"http", "www", "dailymail", "uk"} & set(f.counts)
    assert "champion" in f.counts
    assert f.sentence_vectors is not None and len(f.sentence_vectors) == len(_STORY)
    assert f.sentence_text == _STORY
    body = np.asarray(a.embeddings[2:], dtype=np.float32)
    body /= np.linalg.norm(body, axis=1, keepdims=True)
    mean = body.mean(axis=0)
    assert np.allclose(f.semantic, mean / np.linalg.norm(mean), atol=1e-6)
    # The same article without its address gives the same words.
    plain = doc_features(build_article("a2", _STORY, mentions=[(1, "Manchester", "GPE")]))
    assert plain.counts == f.counts
