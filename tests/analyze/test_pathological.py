"""Pathological articles cost roughly linear time and bounded memory
(issue 13).  The inputs are bench/bench_pathological.py's, at modest sizes.

Not wall-clock limits (the machine is shared): the structural limits that
make the cost linear are checked (no sentence over
analyze.max_sentence_tokens, no token over analyze.max_token_chars, glued
tokens past the repair limit skipped), and the CPU time of a 4x larger input
must grow well below 16x, the square.
"""

from __future__ import annotations

import importlib.util
import time
from pathlib import Path

import pytest

from newsprism.config import load_config

ROOT = Path(__file__).resolve().parents[2]
_spec = importlib.util.spec_from_file_location("bench_pathological", ROOT / "bench" / "bench_pathological.py")
bench = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(bench)

CONFIG = load_config(env={})
SMALL, LARGE = 1500, 6000


def _cpu(fn) -> float:
    best = float("inf")
    for _ in range(2):  # the better of two: another job may take the core
        t0 = time.process_time()
        fn()
        best = min(best, time.process_time() - t0)
    return best


@pytest.mark.parametrize("kind", bench.KINDS)
def test_pathological_parse_is_bounded_and_linear(nlp, kind):
    from newsprism.analyze.dates import extract_times
    from newsprism.analyze.quantities import extract_quantities
    from newsprism.analyze.quotes import extract_quotes, find_attributions

    def run(size: int) -> None:
        doc = nlp(bench.make_text(kind, size))
        assert max(len(s) for s in doc.sents) <= int(CONFIG["analyze.max_sentence_tokens"])
        assert max(len(t.text) for t in doc) <= max(int(CONFIG["analyze.max_token_chars"]), 60)
        extract_times(doc, None)
        extract_quantities(doc)
        extract_quotes(doc, find_attributions(doc))

    small, large = _cpu(lambda: run(SMALL)), _cpu(lambda: run(LARGE))
    print(f"{kind}: {SMALL} chars {small:.2f} s, {LARGE} chars {large:.2f} s, x{large / max(small, 1e-3):.1f}")
    assert large < 9 * max(small, 0.01), f"{kind}: cost grows faster than linear ({small:.2f} s -> {large:.2f} s)"


def test_pathological_glued_token_repair_is_linear():
    from newsprism.ingest.repair import repair_text

    def run(size: int) -> None:
        repair_text(bench.make_text("glued_token", size), min_zipf=3.0, known_zipf=1.5)

    run(1000)  # wordfreq's table loads once
    small, large = _cpu(lambda: run(50_000)), _cpu(lambda: run(200_000))
    assert large < 9 * max(small, 0.01), (small, large)


def test_pathological_long_text_parsed_in_pieces_keeps_text_and_sentences(nlp):
    from newsprism.analyze.nlp import parse

    paragraph = ("The harbour of Kelby reopened on Friday after three weeks of repairs, the port authority said. "
                 "Fishing boats returned in the afternoon.")
    text = "Harbour reopens\n\n" + "\n\n".join([paragraph] * 12)
    whole = nlp(text)
    pieces = parse(text, config=CONFIG.replace(analyze__chunk_chars=400))
    assert pieces.text == text
    # Cut at line breaks: the same sentences and names as in one piece.
    assert [s.start_char for s in pieces.sents] == [s.start_char for s in whole.sents]
    assert [(e.start_char, e.label_) for e in pieces.ents] == [(e.start_char, e.label_) for e in whole.ents]


def test_pathological_text_over_the_limit_is_refused_with_the_setting_named():
    from newsprism.analyze.nlp import parse
    from newsprism.errors import NewsprismError

    with pytest.raises(NewsprismError, match="ingest.max_chars"):
        parse("word " * 100, config=CONFIG.replace(ingest__max_chars=50))
