"""Analyze: per article, sentences, entities, dates, quantities, quotes,
citations and embeddings.  Cached in the store by article id (the content
hash) and the analyzer version.

Parallelism: uncached articles are cut into chunks and analyzed by a pool of
``analyze.processes`` worker processes (``spawn``, so safe under a web server
or a test runner with threads); each worker loads the models once.  Small
batches stay in the calling process, where starting workers would cost more
than it saves.  Results are written to the store in input order as chunks
finish, so a killed run keeps what it finished.

Isolation: an article that fails (a text over ingest.max_chars, an extractor
raising, a worker process dying under it) is marked failed in the store with
its stage and reason (:class:`Failure`) and left out of the result; every
other article goes on, and later commands skip it instead of failing again.
A new analyzer version retries it.
"""

from __future__ import annotations

import dataclasses
import logging
import os
import signal
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from ..config import AnalyzeSettings, Config, IngestSettings
from ..errors import E, NewsprismError, safe_text
from ..analysis_version import (ANALYZER_VERSION, _ANALYZE_DATA, _OUTPUT_SETTINGS,  # noqa: F401 - re-exported
                                analyzer_version)
from ..analysis_version import _settings as _version_settings
from ..model import AnalyzedArticle, Article, Sentence
from ..store import Store
from ..workers import stop_fork_server, worker_context
from .citations import extract_citations, resolve_quote_sources
from .dates import extract_times
from .embed import embed_sentences, precise_encoder
from .mentions import extract_lemmas, extract_mentions, sentence_index
from .nlp import SPACY_MODEL, load_nlp, parse, parse_bytes
from .quantities import extract_quantities
from .quotes import extract_quotes, find_attributions

__all__ = ["ANALYZER_VERSION", "Failure", "analyze_article", "analyze_articles", "analyzer_version"]

log = logging.getLogger(__name__)

# The analyzer version and what it reads live outside the package (a
# no-change re-run checks the version without importing the analyzer):
# newsprism/analysis_version.py.
_settings = _version_settings


def _guarded(step: str, article: Article, fn: Callable[[], list[Any]]) -> list[Any]:
    # Dates and quantities are separate steps: one failing on an odd article
    # must not lose the rest of its analysis.
    try:
        return fn()
    except Exception as exc:  # noqa: BLE001 - reported, and the batch goes on
        log.warning(E.E061.format(article=article.path or article.id, reason=f"{step}: {exc!r}"))
        return []


def _from_doc(article: Article, doc: Any, *, settings: AnalyzeSettings,
              ingest_settings: IngestSettings) -> AnalyzedArticle:
    sent_of = sentence_index(doc)
    sentences = [Sentence(i, s.start_char, s.end_char, s.text) for i, s in enumerate(doc.sents)]
    mentions = extract_mentions(doc, sent_of)
    times = _guarded("dates", article, lambda: extract_times(doc, article.published,
                                                                         date_order=ingest_settings.date_order.upper()))
    quantities = _guarded("quantities", article, lambda: extract_quantities(doc))
    attributions = find_attributions(doc)
    quotes = extract_quotes(doc, attributions)
    citations = extract_citations(doc, attributions, outlet=article.outlet)
    resolve_quote_sources(quotes, citations)
    return AnalyzedArticle(
        article=article,
        sentences=sentences,
        mentions=mentions,
        times=times,
        quantities=quantities,
        quotes=quotes,
        citations=citations,
        embeddings=embed_sentences([s.text.strip() for s in sentences], settings=settings),
        lemmas=extract_lemmas(doc),
        analyzer_version=analyzer_version(settings=settings, ingest_settings=ingest_settings),
        parse=parse_bytes(doc),
    )


@dataclass
class Failure:
    """An article whose analysis failed, and why (one line, safe to print)."""

    article: Article
    stage: str
    reason: str


_REASON_CHARS = 300


def _reason(exc: BaseException) -> str:
    text = " ".join(str(exc).split()) or type(exc).__name__
    if not isinstance(exc, NewsprismError):
        text = f"{type(exc).__name__}: {text}"
    return text[:_REASON_CHARS]


def analyze_article(article: Article, *, settings: AnalyzeSettings | None = None,
                    ingest_settings: IngestSettings | None = None, config: Config | None = None) -> AnalyzedArticle:
    """The full analysis of one article, in this process.  Raises on a
    failure (NewsprismError E062 for a text over ingest.max_chars)."""
    settings, ingest_settings = _settings(settings, ingest_settings, config)
    doc = parse(article.text, settings=settings, ingest_settings=ingest_settings)
    return _from_doc(article, doc, settings=settings, ingest_settings=ingest_settings)


