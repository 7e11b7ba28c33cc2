"""Each picked sentence of an article as a spaCy doc of its own, read from
the parse analyze stored with the article (no second parse in reconcile).

The same docs as ``analyze.nlp.stored_sentence_docs`` (``Span.as_doc`` of
the sentence's span), built cheaper: ``Span.as_doc`` converts the whole
article's doc to an array on every call (``Doc.to_array``), so cutting an
article's sentences one by one cost its length once per sentence (8.7 of
151 profiled CPU s of reconcile on ECB+ 150).  Here the array is made once
per article and handed to ``as_doc``, which reads only the sentence's rows.
Kept in reconcile/ so that the analyzer's version (a hash of analyze/) and
every cached analysis stay as they are.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

__all__ = ["article_doc", "sentence_docs"]


def stored_doc(analyzed: Any) -> Any | None:
    """The parse analyze stored with an analysis as one spaCy doc, or None (no
    parse, or damaged bytes: the caller does without)."""
    import zlib

    from spacy.tokens import Doc

    from ..analyze.nlp import _PARSE_EXCLUDE, _parse_vocab

    data = getattr(analyzed, "parse", None)
    if not data:
        return None
    try:
        return Doc(_parse_vocab()).from_bytes(zlib.decompress(data), exclude=_PARSE_EXCLUDE)
    except (ValueError, zlib.error, KeyError):
        return None


def article_doc(analyzed: Any) -> Any | None:
    """The article's stored parse as one doc, or None (no parse, damaged
    bytes, or a parse of another text)."""
    doc = stored_doc(analyzed)
    return doc if doc is not None and doc.text == analyzed.article.text else None


def sentence_docs(items: Iterable[tuple[Any, int]]) -> list[Any]:
    """For each (analysis, sentence index) of ``items``, that sentence of the
    stored parse as a doc of its own (offsets relative to the sentence, as
    if the sentence had been parsed alone); None where the analysis has no
    stored parse or it does not match the sentence.  Each analysis is
    decoded and turned into an array once per call."""
    docs: dict[int, tuple[Any, Any, Any, list[tuple[int, int]]] | None] = {}
    out: list[Any] = []
    for analyzed, i in items:
        key = id(analyzed)
        if key not in docs:
            docs[key] = None
            doc = stored_doc(analyzed)  # None: damaged bytes or none stored, parse again, as without
            if doc is not None:
                head = doc._get_array_attrs()
                docs[key] = (doc, head, doc.to_array(head), [])
        held = docs[key]
        sent = analyzed.sentences[i] if 0 <= i < len(analyzed.sentences) else None
        span = held[0].char_span(sent.start, sent.end) if held is not None and sent is not None else None
        if span is None or span.text != sent.text:
            out.append(None)
            continue
        # as_doc rewrites the rows of its span in the array it is given (the
        # heads moved into the span, the first entity tag), from the doc's
        # own tokens: the same rows again get the same values, other rows
        # are not touched.  A span that overlaps one already cut (the
        # article's sentences never do) gets a copy of the array.
        lo, hi = span.start, span.end
        used = held[3]
        if all(e <= lo or s >= hi or (s, e) == (lo, hi) for s, e in used):
            used.append((lo, hi))
            out.append(span.as_doc(array_head=held[1], array=held[2]))
        else:
            out.append(span.as_doc(array_head=held[1], array=held[2].copy()))
    return out
