"""bench/bench_speakers_polnear.py: a sampled quote is placed in its article by
the hash of its opening, so that a quote since split around its cue is still
found by span."""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_bench_speakers_polnear_finds_a_quote_opening_by_its_hash():
    sys.path.insert(0, str(ROOT))
    from bench.bench_speakers import _hash
    from bench.bench_speakers_polnear import _openings

    text = "Intro words here.  Many of the visitors were older,  she said, and they had to step back from it all."
    quote = "Many of the visitors were older, she said, and they had to step back"
    key = _hash(quote)
    ((found, (lo, hi)),) = _openings(text, {key, "000000000000"}).items()
    assert found == key and lo == text.index("Many")
    # The 40 characters of the opening once whitespace runs count as one.
    assert " ".join(text[lo:hi].split()) == " ".join(quote.split())[:40]


def test_bench_speakers_polnear_finds_a_quote_shorter_than_its_hash_window():
    sys.path.insert(0, str(ROOT))
    from bench.bench_speakers import _hash
    from bench.bench_speakers_polnear import _openings

    text = 'He said he would not "act like a puppy" and back the plan.'
    key = _hash("act like a puppy")
    assert _openings(text, {key}) == {key: (text.index("act"), text.index("act") + len("act like a puppy"))}
