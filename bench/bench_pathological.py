"""Cost of pathological articles: time and peak memory per stage as the input grows.

Each kind is an input the tool must survive without one article stalling or
exhausting the machine (issue 13):

- ``quote_said``: one long sentence packed with quotes and "said" cues;
- ``glued_token``: one word with no spaces (a scraper that lost them);
- ``quote_marks``: a run of quote marks, and ``parens``: a run of parentheses;
- ``dates``: dates packed into one long sentence.

For each kind and size the article goes through ingest (decode, clean,
repairs: ``build_article``) and analyze (spaCy, then each extractor, as
``analyze._from_doc`` runs them).  Printed per stage: seconds and peak
Python-allocated memory (tracemalloc, which also sees spaCy's and numpy's
allocations; it slows the run down about twofold, so read the growth from
one size to the next, not the absolute time).  Roughly linear cost means the
figures grow like the size; a quadratic stage grows like its square.

    python bench/bench_pathological.py                  # 5, 20, 80 KB
    python bench/bench_pathological.py --sizes 5 20     # quick mode (KB)
    python bench/bench_pathological.py --kinds dates
"""

from __future__ import annotations

import argparse
import time
import tracemalloc
from collections.abc import Callable
from typing import Any

__all__ = ["KINDS", "make_text", "stage_costs"]

_SAID = 'Officials said "the road is closed," the mayor said, and "we will wait," a resident said, '
_GLUED = "bombssaidofficialsclosedroadwaittoday"
_DATES = "on 3 March 2019, then 14 April 2020 and again on June 5, 2021, "


def make_text(kind: str, size: int) -> str:
    """A text of about ``size`` characters of the given pathological kind,
    with a normal headline and first sentence so that ingest keeps it."""
    lead = "Roads closed after the storm\n\nThe city closed three roads on Monday after a storm. "
    body = {
        "quote_said": _SAID,
        "glued_token": _GLUED,
        "quote_marks": '"',
        "parens": "(",
        "dates": _DATES,
    }[kind]
    n = max(1, (size - len(lead)) // len(body))
    tail = "." if kind != "glued_token" else " and then it rained."
    return lead + body * n + tail


KINDS = ("quote_said", "glued_token", "quote_marks", "parens", "dates")


def _measure(fn: Callable[[], Any]) -> tuple[Any, float, float]:
    tracemalloc.start()
    t0 = time.perf_counter()
    try:
        out = fn()
    except Exception as exc:  # noqa: BLE001 - a stage refusing the input is a result
        out = exc
    elapsed = time.perf_counter() - t0
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return out, elapsed, peak / 2**20


def stage_costs(text: str, *, config: Any = None) -> list[tuple[str, float, float, str]]:
    """(stage, seconds, peak MB, note) for ``text`` through ingest and analyze."""
    from newsprism.analyze import nlp as nlp_mod
    from newsprism.analyze.citations import extract_citations, resolve_quote_sources
    from newsprism.analyze.dates import extract_times
    from newsprism.analyze.embed import embed_sentences
    from newsprism.analyze.mentions import extract_mentions, sentence_index
    from newsprism.analyze.quantities import extract_quantities
    from newsprism.analyze.quotes import extract_quotes, find_attributions
    from newsprism.config import load_config
    from newsprism.errors import InputError
    from newsprism.ingest import build_article
    from newsprism.ingest.readers import RawDoc

    config = config or load_config(env={})
    rows: list[tuple[str, float, float, str]] = []
    doc_in = RawDoc(name="bench.txt", format="txt", raw_hash="0", text=text)
    article, t, m = _measure(lambda: build_article(doc_in, config=config))
    if isinstance(article, (InputError, Exception)):
        rows.append(("ingest", t, m, f"refused: {str(article)[:70]}"))
        return rows
    rows.append(("ingest", t, m, f"{len(article.text)} chars kept"))
    nlp = nlp_mod.load_nlp()
    doc, t, m = _measure(lambda: nlp_mod.parse(article.text, config=config))
    if isinstance(doc, Exception):
        rows.append(("spacy", t, m, f"refused: {str(doc)[:70]}"))
        return rows
    longest = max((len(s) for s in doc.sents), default=0)
    rows.append(("spacy", t, m, f"{len(doc)} tokens, longest sentence {longest} tokens"))
    del nlp
    sent_of = sentence_index(doc)
    for name, fn in [
        ("mentions", lambda: extract_mentions(doc, sent_of)),
        ("dates", lambda: extract_times(doc, None)),
        ("quantities", lambda: extract_quantities(doc)),
    ]:
        out, t, m = _measure(fn)
        rows.append((name, t, m, f"{len(out)} found" if isinstance(out, list) else f"failed: {out!r}"[:80]))
    attributions, t, m = _measure(lambda: find_attributions(doc))
    rows.append(("attributions", t, m, f"{len(attributions)} found" if isinstance(attributions, list) else "failed"))
    attributions = attributions if isinstance(attributions, list) else []
    quotes, t, m = _measure(lambda: extract_quotes(doc, attributions))
    rows.append(("quotes", t, m, f"{len(quotes)} found" if isinstance(quotes, list) else f"failed: {quotes!r}"[:80]))

    def cites() -> list[Any]:
        c = extract_citations(doc, attributions, outlet=None)
        if isinstance(quotes, list):
            resolve_quote_sources(quotes, c)
        return c

    out, t, m = _measure(cites)
    rows.append(("citations", t, m, f"{len(out)} found" if isinstance(out, list) else "failed"))
    texts = [s.text.strip() for s in doc.sents]
    out, t, m = _measure(lambda: embed_sentences(texts, config=config))
    rows.append(("embed", t, m, f"{len(texts)} sentences"))
    return rows


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[5, 20, 80], help="sizes in KB")
    parser.add_argument("--kinds", nargs="+", default=list(KINDS), choices=KINDS)
    args = parser.parse_args(argv)
    from newsprism.analyze.nlp import load_nlp

    load_nlp()  # model and word-list loading is not part of any article's cost
    stage_costs("Warm-up\n\nThe council met on Monday, the mayor said. It rained.")
    print(f"{'kind':<12} {'KB':>5} {'stage':<13} {'seconds':>8} {'peak MB':>8}  note")
    for kind in args.kinds:
        for kb in args.sizes:
            for stage, t, m, note in stage_costs(make_text(kind, kb * 1000)):
                print(f"{kind:<12} {kb:>5} {stage:<13} {t:>8.2f} {m:>8.1f}  {note}", flush=True)


if __name__ == "__main__":
    main()
