"""Analyze: per article, sentences, entities, dates, quantities, quotes,
citations and embeddings.  Cached in the store by article id (the content
hash) and :data:`ANALYZER_VERSION`."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from ..config import Config, load_config
from ..model import AnalyzedArticle, Article, Mention, Sentence
from ..store import Store
from .nlp import load_nlp

__all__ = ["ANALYZER_VERSION", "analyze_article", "analyze_articles"]

# Bump when the output of analysis changes, so cached analyses are redone.
ANALYZER_VERSION = "0.1"


def analyze_article(article: Article, *, config: Config | None = None) -> AnalyzedArticle:
    nlp = load_nlp()
    doc = nlp(article.text)
    sentences = [Sentence(i, s.start_char, s.end_char, s.text) for i, s in enumerate(doc.sents)]
    sent_of = {}
    for i, s in enumerate(doc.sents):
        for t in range(s.start, s.end):
            sent_of[t] = i
    mentions = [Mention(e.text, e.label_, e.start_char, e.end_char, sent_of[e.start]) for e in doc.ents]
    return AnalyzedArticle(article=article, sentences=sentences, mentions=mentions,
                           analyzer_version=ANALYZER_VERSION)


def analyze_articles(
    articles: Sequence[Article],
    *,
    config: Config | None = None,
    store: Store | None = None,
    progress: Callable[[int], None] | None = None,
) -> list[AnalyzedArticle]:
    """Analyze every article, reusing cached analyses from ``store``."""
    config = config or load_config()
    out = []
    for article in articles:
        cached = store.analysis(article.id, ANALYZER_VERSION) if store is not None else None
        if cached is None:
            cached = analyze_article(article, config=config)
            if store is not None:
                store.put_analysis(cached)
        out.append(cached)
        if progress:
            progress(1)
    return out
