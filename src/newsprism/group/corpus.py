"""Corpus statistics of batch clustering, computed apart from the clustering.

Batch clustering (:func:`newsprism.group.cluster.cluster_batch`) weighs its
evidence by the corpus it is given: word and name rarities for the document
vectors (:func:`newsprism.group.features.reweight_for_corpus`), what counts
as rare evidence (:func:`newsprism.group.cluster.rare_vectors`), and how high
the corpus-weighted cosine bar stands (it grows with the corpus).  All of it
comes from two figures: the number of articles and how many of them give each
term (document frequency).

When a corpus is cut into blocks that are clustered apart (``newsprism
spark``), each block would take those figures from itself, and a block of a
few hundred articles holding a handful of big stories is not the corpus.
:class:`CorpusStats` carries them from the whole corpus into each block: the
counts add up, so they are a plain map-reduce over the articles
(:func:`article_terms`), and a block needs only the counts of its own terms.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from .features import DocFeatures

__all__ = ["CorpusStats", "article_terms", "corpus_stats"]


def article_terms(f: DocFeatures) -> set[str]:
    """The terms one article gives, as the corpus statistics count them:
    ``w:`` content words, ``p:`` places, ``e:`` other names, ``n:`` counts,
    ``d:`` dates (each once per article)."""
    terms = {"w:" + w for w in f.counts}
    terms.update("p:" + k for k in f.places)
    terms.update("e:" + k for k in f.entities)
    terms.update("n:" + k for k in f.numbers)
    terms.update("d:" + k for k in f.dates)
    return terms


@dataclass(frozen=True)
class CorpusStats:
    """Articles in a corpus and, per term, how many of them give it.

    ``df`` need only hold the terms given by two articles or more: every term
    asked about is given by the article that asks, so a term not in ``df``
    counts once.  That keeps a corpus's hapaxes (most of its vocabulary) out
    of what is shipped to each block."""

    articles: int
    df: Mapping[str, int] = field(default_factory=dict)

    def count(self, term: str) -> int:
        return max(1, int(self.df.get(term, 1)))

    def without(self, features: Iterable[DocFeatures]) -> CorpusStats:
        """The statistics with these articles (members of the corpus) taken
        out: the copies a block finds, since clustering counts only the texts
        they copy."""
        gone: Counter[str] = Counter()
        n = 0
        for f in features:
            n += 1
            gone.update(article_terms(f))
        if not n:
            return self
        df = dict(self.df)
        for t, c in gone.items():
            if t in df:
                df[t] -= c
        return CorpusStats(articles=max(0, self.articles - n), df=df)


def corpus_stats(features: Iterable[DocFeatures]) -> CorpusStats:
    """The statistics of these articles (one in-process pass; the Spark job
    computes the same with a map-reduce of :func:`article_terms`)."""
    df: Counter[str] = Counter()
    n = 0
    for f in features:
        n += 1
        df.update(article_terms(f))
    return CorpusStats(articles=n, df={t: c for t, c in df.items() if c >= 2})
