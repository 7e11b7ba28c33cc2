"""Group: near-duplicates, pairwise similarity, story clusters."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass, field

from ..config import Config, load_config
from ..model import AnalyzedArticle, Duplicate, Similarity, Story

__all__ = ["GroupResult", "group_articles"]


@dataclass
class GroupResult:
    stories: list[Story] = field(default_factory=list)
    similarities: list[Similarity] = field(default_factory=list)
    duplicates: list[Duplicate] = field(default_factory=list)


def group_articles(analyzed: Sequence[AnalyzedArticle], *, config: Config | None = None) -> GroupResult:
    """Batch grouping of a whole corpus.  (Walking skeleton: one story.)"""
    config = config or load_config()
    if not analyzed:
        return GroupResult()
    ids = [a.article.id for a in analyzed]
    sid = "s" + hashlib.sha256("".join(sorted(ids)).encode()).hexdigest()[:10]
    headline = analyzed[0].article.title or ""
    return GroupResult(stories=[Story(id=sid, articles=ids, headline=headline)])