def _one(article: Article, settings: AnalyzeSettings, ingest_settings: IngestSettings,
         doc: Any = None) -> AnalyzedArticle | Failure:
    stage = "parse"
    try:
        if doc is None:
            doc = parse(article.text, settings=settings, ingest_settings=ingest_settings)
        stage = "analyze"
        return _from_doc(article, doc, settings=settings, ingest_settings=ingest_settings)
    except (Exception, MemoryError, RecursionError) as exc:  # noqa: BLE001 - isolated: the batch goes on
        return Failure(article, stage, _reason(exc))


def _analyze_chunk(
    articles: Sequence[Article], settings: AnalyzeSettings, ingest_settings: IngestSettings, batch_size: int
) -> list[AnalyzedArticle | Failure]:
    # Texts parsed in pieces (over analyze.chunk_chars), or refused (over
    # ingest.max_chars), go through parse() one by one.
    size, limit = settings.chunk_chars, ingest_settings.max_chars
    fits = [a for a in articles if len(a.text) <= limit and (size <= 0 or len(a.text) <= size)]
    try:
        docs = dict(zip((a.id for a in fits), load_nlp(settings).pipe((a.text for a in fits), batch_size=batch_size)))
    except (Exception, MemoryError, RecursionError):  # noqa: BLE001 - one text broke the batch: one at a time
        docs = {}
    return [_one(a, settings, ingest_settings, docs.get(a.id)) for a in articles]


def _chunks(items: Sequence[Article], size: int) -> Iterator[Sequence[Article]]:
    for i in range(0, len(items), size):
        yield items[i : i + size]


def _die_with_parent(parent: int) -> None:
    """Make this worker die when the process that started it dies, even by
    kill -9 (which runs no clean-up): Linux's PR_SET_PDEATHSIG, and the
    parent's pid checked once set, in case it died in between.  Elsewhere a
    daemon thread polls the parent's pid.  (The signal comes when the
    parent's spawning thread ends; the pool lives inside one ``with`` block
    of that thread, so its workers are done by then anyway.)"""
    if sys.platform.startswith("linux"):
        try:
            import ctypes

            libc = ctypes.CDLL(None, use_errno=True)
            pr_set_pdeathsig = 1
            if libc.prctl(pr_set_pdeathsig, signal.SIGKILL, 0, 0, 0) == 0:
                if os.getppid() != parent:
                    os._exit(1)
                return
        except (OSError, AttributeError):
            pass
    import threading
    import time

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(1.0)
        os._exit(1)

    threading.Thread(target=watch, daemon=True, name="newsprism-parent-watch").start()


def _worker_init(parent: int | None = None, settings: AnalyzeSettings | None = None,
                 forked: bool = False) -> None:
    # Forked by the fork server (``forked``), this worker's parent is that
    # server, which exits when the process that started it does.
    if forked:
        _die_with_parent(os.getppid())
    elif parent is not None:
        _die_with_parent(parent)
    # Load the models once per worker, before the first chunk arrives.
    load_nlp(settings)
    if settings is not None:
        precise_encoder(settings.embedding_model).use_threads(settings.transformer_threads)


def _run(todo: Sequence[Article], *, settings: AnalyzeSettings,
         ingest_settings: IngestSettings) -> Iterator[list[AnalyzedArticle | Failure]]:
    processes = max(1, settings.processes)
    batch = max(1, settings.batch_size)
    if processes == 1 or len(todo) < max(2, settings.parallel_min_articles):
        for chunk in _chunks(todo, batch):
            yield _analyze_chunk(chunk, settings, ingest_settings, batch)
        return
    from concurrent.futures.process import BrokenProcessPool

    chunks = list(_chunks(todo, batch))
    broken: list[list[Article]] = []
    with _pool(processes, settings) as pool:
        futures = [pool.submit(_analyze_chunk, chunk, settings, ingest_settings, batch) for chunk in chunks]
        for chunk, f in zip(chunks, futures):
            try:
                yield f.result()
            except BrokenProcessPool:
                broken.append(chunk)
    # A pool is broken for good once one worker dies (out of memory, most
    # likely), so every chunk not done by then failed with it: each is run
    # again alone, one at a time, and only a chunk that kills its own worker
    # is marked failed (which of its articles did it is unknown).
    # A worker that dies before it is given anything says nothing of the
    # chunk (a worker that cannot start at all: every chunk would be marked
    # failed, and kept out of every later run): the rest is analysed here.
    while broken:
        with _pool(1, settings) as pool:
            try:
                pool.submit(_started).result()
            except BrokenProcessPool as exc:
                log.warning(E.E067.format(reason=exc or "no reason given"))
                for chunk in broken:
                    yield _analyze_chunk(chunk, settings, ingest_settings, batch)
                return
            while broken:
                chunk = broken.pop(0)
                try:
                    yield pool.submit(_analyze_chunk, chunk, settings, ingest_settings, batch).result()
                except BrokenProcessPool:
                    yield [Failure(a, "analyze", E.E064) for a in chunk]
                    break


