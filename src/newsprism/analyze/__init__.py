"""Analyze: per article, sentences, entities, dates, quantities, quotes,
citations and embeddings.  Cached in the store by article id (the content
hash) and the analyzer version.

Parallelism: uncached articles are cut into chunks and analyzed by a pool of
``analyze.processes`` worker processes (``spawn``, so safe under a web server
or a test runner with threads); each worker loads the models once.  Small
batches stay in the calling process, where starting workers would cost more
than it saves.  Results are written to the store in input order as chunks
finish, so a killed run keeps what it finished.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator, Sequence
from typing import Any

from ..config import Config, load_config
from ..errors import E
from ..model import AnalyzedArticle, Article, Sentence
from ..store import Store
from .citations import extract_citations, resolve_quote_sources
from .dates import extract_times
from .embed import embed_sentences, embedding_mode
from .mentions import extract_lemmas, extract_mentions, sentence_index
from .nlp import load_nlp
from .quantities import extract_quantities
from .quotes import extract_quotes, find_attributions

__all__ = ["ANALYZER_VERSION", "analyze_article", "analyze_articles", "analyzer_version"]

log = logging.getLogger(__name__)

# Bump when the output of analysis changes, so cached analyses are redone.
ANALYZER_VERSION = "0.4"  # 0.4: quote speakers (issue 12)


def analyzer_version(config: Config | None = None) -> str:
    """The version analyses are cached under: the embedding mode is part of
    it, since vectors of different models cannot be compared."""
    mode = embedding_mode(config)
    return ANALYZER_VERSION if mode == "static" else f"{ANALYZER_VERSION}+{mode}"


def _guarded(step: str, article: Article, fn: Callable[[], list[Any]]) -> list[Any]:
    # Dates and quantities are separate steps: one failing on an odd article
    # must not lose the rest of its analysis.
    try:
        return fn()
    except Exception as exc:  # noqa: BLE001 - reported, and the batch goes on
        log.warning(E.E061.format(article=article.path or article.id, reason=f"{step}: {exc!r}"))
        return []


def _from_doc(article: Article, doc: Any, *, config: Config | None) -> AnalyzedArticle:
    sent_of = sentence_index(doc)
    sentences = [Sentence(i, s.start_char, s.end_char, s.text) for i, s in enumerate(doc.sents)]
    mentions = extract_mentions(doc, sent_of)
    times = _guarded("dates", article, lambda: extract_times(doc, article.published))
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
        embeddings=embed_sentences([s.text.strip() for s in sentences], config=config),
        lemmas=extract_lemmas(doc),
        analyzer_version=analyzer_version(config),
    )


def analyze_article(article: Article, *, config: Config | None = None) -> AnalyzedArticle:
    """The full analysis of one article, in this process."""
    return _from_doc(article, load_nlp()(article.text), config=config)


def _analyze_chunk(articles: Sequence[Article], config: Config | None, batch_size: int) -> list[AnalyzedArticle]:
    nlp = load_nlp()
    docs = nlp.pipe((a.text for a in articles), batch_size=batch_size)
    return [_from_doc(a, doc, config=config) for a, doc in zip(articles, docs)]


def _chunks(items: Sequence[Article], size: int) -> Iterator[Sequence[Article]]:
    for i in range(0, len(items), size):
        yield items[i : i + size]


def _worker_init() -> None:
    # Load the models once per worker, before the first chunk arrives.
    load_nlp()


def _run(todo: Sequence[Article], *, config: Config) -> Iterator[list[AnalyzedArticle]]:
    processes = max(1, int(config.get("analyze", "processes")))
    batch = max(1, int(config.get("analyze", "batch_size")))
    if processes == 1 or len(todo) < max(2, int(config.get("analyze", "parallel_min_articles"))):
        for chunk in _chunks(todo, batch):
            yield _analyze_chunk(chunk, config, batch)
        return
    import multiprocessing as mp
    from concurrent.futures import ProcessPoolExecutor

    ctx = mp.get_context("spawn")
    with ProcessPoolExecutor(max_workers=processes, mp_context=ctx, initializer=_worker_init) as pool:
        futures = [pool.submit(_analyze_chunk, chunk, config, batch) for chunk in _chunks(todo, batch)]
        for f in futures:
            yield f.result()


def analyze_articles(
    articles: Sequence[Article],
    *,
    config: Config | None = None,
    store: Store | None = None,
    progress: Callable[[int], None] | None = None,
) -> list[AnalyzedArticle]:
    """Analyze every article, reusing cached analyses from ``store``; results
    in the order of ``articles``.  ``progress(n)`` is called as ``n`` more
    articles are done."""
    config = config or load_config()
    version = analyzer_version(config)
    done: dict[str, AnalyzedArticle] = {}
    todo: list[Article] = []
    seen: set[str] = set()
    cached_n = 0
    for article in articles:
        cached = store.analysis(article.id, version) if store is not None else None
        if cached is not None:
            done[article.id] = cached
            cached_n += 1
        elif article.id not in seen:
            todo.append(article)
            seen.add(article.id)
    if progress and cached_n:
        progress(cached_n)
    for results in _run(todo, config=config):
        for analyzed in results:
            if store is not None:
                store.put_analysis(analyzed)
            done[analyzed.article.id] = analyzed
        if progress:
            progress(len(results))
    return [done[a.id] for a in articles]
