"""Which article derives from which: citation, shared agency, text reuse."""

from __future__ import annotations

from collections.abc import Sequence

from ..config import Config
from ..model import AnalyzedArticle, Derivation, Similarity

__all__ = ["derive", "independent_sources"]


def derive(
    analyzed: Sequence[AnalyzedArticle],
    *,
    config: Config | None = None,
    similarities: Sequence[Similarity] = (),
) -> list[Derivation]:
    """Derivation edges between the articles of one story.  (Interface stub.)"""
    return []


def independent_sources(article_ids: Sequence[str], derivations: Sequence[Derivation]) -> dict[str, str]:
    """Map each article to the root of its derivation family: articles that
    share a root count as one independent source.  (Interface stub: each
    article is its own source.)"""
    return {a: a for a in article_ids}
