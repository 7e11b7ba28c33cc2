"""Fuzzing (hypothesis) of what reads untrusted input: readers, decoding,
cleaning, date parsing at ingest, and the date and quantity extractors.

Each property is the contract the batch relies on: whatever the bytes, a
reader yields documents or InputErrors and never raises; decoding always
gives storable text; cleaning gives an Article or an InputError; the
extractors return lists.  Bounded: a fixed number of examples each, no
deadline (the machine is shared), no example database written.
"""

from __future__ import annotations

import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from newsprism.config import load_config
from newsprism.errors import InputError
from newsprism.ingest import build_article, ingest_bytes
from newsprism.ingest.decode import decode_bytes, normalize_text
from newsprism.ingest.metadata import parse_date
from newsprism.ingest.readers import FORMATS, RawDoc, read_document
from newsprism.model import Article

FUZZ = settings(max_examples=60, deadline=None, database=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
CONFIG = load_config(env={})

# Text that looks like news with the awkward parts mixed in: quote marks,
# brackets, dates, numbers, control characters, lone surrogates, long runs.
_PIECES = st.sampled_from([
    "The council said", " on 3 March 2019", ", ", ". ", '"', "\u201c", "\u201d", "(", ")", "\n", "\n\n",
    "12,000", " about 40 people", "\x00", "\x1b[2J", "\udfff", "\ud83d", "ééé", "\ufeff", "\r\n", "\t",
    "bombssaid", "2019-02-30", "31/02/2020", "yesterday", "U.S.", "\u2028", "a" * 300,
])
NEWSY = st.lists(st.one_of(_PIECES, st.text(max_size=20)), max_size=40).map("".join)

JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | NEWSY,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(
        st.sampled_from(["text", "title", "body", "date", "url", "source", "author", "articles", "x"]),
        inner, max_size=5),
    max_leaves=20,
)


def _encoded(text: str) -> bytes:
    return text.encode("utf-8", "surrogatepass")


RAW = st.one_of(
    st.binary(max_size=3000),
    NEWSY.map(_encoded),
    JSON_VALUES.map(lambda v: _encoded(json.dumps(v, ensure_ascii=False))),
    st.lists(JSON_VALUES.map(lambda v: json.dumps(v)), max_size=5).map(lambda ls: _encoded("\n".join(ls))),
)


@FUZZ
@given(data=RAW, fmt=st.sampled_from(FORMATS))
def test_fuzz_readers_yield_documents_or_errors(data, fmt):
    for item in read_document(data, f"fuzz.{fmt}", fmt, max_bytes=1 << 20):
        assert isinstance(item, (RawDoc, InputError))
        if isinstance(item, InputError):
            assert item.path and "\n" not in str(item)


@FUZZ
@given(data=st.binary(max_size=4000))
def test_fuzz_decoding_gives_storable_text(data):
    decoded = decode_bytes(data)
    text, _ = normalize_text(decoded.text)
    text.encode("utf-8")  # no lone surrogates: it can be stored and printed


@FUZZ
@given(text=NEWSY)
def test_fuzz_cleaning_gives_an_article_or_a_reason(text):
    out = build_article(RawDoc(name="fuzz.txt", format="txt", raw_hash="0", text=text), config=CONFIG)
    assert isinstance(out, (Article, InputError))


@FUZZ
@given(data=RAW, name=st.sampled_from(["u.txt", "u.json", "u.jsonl", "u.csv", "u.html", "u.warc", "u"]))
def test_fuzz_ingest_bytes_raises_only_input_errors(data, name):
    try:
        articles = ingest_bytes(data, name, config=CONFIG)
    except InputError:
        return
    for a in articles:
        a.text.encode("utf-8")
        a.path.encode("utf-8")


@FUZZ
@given(text=NEWSY, order=st.sampled_from(["DMY", "MDY"]))
def test_fuzz_parse_date_never_raises(text, order):
    out = parse_date(text, order=order)
    assert out is None or (isinstance(out[0], str) and isinstance(out[1], str))


@pytest.fixture(scope="module")
def nlp():
    from newsprism.analyze.nlp import load_nlp

    return load_nlp()


@settings(max_examples=40, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow,
                                                                                 HealthCheck.function_scoped_fixture])
@given(text=NEWSY.map(lambda t: t.replace("\udfff", "").replace("\ud83d", "")),
       published=st.sampled_from([None, "2019-03-04", "2020-02-29T10:00:00"]))
def test_fuzz_dates_and_quantities_extractors_return_lists(nlp, text, published):
    from newsprism.analyze.dates import extract_times
    from newsprism.analyze.quantities import extract_quantities

    doc = nlp(text)
    times = extract_times(doc, published)
    assert isinstance(times, list)
    assert isinstance(extract_quantities(doc, times=times), list)
