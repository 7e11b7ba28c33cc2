import dataclasses

import pytest


@pytest.fixture(scope="module")
def seed_analyses(seed_path):
    from newsprism.analyze import analyze_article
    from newsprism.config import load_config
    from newsprism.model import Article

    config = load_config()
    out = []
    for prefix in ("000", "001", "004"):
        path = seed_path(prefix)
        out.append(analyze_article(Article(id=prefix, path=str(path), text=path.read_text("utf-8")), config=config))
    return out


def test_parses_sentence_docs_equal_the_span_copies_of_analyze(seed_analyses):
    # The same docs, byte for byte, as analyze's Span.as_doc of each
    # sentence; sentences asked twice and out of order, each its own doc
    # (as_doc rewrites the rows it is given: no sentence sees another's).
    from newsprism.analyze.nlp import stored_sentence_docs
    from newsprism.reconcile.parses import sentence_docs

    items = [(a, i) for a in seed_analyses for i in range(len(a.sentences))]
    items += [items[3], items[0], items[3], items[-1]]
    old, new = stored_sentence_docs(items), sentence_docs(items)
    assert len(new) == len(items) > 20 and all(d is not None for d in new)
    assert [d.to_bytes() for d in new] == [d.to_bytes() for d in old]
    assert [[(t.text, t.dep_, t.head.i, t.ent_iob_, t.ent_type_, t.lemma_) for t in d] for d in new] == \
        [[(t.text, t.dep_, t.head.i, t.ent_iob_, t.ent_type_, t.lemma_) for t in d] for d in old]
    assert new[-4] is not new[-2] and new[-4].to_bytes() == new[-2].to_bytes()


def test_parses_overlapping_spans_each_see_the_doc_not_the_other_cut(seed_analyses):
    # as_doc moves the heads of a span's rows into the span: a span that
    # overlaps one already cut must not read those rows as rewritten.
    import zlib

    from spacy.tokens import Doc

    from newsprism.analyze.nlp import _PARSE_EXCLUDE, _parse_vocab, stored_sentence_docs
    from newsprism.reconcile.parses import sentence_docs

    a = seed_analyses[2]
    doc = Doc(_parse_vocab()).from_bytes(zlib.decompress(a.parse), exclude=_PARSE_EXCLUDE)
    first, second = list(doc.sents)[:2]
    across = doc[first.start + len(first) // 2: second.start + len(second) // 2]
    sents = [*a.sentences, dataclasses.replace(a.sentences[0], start=across.start_char, end=across.end_char,
                                               text=across.text)]
    b = dataclasses.replace(a, sentences=sents)
    items = [(b, 0), (b, 1), (b, len(sents) - 1), (b, 0)]
    new = sentence_docs(items)
    assert all(d is not None for d in new)
    assert [d.to_bytes() for d in new] == [d.to_bytes() for d in stored_sentence_docs(items)]


def test_parses_missing_damaged_or_mismatched_parse_gives_none(seed_analyses):
    from newsprism.reconcile.parses import sentence_docs

    a = seed_analyses[0]
    none = dataclasses.replace(a, parse=None)
    bad = dataclasses.replace(a, parse=b"not a parse")
    moved = dataclasses.replace(a, sentences=[dataclasses.replace(a.sentences[0], text="Not this sentence.")])
    assert sentence_docs([(none, 0), (bad, 0), (moved, 0), (a, len(a.sentences))]) == [None, None, None, None]
