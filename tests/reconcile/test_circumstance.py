"""reconcile.circumstance: a reported quote's words end before a clause of
the writer's circumstance, read on a parse (hand-built here, as the stored
parse gives it)."""

from __future__ import annotations

from spacy.tokens import Doc

from newsprism.analyze.nlp import _parse_vocab
from newsprism.model import Quote
from newsprism.reconcile.circumstance import writers_clause_cut

# "Two pilots asked the council on Friday to reopen the canal, as new ferries enter service."
_RUN_ON = dict(
    words=["Two", "pilots", "asked", "the", "council", "on", "Friday", "to", "reopen", "the", "canal", ",", "as",
           "new", "ferries", "enter", "service", "."],
    spaces=[True, True, True, True, True, True, True, True, True, True, False, True, True, True, True, True, False,
            False],
    heads=[1, 2, 2, 4, 2, 2, 5, 8, 2, 10, 8, 2, 15, 14, 15, 2, 15, 2],
    deps=["nummod", "nsubj", "ROOT", "det", "dobj", "prep", "pobj", "aux", "xcomp", "det", "dobj", "punct", "mark",
          "amod", "nsubj", "advcl", "dobj", "punct"],
    tags=["CD", "NNS", "VBD", "DT", "NN", "IN", "NNP", "TO", "VB", "DT", "NN", ",", "IN", "JJ", "NNS", "VBP", "NN",
          "."])
# "Two pilots asked the council to reopen the canal, as new ferries enter service, and to dredge the harbour."
# (the parse hangs "and to dredge" on "enter")
_GOES_ON = dict(
    words=["Two", "pilots", "asked", "the", "council", "to", "reopen", "the", "canal", ",", "as", "new", "ferries",
           "enter", "service", ",", "and", "to", "dredge", "the", "harbour", "."],
    spaces=[True, True, True, True, True, True, True, True, False, True, True, True, True, True, False, True, True,
            True, True, True, False, False],
    heads=[1, 2, 2, 4, 2, 6, 2, 8, 6, 2, 13, 12, 13, 2, 13, 13, 13, 18, 13, 20, 18, 2],
    deps=["nummod", "nsubj", "ROOT", "det", "dobj", "aux", "xcomp", "det", "dobj", "punct", "mark", "amod", "nsubj",
          "advcl", "dobj", "punct", "cc", "aux", "conj", "det", "dobj", "punct"],
    tags=["CD", "NNS", "VBD", "DT", "NN", "TO", "VB", "DT", "NN", ",", "IN", "JJ", "NNS", "VBP", "NN", ",", "CC", "TO",
          "VB", "DT", "NN", "."])
# "The mayor said the bridge would reopen, as expected."
_NO_SUBJECT = dict(
    words=["The", "mayor", "said", "the", "bridge", "would", "reopen", ",", "as", "expected", "."],
    spaces=[True, True, True, True, True, True, False, True, True, False, False],
    heads=[1, 2, 2, 4, 6, 6, 2, 6, 9, 6, 2],
    deps=["det", "nsubj", "ROOT", "det", "nsubj", "aux", "ccomp", "punct", "mark", "advcl", "punct"],
    tags=["DT", "NN", "VBD", "DT", "NN", "MD", "VB", ",", "IN", "VBN", "."])


def _quote(parse: dict, first: str, last: str, *, direct: bool = False) -> tuple[Quote, Doc]:
    doc = Doc(_parse_vocab(), **parse)
    start = doc.text.index(first)
    end = doc.text.index(last) + len(last)
    return Quote(text=doc.text[start:end], sentence=0, speaker="x", direct=direct, start=start, end=end), doc


def test_circumstance_an_as_clause_with_its_own_subject_and_finite_verb_is_cut():
    q, doc = _quote(_RUN_ON, "the council", "service")
    assert writers_clause_cut(q, doc, doc.text) == "the council on Friday to reopen the canal"


def test_circumstance_no_cut_without_a_clause_of_the_writers_or_a_parse():
    q, doc = _quote(_NO_SUBJECT, "the bridge", "expected")
    assert writers_clause_cut(q, doc, doc.text) is None  # "as expected": no subject of its own
    q, doc = _quote(_RUN_ON, "the council", "service", direct=True)
    assert writers_clause_cut(q, doc, doc.text) is None  # a direct quote's words are the speaker's as written
    q, doc = _quote(_GOES_ON, "the council", "harbour")
    assert writers_clause_cut(q, doc, doc.text) is None  # the speaker's words may go on after the clause
    q, doc = _quote(_RUN_ON, "the council", "the canal, as new")
    assert writers_clause_cut(q, doc, doc.text) is None  # the quote ends before the clause does
    q, doc = _quote(_RUN_ON, "the council", "service")
    assert writers_clause_cut(q, None, doc.text) is None


def test_circumstance_the_story_lists_the_quote_without_the_writers_clause():
    import zlib

    from newsprism.analyze.nlp import _PARSE_EXCLUDE
    from newsprism.model import AnalyzedArticle, Article
    from newsprism.reconcile import shown_quotes

    q, doc = _quote(_RUN_ON, "the council", "service")
    a = AnalyzedArticle(article=Article(id="a", path="a.txt", text=doc.text), quotes=[q],
                        parse=zlib.compress(doc.to_bytes(exclude=_PARSE_EXCLUDE), 1))
    ((_, (listed,)),) = shown_quotes([a])
    assert listed.quote.text == "the council on Friday to reopen the canal"
    assert doc.text[listed.quote.start:listed.quote.end] == listed.quote.text
    # without the parse the words stay as analyze cut them
    ((_, (kept,)),) = shown_quotes([AnalyzedArticle(article=a.article, quotes=[q])])
    assert kept.quote.text == q.text