def _started() -> bool:
    """A task that needs nothing: run first in a fresh pool, it tells a
    worker that cannot start from one that a chunk killed."""
    return True


# What an analyze worker imports before its first chunk, in the fork server
# (newsprism.workers): spaCy (torch with it) and the model's package, the
# static embedder's (model2vec's loader imports huggingface_hub) and the
# date parser's libraries.  Spawned, each worker imported them again: about
# 2.2 CPU s a worker (its start 2.6 -> 0.4 CPU s, one measurement each).
_WORKER_PRELOAD = ("newsprism.analyze", "spacy", "spacy.lang.en", "spacy.pipeline.factories", SPACY_MODEL,
                   "model2vec", "model2vec.persistence", "dateparser")


@contextmanager
def _pool(processes: int, settings: AnalyzeSettings) -> Iterator[Any]:
    """A pool of analyze workers (each loads the models once), forked from
    a fork server that imported their libraries, stopped with the pool."""
    from concurrent.futures import ProcessPoolExecutor

    context, parent = worker_context(_WORKER_PRELOAD)
    try:
        with ProcessPoolExecutor(max_workers=processes, mp_context=context, initializer=_worker_init,
                                 initargs=(parent, settings, parent is None)) as pool:
            yield pool
    finally:
        stop_fork_server(context)


def analyze_articles(
    articles: Sequence[Article],
    *,
    settings: AnalyzeSettings | None = None,
    ingest_settings: IngestSettings | None = None,
    config: Config | None = None,
    store: Store | None = None,
    progress: Callable[[int], None] | None = None,
    on_failure: Callable[[Failure], None] | None = None,
) -> list[AnalyzedArticle]:
    """Analyze every article, reusing cached analyses from ``store``; results
    in the order of ``articles``.  ``progress(n)`` is called as ``n`` more
    articles are done.

    An article that fails is left out of the result, marked failed in
    ``store`` (skipped by later calls under the same analyzer version) and
    passed to ``on_failure`` (by default, logged as a warning)."""
    settings, ingest_settings = _settings(settings, ingest_settings, config)
    precise_encoder(settings.embedding_model).use_threads(settings.transformer_threads)
    version = analyzer_version(settings=settings, ingest_settings=ingest_settings)
    done: dict[str, AnalyzedArticle] = {}
    todo: list[Article] = []
    seen: set[str] = set()
    cached_n = 0
    failed = store.failures(version) if store is not None else {}

    def report(failure: Failure) -> None:
        if on_failure:
            on_failure(failure)
        else:
            log.warning(safe_text(E.E063.format(article=failure.article.path or failure.article.id,
                                                stage=failure.stage, reason=failure.reason)))

    for article in articles:
        cached = store.analysis(article.id, version) if store is not None else None
        if cached is not None:
            done[article.id] = cached
            cached_n += 1
        elif article.id in failed:
            cached_n += 1
        elif article.id not in seen:
            todo.append(article)
            seen.add(article.id)
    if progress and cached_n:
        progress(cached_n)
    for results in _run(todo, settings=settings, ingest_settings=ingest_settings):
        for item in results:
            if isinstance(item, Failure):
                if store is not None:
                    store.mark_failed(item.article.id, stage=item.stage, reason=item.reason, version=version)
                report(item)
                continue
            if store is not None:
                store.put_analysis(item)
                # Kept in the store; reconcile reads it a story at a time, so
                # a corpus's parses are not all held in memory.
                item = dataclasses.replace(item, parse=None)
            done[item.article.id] = item
        if progress:
            progress(len(results))
    return [done[a.id] for a in articles if a.id in done]
